using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Guild.Core.Claims;
using static Guild.Core.Allocation.CanonicalJson;

namespace Guild.Core.Allocation;

/// <summary>
/// The weight set's JSON form. The hash is SHA-256 over the canonical (compact, fixed-order) bytes, so anyone can
/// recompute it: <c>sha256sum</c> of a file this class wrote gives the same value.
/// </summary>
public static class WeightSetJson
{
    /// <summary>The weight-set document's format; a set in another one is refused, never read with guessed meanings.</summary>
    public const string Format = "guild-weights/2";

    private static readonly string[] Properties =
    [
        "format", "version", "alpha", "tolerance", "maxIterations", "halfLifeDays", "sizeUnit", "capExcess", "capFloorEqualShares",
        "reciprocalReviewDiscount", "contributions", "edges", "repositories",
    ];

    public static Hash32 Hash(WeightSet weights) => Hash32.FromBytes(SHA256.HashData(Canonical(weights)));

    /// <summary>The canonical bytes: what is hashed, stored and exported for a governance proposal.</summary>
    public static byte[] Canonical(WeightSet weights)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            Write(weights, json);
        }
        return buffer.ToArray();
    }

    public static void Write(WeightSet weights, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Compact);
        Write(weights, json);
    }

    /// <exception cref="FormatException">The document is not JSON or not a weight set of this format.</exception>
    public static WeightSet Read(Stream stream)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            return Read(document.RootElement, "$");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not JSON: {ex.Message}", ex);
        }
    }

    /// <exception cref="FormatException">The text is not JSON or not a weight set of this format.</exception>
    public static WeightSet Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, "$");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not JSON: {ex.Message}", ex);
        }
    }

    internal static void Write(WeightSet weights, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("version", weights.Version);
        json.WriteNumber("alpha", weights.Alpha);
        json.WriteNumber("tolerance", weights.Tolerance);
        json.WriteNumber("maxIterations", weights.MaxIterations);
        if (weights.HalfLifeDays is { } halfLife)
        {
            json.WriteNumber("halfLifeDays", halfLife);
        }
        else
        {
            json.WriteNull("halfLifeDays");
        }
        json.WriteNumber("sizeUnit", weights.SizeUnit);
        json.WriteString("capExcess", CapExcessName(weights.CapExcess));
        json.WriteNumber("capFloorEqualShares", weights.CapFloorEqualShares);
        json.WriteNumber("reciprocalReviewDiscount", weights.ReciprocalReviewDiscount);
        json.WriteStartObject("contributions");
        foreach (var type in ContributionKinds.AllContributionTypes)
        {
            json.WriteNumber(type.Name(), weights.Contributions.GetValueOrDefault(type));
        }
        json.WriteEndObject();
        json.WriteStartObject("edges");
        foreach (var type in ContributionKinds.AllEdgeTypes)
        {
            var w = weights.Edges.GetValueOrDefault(type) ?? new EdgeWeight(0, 0);
            json.WriteStartObject(type.Name());
            json.WriteNumber("forward", w.Forward);
            json.WriteNumber("backward", w.Backward);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("repositories");
        foreach (var (repository, w) in weights.Repositories.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(repository, w);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a weight set strictly: the format must be this one, every parameter present and no property unknown, so
    /// a document means exactly what its hash commits to.
    /// </summary>
    internal static WeightSet Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} must be an object.");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (System.Array.IndexOf(Properties, property.Name) < 0)
            {
                throw new FormatException($"{path}.{property.Name} is not a weight-set property (expected {string.Join(", ", Properties)}).");
            }
        }
        var format = String(Required(root, "format", path), path + ".format");
        if (format != Format)
        {
            throw new FormatException($"{path}.format is '{format}'; this reader understands '{Format}'.");
        }
        var contributions = new Dictionary<ContributionType, double>();
        foreach (var property in Required(root, "contributions", path).EnumerateObject())
        {
            contributions[ContributionKinds.ParseContributionType(property.Name)] = Number(property.Value, $"{path}.contributions.{property.Name}");
        }
        var edges = new Dictionary<EdgeType, EdgeWeight>();
        foreach (var property in Required(root, "edges", path).EnumerateObject())
        {
            var at = $"{path}.edges.{property.Name}";
            edges[ContributionKinds.ParseEdgeType(property.Name)] = new EdgeWeight(
                Number(Required(property.Value, "forward", at), at + ".forward"),
                Number(Required(property.Value, "backward", at), at + ".backward"));
        }
        var repositories = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in Required(root, "repositories", path).EnumerateObject())
        {
            repositories[property.Name] = Number(property.Value, $"{path}.repositories.{property.Name}");
        }
        if (!root.TryGetProperty("halfLifeDays", out var halfLife))
        {
            throw new FormatException($"{path}.halfLifeDays is missing (null turns decay off).");
        }
        return new WeightSet
        {
            Version = String(Required(root, "version", path), path + ".version"),
            Alpha = Number(Required(root, "alpha", path), path + ".alpha"),
            Tolerance = Number(Required(root, "tolerance", path), path + ".tolerance"),
            MaxIterations = checked((int)Integer(Required(root, "maxIterations", path), path + ".maxIterations")),
            HalfLifeDays = halfLife.ValueKind == JsonValueKind.Null ? null : Number(halfLife, path + ".halfLifeDays"),
            SizeUnit = Number(Required(root, "sizeUnit", path), path + ".sizeUnit"),
            CapExcess = ParseCapExcess(String(Required(root, "capExcess", path), path + ".capExcess"), path + ".capExcess"),
            CapFloorEqualShares = checked((int)Integer(Required(root, "capFloorEqualShares", path), path + ".capFloorEqualShares")),
            ReciprocalReviewDiscount = Number(Required(root, "reciprocalReviewDiscount", path), path + ".reciprocalReviewDiscount"),
            Contributions = contributions.ToFrozenDictionary(),
            Edges = edges.ToFrozenDictionary(),
            Repositories = repositories.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    public static string CapExcessName(CapExcess excess) => excess switch
    {
        CapExcess.Withhold => "withhold",
        CapExcess.Redistribute => "redistribute",
        _ => throw new ArgumentOutOfRangeException(nameof(excess), excess, null),
    };

    private static CapExcess ParseCapExcess(string name, string path) => name switch
    {
        "withhold" => CapExcess.Withhold,
        "redistribute" => CapExcess.Redistribute,
        _ => throw new FormatException($"{path} is '{name}' (expected withhold or redistribute)."),
    };
}
