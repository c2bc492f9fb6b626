using System.Globalization;
using System.Numerics;

namespace Guild.Core;

/// <summary>
/// $AGI amounts as people type them ("1,000,000", "0.5") turned into wei exactly: decimal text, never a float, at most
/// 18 decimals. Percentages of a budget become parts per million the same way (at most 4 decimals: 1 ppm = 0.0001%).
/// </summary>
public static class AgiAmount
{
    public const int Decimals = 18;
    public static readonly BigInteger WeiPerAgi = BigInteger.Pow(10, Decimals);

    /// <summary>Wei for a non-negative $AGI amount, or null when the text is not one (or has more than 18 decimals).</summary>
    public static BigInteger? ParseAgi(string? text) => ParseScaled(text, Decimals);

    /// <summary>Parts per million for a percentage ("5" → 50,000), or null when the text is not one (or has more than 4 decimals).</summary>
    public static int? ParsePercentToPpm(string? text) =>
        ParseScaled(text, 4) is { } ppm && ppm <= int.MaxValue ? (int)ppm : null;

    /// <summary>Exact text of a wei amount in $AGI, without trailing zeros and without grouping ("1000000.5").</summary>
    public static string ToAgiText(BigInteger wei)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(wei), WeiPerAgi, out var fraction);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (!fraction.IsZero)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        }
        return wei.Sign < 0 ? "-" + text : text;
    }

    /// <summary>For people to read: whole $AGI grouped by thousands, with up to four decimals ("712,407,914.7641 AGI").</summary>
    public static string Format(BigInteger wei)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(wei), WeiPerAgi, out var remainder);
        var fraction = (remainder * 10_000 / WeiPerAgi).ToString("D4", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{(wei.Sign < 0 ? "-" : "")}{whole.ToString("N0", CultureInfo.InvariantCulture)}{(fraction.Length > 0 ? "." + fraction : "")} AGI";
    }

    /// <summary>Percent text of parts per million ("50000" → "5").</summary>
    public static string PpmToPercentText(int ppm) => (ppm / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);

    private static BigInteger? ParseScaled(string? text, int decimals)
    {
        var value = text?.Trim().Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return null;
        }
        var parts = value.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0)
            || !parts.All(p => p.All(char.IsAsciiDigit)) || (parts.Length == 2 && parts[1].Length > decimals))
        {
            return null;
        }
        var whole = parts[0].Length == 0 ? BigInteger.Zero : BigInteger.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var fraction = parts.Length == 2 && parts[1].Length > 0
            ? BigInteger.Parse(parts[1].PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture)
            : BigInteger.Zero;
        return whole * BigInteger.Pow(10, decimals) + fraction;
    }
}
