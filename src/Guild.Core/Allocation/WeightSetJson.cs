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
    public static Hash32 Hash(WeightSet weights)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            Write(weights, json);
        }
        return Hash32.FromBytes(SHA256.HashData(buffer.ToArray()));
    }

    public static void Write(WeightSet weights, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Compact);
        Write(weights, json);
    }

    public static WeightSet Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        return Read(document.RootElement, "$");
    }

    internal static void Write(WeightSet weights, Utf8JsonWriter json)
    {
        json.WriteStartObject();
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

    internal static WeightSet Read(JsonElement root, string path)
    {
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
        if (Optional(root, "repositories") is { } repos)
        {
            foreach (var property in repos.EnumerateObject())
            {
                repositories[property.Name] = Number(property.Value, $"{path}.repositories.{property.Name}");
            }
        }
        var defaults = WeightSet.Default;
        return new WeightSet
        {
            Version = String(Required(root, "version", path), path + ".version"),
            Alpha = Optional(root, "alpha") is { } a ? Number(a, path + ".alpha") : defaults.Alpha,
            Tolerance = Optional(root, "tolerance") is { } t ? Number(t, path + ".tolerance") : defaults.Tolerance,
            MaxIterations = Optional(root, "maxIterations") is { } m ? checked((int)Integer(m, path + ".maxIterations")) : defaults.MaxIterations,
            // Absent means the default; an explicit null turns decay off.
            HalfLifeDays = root.TryGetProperty("halfLifeDays", out var h)
                ? h.ValueKind == JsonValueKind.Null ? null : Number(h, path + ".halfLifeDays")
                : defaults.HalfLifeDays,
            SizeUnit = Optional(root, "sizeUnit") is { } s ? Number(s, path + ".sizeUnit") : defaults.SizeUnit,
            Contributions = contributions.ToFrozenDictionary(),
            Edges = edges.ToFrozenDictionary(),
            Repositories = repositories.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }
}
