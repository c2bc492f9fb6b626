using System.Buffers.Binary;
using System.Numerics;

namespace Guild.Core.Claims;

/// <summary>
/// Ethereum's Keccak-256 (the original Keccak padding, not FIPS SHA3-256), allocation-free.
/// </summary>
/// <remarks>
/// Written here rather than taken from Nethereum.Util because Guild.Core stays free of chain libraries and a tree
/// over every account hashes three times per leaf plus once per node: Nethereum's digest allocates per call, this
/// one works on a stack state and the caller's spans. Tests pin it to known vectors and to Nethereum on random input.
/// </remarks>
public static class Keccak256
{
    private const int RateBytes = 136;
    private const int RateLanes = RateBytes / 8;

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    private static ReadOnlySpan<byte> Rho => [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

    private static ReadOnlySpan<byte> Pi => [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    /// <summary>Hashes <paramref name="data"/> into the 32 bytes of <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < 32)
        {
            throw new ArgumentException("Keccak-256 output needs 32 bytes.", nameof(output));
        }
        Span<ulong> state = stackalloc ulong[25];
        Absorb(state, data);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output[(i * 8)..], state[i]);
        }
    }

    /// <summary>Hashes <paramref name="data"/>.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<ulong> state = stackalloc ulong[25];
        Absorb(state, data);
        // Lanes are little-endian; Hash32 keeps big-endian words so that comparing words compares bytes.
        return new Hash32(
            BinaryPrimitives.ReverseEndianness(state[0]), BinaryPrimitives.ReverseEndianness(state[1]),
            BinaryPrimitives.ReverseEndianness(state[2]), BinaryPrimitives.ReverseEndianness(state[3]));
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= RateBytes)
        {
            for (var i = 0; i < RateLanes; i++)
            {
                state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]);
            }
            Permute(state);
            data = data[RateBytes..];
        }
        Span<byte> last = stackalloc byte[RateBytes];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= 0x01;
        last[RateBytes - 1] ^= 0x80;
        for (var i = 0; i < RateLanes; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(last[(i * 8)..]);
        }
        Permute(state);
    }

    private static void Permute(Span<ulong> a)
    {
        var rc = RoundConstants;
        var rho = Rho;
        var pi = Pi;
        for (var round = 0; round < 24; round++)
        {
            // θ
            var c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
            var c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
            var c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
            var c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
            var c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            for (var y = 0; y < 25; y += 5)
            {
                a[y] ^= d0;
                a[y + 1] ^= d1;
                a[y + 2] ^= d2;
                a[y + 3] ^= d3;
                a[y + 4] ^= d4;
            }

            // ρ and π
            var t = a[1];
            for (var i = 0; i < 24; i++)
            {
                int j = pi[i];
                var next = a[j];
                a[j] = BitOperations.RotateLeft(t, rho[i]);
                t = next;
            }

            // χ
            for (var y = 0; y < 25; y += 5)
            {
                var b0 = a[y];
                var b1 = a[y + 1];
                var b2 = a[y + 2];
                var b3 = a[y + 3];
                var b4 = a[y + 4];
                a[y] = b0 ^ (~b1 & b2);
                a[y + 1] = b1 ^ (~b2 & b3);
                a[y + 2] = b2 ^ (~b3 & b4);
                a[y + 3] = b3 ^ (~b4 & b0);
                a[y + 4] = b4 ^ (~b0 & b1);
            }

            // ι
            a[0] ^= rc[round];
        }
    }
}
