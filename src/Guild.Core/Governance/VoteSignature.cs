using Guild.Core.Claims;
using NBitcoin.Secp256k1;

namespace Guild.Core.Governance;

/// <summary>
/// Recovers the address that signed a 32-byte digest from a 65-byte <c>r ‖ s ‖ v</c> signature, as <c>ecrecover</c>
/// does, with EIP-2's rule that <c>s</c> is in the lower half of the curve order (so no second, malleated signature of
/// the same vote exists). Pure arithmetic on NBitcoin.Secp256k1 (a port of libsecp256k1), safe to run in parallel.
/// </summary>
public static class VoteSignature
{
    /// <summary>Parses 0x-prefixed hex of exactly 65 bytes; null when it is anything else.</summary>
    public static byte[]? Parse(string? hex)
    {
        if (hex is null)
        {
            return null;
        }
        var span = hex.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }
        if (span.Length != 130)
        {
            return null;
        }
        var bytes = new byte[65];
        return Convert.FromHexString(span, bytes, out _, out _) == System.Buffers.OperationStatus.Done ? bytes : null;
    }

    /// <summary>The signer's lower-case address, or null when the bytes are no valid signature of anyone.</summary>
    public static string? Recover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        Span<byte> address = stackalloc byte[20];
        return TryRecover(digest, signature, address) ? "0x" + Convert.ToHexStringLower(address) : null;
    }

    /// <summary>Writes the signer's 20-byte address; false when the bytes are no valid (low-s) signature.</summary>
    public static bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, Span<byte> address)
    {
        if (signature.Length != 65 || digest.Length != 32)
        {
            return false;
        }
        var v = signature[64];
        var recoveryId = v >= 27 ? v - 27 : v;
        if (recoveryId is < 0 or > 1)
        {
            return false;
        }
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature[..64], recoveryId, out var recoverable) || recoverable is null)
        {
            return false;
        }
        var (r, s, _) = recoverable;
        if (r.IsZero || s.IsZero || s.IsHigh)
        {
            return false;
        }
        if (!ECPubKey.TryRecover(Context.Instance, recoverable, digest, out var publicKey) || publicKey is null)
        {
            return false;
        }
        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(false, uncompressed, out _);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(uncompressed[1..], hash);
        hash[12..].CopyTo(address);
        return true;
    }

    /// <summary>Lower-case hex of the signature, 0x-prefixed, as stored and exported.</summary>
    public static string ToHex(ReadOnlySpan<byte> signature) => "0x" + Convert.ToHexStringLower(signature);
}
