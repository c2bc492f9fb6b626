using System.Security.Cryptography;
using System.Text.Json;
using Guild.Core.Claims;
using static Guild.Core.Allocation.CanonicalJson;

namespace Guild.Core.Allocation;

/// <summary>
/// The snapshot's JSON format (<c>guild-epoch-snapshot/1</c>, described in docs/allocation.md). The writer is
/// canonical: compact, properties in a fixed order, every list sorted by its key, wallets in lower case. The snapshot
/// hash is SHA-256 over those bytes, so it does not depend on the order the job happened to read rows in, and a file
/// the job wrote hashes with plain <c>sha256sum</c> to the value its report records.
/// </summary>
public static class EpochSnapshotJson
{
    public const string Format = "guild-epoch-snapshot/1";

    public static Hash32 Hash(EpochSnapshot snapshot)
    {
        using var hasher = new HashingStream();
        Write(snapshot, hasher);
        return hasher.Finish();
    }

    public static void Write(EpochSnapshot snapshot, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Compact);
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("epoch", snapshot.Epoch);
        json.WriteBoolean("genesis", snapshot.Genesis);
        json.WriteString("asOf", Instant(snapshot.AsOf));
        if (snapshot.VestingStart is { } vestingStart)
        {
            json.WriteString("vestingStart", Instant(vestingStart));
        }
        else
        {
            json.WriteNull("vestingStart");
        }
        json.WriteString("budgetWei", Wei(snapshot.BudgetWei));
        json.WriteNumber("capPpm", snapshot.CapPpm);
        json.WriteString("minimumPayoutWei", Wei(snapshot.MinimumPayoutWei));
        json.WritePropertyName("weights");
        WeightSetJson.Write(snapshot.Weights, json);
        json.WriteString("weightsHash", WeightSetJson.Hash(snapshot.Weights).ToString());

        json.WriteStartArray("contributors");
        foreach (var c in snapshot.Contributors.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("id", c.Id);
            json.WriteStartArray("identities");
            foreach (var identity in c.Identities.Distinct().Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(identity);
            }
            json.WriteEndArray();
            WriteNullable(json, "wallet", c.Wallet is null ? null : EthereumAddress.TryNormalize(c.Wallet) ?? c.Wallet);
            WriteNullable(json, "exclusion", c.Exclusion);
            json.WriteEndObject();
            CanonicalJson.FlushIfFull(json);
        }
        json.WriteEndArray();

        json.WriteStartArray("contributions");
        foreach (var c in snapshot.Contributions.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("id", c.Id);
            json.WriteString("type", c.Type.Name());
            json.WriteString("repository", c.Repository);
            json.WriteString("createdAt", Instant(c.CreatedAt));
            json.WriteNumber("size", c.Size);
            json.WriteBoolean("flagged", c.Flagged);
            WriteNullable(json, "title", c.Title);
            json.WriteEndObject();
            CanonicalJson.FlushIfFull(json);
        }
        json.WriteEndArray();

        json.WriteStartArray("edges");
        foreach (var e in CanonicalEdgeOrder(snapshot))
        {
            json.WriteStartObject();
            json.WriteString("type", e.Type.Name());
            json.WriteString("source", e.Source);
            json.WriteString("target", e.Target);
            json.WriteEndObject();
            CanonicalJson.FlushIfFull(json);
        }
        json.WriteEndArray();

