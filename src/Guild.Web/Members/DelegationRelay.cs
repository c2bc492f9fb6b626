using System.Buffers.Binary;
using System.Text;
using Guild.Chain;
using Guild.Chain.Deployment;
using Guild.Chain.Transactions;
using Guild.Chain.Voting;
using Guild.Core;
using Guild.Core.Claims;
using Guild.Core.Governance;
using Escrow = Guild.Chain.Contracts.VoteEscrow;

namespace Guild.Web.Members;

/// <summary>
/// Delegation by signature: a member signs the VoteEscrow's EIP-712 <c>Delegation(delegatee, nonce, expiry)</c> in the
/// browser and the portal sends <c>delegateBySig</c>, paying the gas. Only the signed-in member's own wallet's
/// signatures are relayed (checked here before any gas is spent); the escrow checks the signature, nonce and expiry again.
/// </summary>
public sealed class DelegationRelay(ChainConnection chain, DeployedContracts contracts, EscrowReader escrow, TransactionSender sender, TimeProvider time)
{
    private static readonly byte[] DelegationTypeHash = Keccak("Delegation(address delegatee,uint256 nonce,uint256 expiry)"u8);
    private static readonly byte[] DomainTypeHash = Keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8);

    public async Task<Outcome<string>> SendAsync(string? wallet, string? delegatee, long expiry, string? signatureHex, CancellationToken cancellationToken)
    {
        if (wallet is null)
        {
            return new NoWalletError();
        }
        if (EthereumAddress.TryNormalize(delegatee) is not { } to)
        {
            return new DelegationSignatureError("the delegate is not an address");
        }
        if (expiry <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return new DelegationSignatureError("the signature has expired; sign again");
        }
        if (VoteSignature.Parse(signatureHex) is not { } signature)
        {
            return new DelegationSignatureError("the signature is not 65 bytes of hex");
        }
        var address = EthereumAddress.Normalize(await contracts.AddressAsync("VoteEscrow", cancellationToken));
        var nonce = (await escrow.StandingAsync(wallet, cancellationToken)).Nonce;
        var digest = Digest(await chain.GetChainIdAsync(cancellationToken), address, to, (ulong)nonce, (ulong)expiry);
        if (VoteSignature.Recover(digest, signature) != wallet)
        {
            return new DelegationSignatureError($"it is not {wallet}'s signature of this delegation (nonce {nonce})");
        }
        try
        {
            await sender.SendAsync($"delegate-by-sig:{wallet}:{nonce}", address, new Escrow.DelegateBySigFunction
            {
                Delegatee = to,
                NonceArgument = nonce,
                Expiry = expiry,
                V = signature[64],
                R = signature[..32],
                S = signature[32..64],
            }, cancellationToken);
        }
        catch (ContractRevertedException e)
        {
            return new DelegationSignatureError($"the escrow refused it ({e.ErrorName})");
        }
        return to;
    }

    private static byte[] Digest(long chainId, string escrow, string delegatee, ulong nonce, ulong expiry)
    {
        var domain = new byte[5 * 32];
        DomainTypeHash.CopyTo(domain, 0);
        Keccak256.Hash("VoteEscrow"u8, domain.AsSpan(32, 32));
        Keccak256.Hash("1"u8, domain.AsSpan(64, 32));
        BinaryPrimitives.WriteUInt64BigEndian(domain.AsSpan(96 + 24), (ulong)chainId);
        Convert.FromHexString(escrow.AsSpan(2)).CopyTo(domain.AsSpan(128 + 12));
        var message = new byte[4 * 32];
        DelegationTypeHash.CopyTo(message, 0);
        Convert.FromHexString(delegatee.AsSpan(2)).CopyTo(message.AsSpan(32 + 12));
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(64 + 24), nonce);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(96 + 24), expiry);
        var outer = new byte[66];
        outer[0] = 0x19;
        outer[1] = 0x01;
        Keccak256.Hash(domain, outer.AsSpan(2, 32));
        Keccak256.Hash(message, outer.AsSpan(34, 32));
        return Keccak(outer);
    }

    private static byte[] Keccak(ReadOnlySpan<byte> data)
    {
        var hash = new byte[32];
        Keccak256.Hash(data, hash);
        return hash;
    }
}
