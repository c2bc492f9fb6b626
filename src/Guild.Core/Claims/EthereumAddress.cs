using System.Text;

namespace Guild.Core.Claims;

/// <summary>Checks and normalises account addresses: <c>0x</c> and 40 hex digits, kept in lower case.</summary>
public static class EthereumAddress
{
    /// <summary>The zero address: tokens sent there are burnt, and an ERC-20 refuses to pay it, so it is never a wallet.</summary>
    public const string Zero = "0x0000000000000000000000000000000000000000";

    /// <summary>
    /// Returns the lower-case form of <paramref name="address"/>, or null when it is not an address. A mixed-case
    /// address must carry a valid EIP-55 checksum: a mistyped wallet would otherwise receive tokens nobody can claim.
    /// </summary>
    public static string? TryNormalize(string? address)
    {
        if (address is null || address.Length != 42 || !address.StartsWith("0x", StringComparison.Ordinal))
        {
            return null;
        }
        var digits = address.AsSpan(2);
        foreach (var ch in digits)
        {
            if (!char.IsAsciiHexDigit(ch))
            {
                return null;
            }
        }
        var lower = address.ToLowerInvariant();
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        if (hasUpper && hasLower && ToChecksum(lower) != address)
        {
            return null;
        }
        return lower;
    }

    public static string Normalize(string address) =>
        TryNormalize(address) ?? throw new FormatException($"'{address}' is not an address (or its EIP-55 checksum is wrong).");

    /// <summary>The EIP-55 mixed-case form of a lower-case address.</summary>
    public static string ToChecksum(string lowerAddress)
    {
        var hex = lowerAddress.AsSpan(2);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(Encoding.ASCII.GetBytes(hex.ToString()), hash);
        var result = new StringBuilder("0x", 42);
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            result.Append(nibble >= 8 ? char.ToUpperInvariant(hex[i]) : hex[i]);
        }
        return result.ToString();
    }

    /// <summary>Writes the address as an ABI word: 12 zero bytes, then its 20 bytes.</summary>
    internal static void WriteAbiWord(string lowerAddress, Span<byte> word)
    {
        word[..12].Clear();
        Convert.FromHexString(lowerAddress.AsSpan(2), word[12..32], out _, out _);
    }
}
