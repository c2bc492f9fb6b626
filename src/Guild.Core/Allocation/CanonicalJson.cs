using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Guild.Core.Allocation;

/// <summary>
/// The pieces the snapshot and report formats share: wei as decimal strings (JSON numbers lose precision past 2^53),
/// instants as UTC ISO-8601, and strict readers that name the property that is wrong.
/// </summary>
internal static class CanonicalJson
{
    public static readonly JsonWriterOptions Compact = new() { Indented = false, SkipValidation = false };

    /// <summary>
    /// Utf8JsonWriter keeps everything in memory until flushed; a snapshot with millions of edges would be buffered
    /// whole (and regrown many times) without this.
    /// </summary>
    public static void FlushIfFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > 1 << 20)
        {
            json.Flush();
        }
    }

    public static string Wei(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static JsonElement Required(JsonElement obj, string name, string path) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"{path}.{name} is missing.");

    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string String(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"{path} must be a string.");

    public static BigInteger ParseWei(JsonElement value, string path)
    {
        var text = String(value, path);
        return text.Length > 0 && text.All(char.IsAsciiDigit) && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var wei)
            ? wei
            : throw new FormatException($"{path} must be a non-negative integer in a string (wei), not '{text}'.");
    }

    public static DateTimeOffset ParseInstant(JsonElement value, string path)
    {
        var text = String(value, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new FormatException($"{path} must be an ISO-8601 instant, not '{text}'.");
    }

    public static double Number(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new FormatException($"{path} must be a number.");

    public static long Integer(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw new FormatException($"{path} must be an integer.");

    public static bool Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{path} must be true or false."),
    };

    public static JsonElement.ArrayEnumerator Array(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new FormatException($"{path} must be an array.");
}
