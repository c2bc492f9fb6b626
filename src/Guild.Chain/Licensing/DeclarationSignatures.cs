using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace Guild.Chain.Licensing;

/// <summary>
/// Checks a revenue declaration's signature the way the registry does (OpenZeppelin's
/// <c>SignatureChecker.isValidSignatureNowCalldata</c>), so the portal never stores a declaration the chain would refuse:
/// a company without code must have made a 65-byte ECDSA signature (v 27 or 28, s in the lower half of the curve order)
/// that recovers to it; a company with code (a Safe, any contract wallet) is asked under ERC-1271 and must answer the
/// magic value.
/// </summary>
public sealed class DeclarationSignatures(ChainConnection chain)
{
    /// <summary>Half the secp256k1 order: OpenZeppelin refuses larger s (malleable signatures).</summary>
    private static readonly BigInteger HalfOrder = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

    private static readonly HexBigInteger CallGas = new(2_000_000);

    public async Task<bool> IsValidAsync(string company, byte[] digest, byte[] signature, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var code = await web3.Eth.GetCode.SendRequestAsync(company);
        if (string.IsNullOrEmpty(code) || code == "0x")
        {
            return string.Equals(Recover(digest, signature), company, StringComparison.OrdinalIgnoreCase);
        }
        var call = new IsValidSignatureFunction { Hash = digest, Signature = signature };
        try
        {
            var answer = await web3.Eth.Transactions.Call.SendRequestAsync(
                new CallInput(call.GetCallData().ToHex(true), company) { Gas = CallGas }, BlockParameter.CreateLatest());
            return answer is { Length: 66 } && answer.StartsWith("0x1626ba7e", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is RpcResponseException or SmartContractRevertException)
        {
            return false; // a revert is a refusal
        }
    }

    /// <summary>OpenZeppelin's <c>ECDSA.tryRecover</c>: the lower-case signer, or null for anything it refuses.</summary>
    public static string? Recover(byte[] digest, byte[] signature)
    {
        if (signature.Length != 65 || signature[64] is not (27 or 28))
        {
            return null;
        }
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        if (s > HalfOrder)
        {
            return null;
        }
        try
        {
            var components = EthECDSASignatureFactory.FromComponents(signature[..32], signature[32..64], signature[64]);
            return EthECKey.RecoverFromSignature(components, digest).GetPublicAddress().ToLowerInvariant();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Bytes the client chose that are no point on the curve (r out of range, no recovery): nobody's signature.
            return null;
        }
    }

    [Function("isValidSignature", "bytes4")]
    private sealed class IsValidSignatureFunction : FunctionMessage
    {
        [Parameter("bytes32", "hash", 1)]
        public byte[] Hash { get; set; } = [];

        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];
    }
}
