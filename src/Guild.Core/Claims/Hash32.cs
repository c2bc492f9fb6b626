using System.Buffers.Binary;
using System.Globalization;

namespace Guild.Core.Claims;

/// <summary>A 32-byte hash (bytes32), held as four big-endian words so that ordering by words is ordering by bytes.</summary>
public readonly record struct Hash32(ulong W0, ulong W1, ulong W2, ulong W3) : IComparable<Hash32>
{
    public static Hash32 Zero => default;

    public static Hash32 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"A bytes32 has 32 bytes, not {bytes.Length}.", nameof(bytes));
        }
        return new Hash32(
            BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Parses <c>0x</c> followed by 64 hex digits (either case).</summary>
    public static Hash32 Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 66 || !hex.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException($"Expected 0x and 64 hex digits: '{hex}'.");
        }
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 32; i++)
        {
            bytes[i] = byte.Parse(hex.AsSpan(2 + (2 * i), 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        return FromBytes(bytes);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    public int CompareTo(Hash32 other)
    {
        var c = W0.CompareTo(other.W0);
        if (c != 0) return c;
        c = W1.CompareTo(other.W1);
        if (c != 0) return c;
        c = W2.CompareTo(other.W2);
        return c != 0 ? c : W3.CompareTo(other.W3);
    }

    /// <summary>Lower-case <c>0x</c>-prefixed hex, as ethers and @openzeppelin/merkle-tree print it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }
}
