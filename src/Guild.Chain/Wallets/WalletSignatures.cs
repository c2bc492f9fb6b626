using System.Text;
using System.Text.RegularExpressions;
using Guild.Core.Claims;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace Guild.Chain.Wallets;

/// <summary>What checking a signature of a message against an account found.</summary>
/// <param name="Valid">The account signed the message.</param>
/// <param name="Malformed">The signature is not hex bytes of a plausible length at all.</param>
/// <param name="Recovered">For a 65-byte signature, the account ecrecover names (lower-case), or null.</param>
/// <param name="Contract">The account has code: a contract wallet, asked under EIP-1271.</param>
public sealed record SignatureCheck(bool Valid, bool Malformed, string? Recovered, bool Contract);

/// <summary>
/// Checks that an account signed a personal message (EIP-191), for externally owned accounts and contract wallets
/// alike: a 65-byte signature whose ecrecover names the account is valid; otherwise, when the account has code (a Safe,
/// any smart wallet), the contract itself is asked on-chain with EIP-1271's <c>isValidSignature(hash, signature)</c>
/// and the signature is valid when it answers the magic value <c>0x1626ba7e</c>. A revert or any other answer is a no.
/// </summary>
public sealed partial class WalletSignatures(ChainConnection chain)
{
    /// <summary>Safe signatures grow by 65 bytes per owner, plus contract signatures; far below this.</summary>
    public const int MaxSignatureBytes = 4096;

    // A contract asked to check a signature runs at most this much gas: a contract wallet needs far less, and a hostile
    // one cannot make the portal wait on an endless call.
    private static readonly HexBigInteger CallGas = new(2_000_000);

    public async Task<SignatureCheck> CheckAsync(string message, string lowerAddress, string? signature, CancellationToken cancellationToken)
    {
        var hex = signature?.Trim();
        if (hex is null || !SignatureHex().IsMatch(hex) || (hex.Length - (hex.StartsWith("0x", StringComparison.Ordinal) ? 2 : 0)) / 2 > MaxSignatureBytes)
        {
            return new SignatureCheck(false, true, null, false);
        }
        var bytes = Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex.AsSpan(2) : hex);
        var recovered = bytes.Length == 65 ? Recover(message, bytes) : null;
        if (recovered == lowerAddress)
        {
            return new SignatureCheck(true, false, recovered, false);
        }
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var code = await web3.Eth.GetCode.SendRequestAsync(lowerAddress);
        if (string.IsNullOrEmpty(code) || code == "0x")
        {
            return new SignatureCheck(false, bytes.Length != 65 || recovered is null, recovered, false);
        }
        var call = new IsValidSignatureFunction { Hash = PersonalMessageHash(message), Signature = bytes };
        string answer;
        try
        {
            answer = await web3.Eth.Transactions.Call.SendRequestAsync(
                new CallInput(call.GetCallData().ToHex(true), lowerAddress) { Gas = CallGas }, BlockParameter.CreateLatest());
        }
        catch (Exception e) when (e is RpcResponseException or SmartContractRevertException)
        {
            return new SignatureCheck(false, false, recovered, true); // a revert is a refusal
        }
        // bytes4 is returned left-aligned in a 32-byte word.
        var valid = answer is { Length: 66 } && answer.StartsWith("0x1626ba7e", StringComparison.OrdinalIgnoreCase);
        return new SignatureCheck(valid, false, recovered, true);
    }

    /// <summary>The EIP-191 hash a wallet signs for <c>personal_sign</c>: keccak256("\x19Ethereum Signed Message:\n" + length + message).</summary>
    public static byte[] PersonalMessageHash(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var prefix = Encoding.UTF8.GetBytes($"\u0019Ethereum Signed Message:\n{body.Length}");
        var hash = new byte[32];
        Keccak256.Hash([.. prefix, .. body], hash);
        return hash;
    }

    private static string? Recover(string message, byte[] signature)
    {
        try
        {
            return EthereumAddress.TryNormalize(new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, "0x" + Convert.ToHexStringLower(signature)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Pure arithmetic on bytes the client chose: whatever the curve library throws (not a point on the curve, a bad
            // recovery id, r or s out of range) means these bytes are no signature of anyone.
            return null;
        }
    }

    [GeneratedRegex("^(0x)?([0-9a-fA-F]{2})+$")]
    private static partial Regex SignatureHex();

    /// <summary>EIP-1271's one function, which every contract wallet implements.</summary>
    [Function("isValidSignature", "bytes4")]
    private sealed class IsValidSignatureFunction : FunctionMessage
    {
        [Parameter("bytes32", "hash", 1)]
        public byte[] Hash { get; set; } = [];

        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];
    }
}
