using System.Security.Cryptography;
using Guild.Core.Claims;
using NBitcoin.Secp256k1;

namespace Guild.Benchmarks;

/// <summary>Fresh secp256k1 keys and their Ethereum addresses, for signing benchmark votes (libsecp256k1's C# port).</summary>
internal static class BenchKeys
{
    public static (ECPrivKey Key, string Address) New()
    {
        Span<byte> secret = stackalloc byte[32];
        ECPrivKey? key;
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!ECPrivKey.TryCreate(secret, out key) || key is null);
        Span<byte> uncompressed = stackalloc byte[65];
        key.CreatePubKey().WriteToSpan(false, uncompressed, out _);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(uncompressed[1..], hash);
        return (key, "0x" + Convert.ToHexStringLower(hash[12..]));
    }
}
