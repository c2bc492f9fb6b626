using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Core.Claims;
using static Guild.Core.Allocation.CanonicalJson;

namespace Guild.Core.Allocation;

/// <summary>
/// The snapshot's JSON format (<c>guild-epoch-snapshot/2</c>, described in docs/allocation.md). The writer is
/// canonical: compact, properties in a fixed order, every list sorted by its key, wallets in lower case. The snapshot
/// hash is SHA-256 over those bytes, so it does not depend on the order the job happened to read rows in, and a file
/// the job wrote hashes with plain <c>sha256sum</c> to the value its report records.
/// </summary>
public static class EpochSnapshotJson
{
    public const string Format = "guild-epoch-snapshot/2";

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
            foreach (var identity in (c.Identities ?? []).Distinct().Order(StringComparer.Ordinal))
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
            WriteNullable(json, "state", c.State?.Name());
            json.WriteBoolean("flagged", c.Flagged);
            WriteNullable(json, "note", c.Note);
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

        // Only when there are any: a snapshot without merges hashes as it did before merges existed.
        if (snapshot.Merges.Count > 0)
        {
            json.WriteStartArray("merges");
            foreach (var m in snapshot.Merges.OrderBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.Into, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("from", m.From);
                json.WriteString("into", m.Into);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        // Likewise only when there are any: a snapshot without grants hashes as it did before grants existed.
        if (snapshot.Grants.Count > 0)
        {
            json.WriteStartArray("grants");
            foreach (var g in snapshot.Grants.OrderBy(g => g.Proposal))
            {
                json.WriteStartObject();
                json.WriteNumber("proposal", g.Proposal);
                json.WriteString("wallet", EthereumAddress.TryNormalize(g.Wallet) ?? g.Wallet);
                json.WriteString("amountWei", Wei(g.AmountWei));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a snapshot; a <c>weightsHash</c> that does not match the weights is an error, not a warning, and so is a
    /// property this format does not define. Streams: a million-contribution file is never held whole, as text or as a
    /// document.
    /// </summary>
    public static EpochSnapshot Read(Stream stream)
    {
        SnapshotDocument document;
        try
        {
            document = JsonSerializer.Deserialize<SnapshotDocument>(stream, ReadOptions)
                ?? throw new FormatException("The snapshot is empty (null).");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{ex.Path ?? "$"}: {ex.Message}", ex);
        }
        if (document.Format != Format)
        {
            throw new FormatException(document.Format == "guild-epoch-snapshot/1"
                ? $"$.format is '{document.Format}': an epoch computed by the first allocation engine (before merged-only pull requests, grouped mint and the withholding cap); this reader understands '{Format}'."
                : $"$.format is '{document.Format}'; this reader understands '{Format}'.");
        }
        var weights = WeightSetJson.Read(document.Weights, "$.weights");
        if (document.WeightsHash is { } declared)
        {
            var actual = WeightSetJson.Hash(weights);
            if (!string.Equals(declared, actual.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"$.weightsHash is {declared}, but the weights hash to {actual}.");
            }
        }
        return new EpochSnapshot
        {
            Epoch = document.Epoch,
            Genesis = document.Genesis,
            AsOf = document.AsOf,
            VestingStart = document.VestingStart,
            BudgetWei = document.BudgetWei,
            CapPpm = document.CapPpm,
            MinimumPayoutWei = document.MinimumPayoutWei,
            Weights = weights,
            Contributors = document.Contributors,
            Contributions = document.Contributions,
            Edges = document.Edges,
            Balances = document.Balances ?? [],
            Cumulative = document.Cumulative ?? [],
            Merges = document.Merges ?? [],
            Grants = document.Grants ?? [],
        };
    }

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false), new WeiConverter() },
    };

    /// <summary>The file's shape; the records themselves are bound through their constructors.</summary>
    private sealed class SnapshotDocument
    {
        public required string Format { get; init; }
        public required long Epoch { get; init; }
        public bool Genesis { get; init; }
        public required DateTimeOffset AsOf { get; init; }
        public DateTimeOffset? VestingStart { get; init; }
        public required BigInteger BudgetWei { get; init; }
        public required int CapPpm { get; init; }
        public required BigInteger MinimumPayoutWei { get; init; }
        public required JsonElement Weights { get; init; }
        public string? WeightsHash { get; init; }
        public required SnapshotContributor[] Contributors { get; init; }
        public required SnapshotContribution[] Contributions { get; init; }
        public required SnapshotEdge[] Edges { get; init; }
        public ContributorBalance[]? Balances { get; init; }
        public AccountTotal[]? Cumulative { get; init; }
        public SnapshotMerge[]? Merges { get; init; }
        public SnapshotGrant[]? Grants { get; init; }
    }

    /// <summary>Wei: a JSON string of decimal digits (JSON numbers lose precision past 2^53).</summary>
    private sealed class WeiConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Wei amounts are non-negative integers in a string, e.g. \"1000000000000000000\".");
            }
            var text = reader.GetString()!;
            return text.Length > 0 && text.All(char.IsAsciiDigit) && BigInteger.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var wei)
                ? wei
                : throw new JsonException($"'{text}' is not a non-negative integer (wei).");
        }

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) => writer.WriteStringValue(Wei(value));
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
        string? lastSource = null, lastTarget = null;
        int s = -1, t = -1;
        foreach (var e in snapshot.Edges)
        {
            // Neighbouring edges often share an endpoint: remember the last lookup of each side.
            if (!string.Equals(e.Source, lastSource, StringComparison.Ordinal))
            {
                lastSource = e.Source;
                s = e.Source is not null && rank.TryGetValue(e.Source, out var found) ? found : -1;
            }
            if (!string.Equals(e.Target, lastTarget, StringComparison.Ordinal))
            {
                lastTarget = e.Target;
                t = e.Target is not null && rank.TryGetValue(e.Target, out var found) ? found : -1;
            }
            if (rank.Count >= 1 << 30 || s < 0 || t < 0)
            {
                // Not a valid snapshot (an edge to an unknown node): fall back to comparing strings.
                return snapshot.Edges.OrderBy(x => x.Source, StringComparer.Ordinal).ThenBy(x => x.Target, StringComparer.Ordinal).ThenBy(x => x.Type);
            }
            keys[i++] = ((ulong)s << 34) | ((ulong)t << 4) | (ulong)e.Type;
        }
        Sorting.RadixSort(keys);
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
