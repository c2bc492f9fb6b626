using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Guild.Core.Claims;

/// <summary>One leaf of a claims tree: an account and everything it has earned up to the tree's epoch.</summary>
public sealed record ClaimLeaf(string Account, BigInteger CumulativeWei, int TreeIndex);

/// <summary>
/// The cumulative claims tree of an epoch, byte-compatible with OpenZeppelin's <c>StandardMerkleTree</c> for
/// <c>["address", "uint256"]</c> (merkle-tree 1.x, default <c>sortLeaves: true</c>), so the root verifies in
/// <c>RewardsDistributor.claim</c> and the dump loads with <c>StandardMerkleTree.load</c>.
/// </summary>
/// <remarks>
/// Layout as in the npm package: leaf = keccak256(keccak256(abi.encode(account, amount))); leaves sorted by hash and
/// stored from the end of a 2n-1 array; node i = keccak256(sort(node 2i+1, node 2i+2)). Values are kept sorted by
/// address so the dump is canonical.
/// </remarks>
public sealed class ClaimsTree
{
    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    private readonly Hash32[] nodes;
    private readonly Dictionary<string, int> valueIndexByAccount;

    private ClaimsTree(Hash32[] nodes, ClaimLeaf[] values)
    {
        this.nodes = nodes;
        Values = values;
        valueIndexByAccount = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            valueIndexByAccount.Add(values[i].Account, i);
        }
    }

    public Hash32 Root => nodes[0];

    /// <summary>The leaves in address order, each with its index in <see cref="Nodes"/>.</summary>
    public IReadOnlyList<ClaimLeaf> Values { get; }

    /// <summary>Every node, root first, in the npm package's array layout.</summary>
    public ReadOnlySpan<Hash32> Nodes => nodes;

    /// <summary>Builds the tree over accounts with a positive cumulative amount; addresses must be distinct.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ClaimsTree Build(IEnumerable<KeyValuePair<string, BigInteger>> cumulativeByAccount)
    {
        ArgumentNullException.ThrowIfNull(cumulativeByAccount);
        var entries = new List<(string Account, BigInteger Amount)>();
        foreach (var (account, amount) in cumulativeByAccount)
        {
            if (amount.Sign < 0 || amount > MaxUint256)
            {
                throw new ArgumentOutOfRangeException(nameof(cumulativeByAccount), $"{account}: {amount} is not a uint256.");
            }
            if (!amount.IsZero)
            {
                var normalized = EthereumAddress.Normalize(account);
                if (normalized == EthereumAddress.Zero)
                {
                    throw new ArgumentException("The zero address cannot claim.", nameof(cumulativeByAccount));
                }
                entries.Add((normalized, amount));
            }
        }
        if (entries.Count == 0)
        {
            // The npm package refuses an empty tree too, and a zero root cannot be published.
            throw new ArgumentException("A claims tree needs at least one account with a positive amount.", nameof(cumulativeByAccount));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Account, b.Account));
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Account == entries[i - 1].Account)
            {
                throw new ArgumentException($"{entries[i].Account} appears twice.", nameof(cumulativeByAccount));
            }
        }

        var n = entries.Count;
        var leafHashes = new Hash32[n];
        Parallel.For(0, n, i => leafHashes[i] = LeafHash(entries[i].Account, entries[i].Amount));

        var byHash = new int[n];
        for (var i = 0; i < n; i++)
        {
            byHash[i] = i;
        }
        // Ties cannot happen between distinct accounts; the index keeps the sort total all the same.
        Array.Sort(byHash, (a, b) => leafHashes[a].CompareTo(leafHashes[b]) is var c && c != 0 ? c : a.CompareTo(b));

        var nodes = new Hash32[(2 * n) - 1];
        var values = new ClaimLeaf[n];
        for (var rank = 0; rank < n; rank++)
        {
            var valueIndex = byHash[rank];
            var treeIndex = nodes.Length - 1 - rank;
            nodes[treeIndex] = leafHashes[valueIndex];
            values[valueIndex] = new ClaimLeaf(entries[valueIndex].Account, entries[valueIndex].Amount, treeIndex);
        }
        for (var i = nodes.Length - 1 - n; i >= 0; i--)
        {
            nodes[i] = NodeHash(nodes[(2 * i) + 1], nodes[(2 * i) + 2]);
        }
        return new ClaimsTree(nodes, values);
    }

    /// <summary>The standard leaf: keccak256(bytes.concat(keccak256(abi.encode(account, amount)))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Hash32 LeafHash(string account, BigInteger amount)
    {
        Span<byte> encoded = stackalloc byte[64];
        EthereumAddress.WriteAbiWord(EthereumAddress.Normalize(account), encoded[..32]);
        encoded[32..].Clear();
        if (amount.Sign < 0 || !amount.TryWriteBytes(encoded[32..], out var written, isUnsigned: true, isBigEndian: true))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), $"{amount} is not a uint256.");
        }
        if (written < 32)
        {
            // TryWriteBytes writes from the left; an ABI word is right-aligned.
            encoded.Slice(32, written).CopyTo(encoded[(64 - written)..]);
            encoded.Slice(32, 32 - written).Clear();
        }
        Span<byte> inner = stackalloc byte[32];
        Keccak256.Hash(encoded, inner);
        return Keccak256.Hash(inner);
    }

    /// <summary>OpenZeppelin's commutative pair hash: keccak256 of the smaller node followed by the larger.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Hash32 NodeHash(Hash32 a, Hash32 b)
    {
        Span<byte> pair = stackalloc byte[64];
        if (a.CompareTo(b) <= 0)
        {
            a.WriteTo(pair);
            b.WriteTo(pair[32..]);
        }
        else
        {
            b.WriteTo(pair);
            a.WriteTo(pair[32..]);
        }
        return Keccak256.Hash(pair);
    }

    public bool Contains(string account) => EthereumAddress.TryNormalize(account) is { } a && valueIndexByAccount.ContainsKey(a);

    public ClaimLeaf LeafOf(string account) => Values[IndexOf(account)];

    /// <summary>The proof for <paramref name="account"/>, leaf to root, as <c>MerkleProof.verifyCalldata</c> takes it.</summary>
    public Hash32[] ProofOf(string account) => ProofAt(Values[IndexOf(account)].TreeIndex);

    /// <summary>The sibling path from the node at <paramref name="treeIndex"/> up to the root.</summary>
    public Hash32[] ProofAt(int treeIndex)
    {
        var length = 0;
        for (var i = treeIndex; i > 0; i = (i - 1) / 2)
        {
            length++;
        }
        var proof = new Hash32[length];
        var k = 0;
        for (var i = treeIndex; i > 0; i = (i - 1) / 2)
        {
            proof[k++] = nodes[(i % 2 == 1) ? i + 1 : i - 1];
        }
        return proof;
    }

    /// <summary>What the distributor checks: folding the proof over the leaf gives the root.</summary>
    public static bool Verify(Hash32 root, string account, BigInteger cumulativeWei, ReadOnlySpan<Hash32> proof)
    {
        var node = LeafHash(account, cumulativeWei);
        foreach (var sibling in proof)
        {
            node = NodeHash(node, sibling);
        }
        return node == root;
    }

    /// <summary>Writes the tree in the npm package's <c>standard-v1</c> dump format.</summary>
    public void WriteDump(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("format", "standard-v1");
        json.WriteStartArray("leafEncoding");
        json.WriteStringValue("address");
        json.WriteStringValue("uint256");
        json.WriteEndArray();
        json.WriteStartArray("tree");
        foreach (var node in nodes)
        {
            json.WriteStringValue(node.ToString());
            if (json.BytesPending > 1 << 20) json.Flush();
        }
        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (var value in Values)
        {
            json.WriteStartObject();
            json.WriteStartArray("value");
            json.WriteStringValue(value.Account);
            json.WriteStringValue(value.CumulativeWei.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndArray();
            json.WriteNumber("treeIndex", value.TreeIndex);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 20) json.Flush();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private int IndexOf(string account) =>
        EthereumAddress.TryNormalize(account) is { } a && valueIndexByAccount.TryGetValue(a, out var index)
            ? index
            : throw new KeyNotFoundException($"{account} is not in the tree.");
}