        json.WriteStartArray("balances");
        foreach (var b in snapshot.Balances.OrderBy(b => b.Contributor, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("contributor", b.Contributor);
            json.WriteString("carriedWei", Wei(b.CarriedWei));
            json.WriteString("genesisEntitlementWei", Wei(b.GenesisEntitlementWei));
            json.WriteString("genesisReleasedWei", Wei(b.GenesisReleasedWei));
            json.WriteEndObject();
            CanonicalJson.FlushIfFull(json);
        }
        json.WriteEndArray();

        json.WriteStartArray("cumulative");
        foreach (var a in snapshot.Cumulative.Select(a => a with { Account = EthereumAddress.TryNormalize(a.Account) ?? a.Account })
                     .OrderBy(a => a.Account, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("account", a.Account);
            json.WriteString("cumulativeWei", Wei(a.CumulativeWei));
            json.WriteEndObject();
            CanonicalJson.FlushIfFull(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads a snapshot; a <c>weightsHash</c> that does not match the weights is an error, not a warning.</summary>
    public static EpochSnapshot Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        var format = String(Required(root, "format", "$"), "$.format");
        if (format != Format)
        {
            throw new FormatException($"$.format is '{format}'; this reader understands '{Format}'.");
        }

        var weights = WeightSetJson.Read(Required(root, "weights", "$"), "$.weights");
        if (Optional(root, "weightsHash") is { } declared)
        {
            var actual = WeightSetJson.Hash(weights);
            if (!string.Equals(String(declared, "$.weightsHash"), actual.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"$.weightsHash is {declared.GetString()}, but the weights hash to {actual}.");
            }
        }

        var contributors = new List<SnapshotContributor>();
        var i = 0;
        foreach (var c in Array(Required(root, "contributors", "$"), "$.contributors"))
        {
            var at = $"$.contributors[{i++}]";
            contributors.Add(new SnapshotContributor(
                String(Required(c, "id", at), at + ".id"),
                Optional(c, "identities") is { } ids ? Array(ids, at + ".identities").Select(x => String(x, at + ".identities[]")).ToArray() : [],
                Optional(c, "wallet") is { } w ? String(w, at + ".wallet") : null,
                Optional(c, "exclusion") is { } x ? String(x, at + ".exclusion") : null));
        }

        var contributions = new List<SnapshotContribution>();
        i = 0;
        foreach (var c in Array(Required(root, "contributions", "$"), "$.contributions"))
        {
            var at = $"$.contributions[{i++}]";
            contributions.Add(new SnapshotContribution(
                String(Required(c, "id", at), at + ".id"),
                ContributionKinds.ParseContributionType(String(Required(c, "type", at), at + ".type")),
                String(Required(c, "repository", at), at + ".repository"),
                ParseInstant(Required(c, "createdAt", at), at + ".createdAt"),
                Optional(c, "size") is { } s ? Integer(s, at + ".size") : 0,
                Optional(c, "flagged") is { } f && Boolean(f, at + ".flagged"),
                Optional(c, "title") is { } t ? String(t, at + ".title") : null));
        }

        var edges = new List<SnapshotEdge>();
        i = 0;
        foreach (var e in Array(Required(root, "edges", "$"), "$.edges"))
        {
            var at = $"$.edges[{i++}]";
            edges.Add(new SnapshotEdge(
                ContributionKinds.ParseEdgeType(String(Required(e, "type", at), at + ".type")),
                String(Required(e, "source", at), at + ".source"),
                String(Required(e, "target", at), at + ".target")));
        }

        var balances = new List<ContributorBalance>();
        i = 0;
        if (Optional(root, "balances") is { } balanceArray)
        {
            foreach (var b in Array(balanceArray, "$.balances"))
            {
                var at = $"$.balances[{i++}]";
                balances.Add(new ContributorBalance(
                    String(Required(b, "contributor", at), at + ".contributor"),
                    Optional(b, "carriedWei") is { } c ? ParseWei(c, at + ".carriedWei") : 0,
                    Optional(b, "genesisEntitlementWei") is { } g ? ParseWei(g, at + ".genesisEntitlementWei") : 0,
                    Optional(b, "genesisReleasedWei") is { } r ? ParseWei(r, at + ".genesisReleasedWei") : 0));
            }
        }

        var cumulative = new List<AccountTotal>();
        i = 0;
        if (Optional(root, "cumulative") is { } cumulativeArray)
        {
            foreach (var a in Array(cumulativeArray, "$.cumulative"))
            {
                var at = $"$.cumulative[{i++}]";
                cumulative.Add(new AccountTotal(
                    String(Required(a, "account", at), at + ".account"),
                    ParseWei(Required(a, "cumulativeWei", at), at + ".cumulativeWei")));
            }
        }

        return new EpochSnapshot
        {
            Epoch = Integer(Required(root, "epoch", "$"), "$.epoch"),
            Genesis = Optional(root, "genesis") is { } g2 && Boolean(g2, "$.genesis"),
            AsOf = ParseInstant(Required(root, "asOf", "$"), "$.asOf"),
            VestingStart = Optional(root, "vestingStart") is { } v ? ParseInstant(v, "$.vestingStart") : null,
            BudgetWei = ParseWei(Required(root, "budgetWei", "$"), "$.budgetWei"),
            CapPpm = checked((int)Integer(Required(root, "capPpm", "$"), "$.capPpm")),
            MinimumPayoutWei = ParseWei(Required(root, "minimumPayoutWei", "$"), "$.minimumPayoutWei"),
            Weights = weights,
            Contributors = contributors,
            Contributions = contributions,
            Edges = edges,
            Balances = balances,
            Cumulative = cumulative,
        };
    }

    /// <summary>
    /// Edges by (source, target, type), ids compared ordinally. Millions of string comparisons are slow, so the ids
    /// are ranked once and the edges sorted as integer keys (rank · rank · type), which is the same order.
    /// </summary>
    private static IEnumerable<SnapshotEdge> CanonicalEdgeOrder(EpochSnapshot snapshot)
    {
        var ids = snapshot.Contributors.Select(c => c.Id).Concat(snapshot.Contributions.Select(c => c.Id)).ToArray();
        System.Array.Sort(ids, StringComparer.Ordinal);
        var rank = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var byRank = new List<string>(ids.Length);
        foreach (var id in ids)
        {
            if (rank.TryAdd(id, byRank.Count))
            {
                byRank.Add(id);
            }
        }
        var keys = new ulong[snapshot.Edges.Count];
        var i = 0;
        foreach (var e in snapshot.Edges)
        {
            if (rank.Count >= 1 << 30 || !rank.TryGetValue(e.Source, out var s) || !rank.TryGetValue(e.Target, out var t))
            {
                // Not a valid snapshot (an edge to an unknown node): fall back to comparing strings.
                return snapshot.Edges.OrderBy(x => x.Source, StringComparer.Ordinal).ThenBy(x => x.Target, StringComparer.Ordinal).ThenBy(x => x.Type);
            }
            keys[i++] = ((ulong)s << 34) | ((ulong)t << 4) | (ulong)e.Type;
        }
        System.Array.Sort(keys);
        return keys.Select(k => new SnapshotEdge((EdgeType)(k & 0xF), byRank[(int)(k >> 34)], byRank[(int)((k >> 4) & ((1UL << 30) - 1))]));
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A write-only stream that feeds SHA-256, so hashing a large snapshot never buffers its JSON.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public Hash32 Finish() => Hash32.FromBytes(sha.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => sha.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => sha.AppendData(buffer);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) sha.Dispose();
            base.Dispose(disposing);
        }
    }
}
