using System.Globalization;
using System.Numerics;
using Guild.Core;
using Guild.Core.Licensing;

namespace Guild.Web.Licensing;

/// <summary>Money and time on the licence pages, exactly (integers in, text out; nothing rounded away that is charged).</summary>
public static class LicenseFormat
{
    /// <summary>ETH with every wei ("3.333333333333333334 ETH").</summary>
    public static string Eth(BigInteger wei) => AgiAmount.ToAgiText(wei) + " ETH";

    /// <summary>Stablecoin units in whole coins with its decimals ("10,000 USD stablecoin").</summary>
    public static string Stablecoin(BigInteger units, int decimals)
    {
        var whole = BigInteger.DivRem(units, BigInteger.Pow(10, decimals), out var fraction);
        var text = whole.ToString("N0", CultureInfo.InvariantCulture);
        if (!fraction.IsZero)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        }
        return text + " USD stablecoin";
    }

    /// <summary>USD with 18 decimals, to the cent rounded up ("$10,000.00").</summary>
    public static string Usd18(BigInteger usd)
    {
        var cents = (usd + BigInteger.Pow(10, 16) - 1) / BigInteger.Pow(10, 16);
        var whole = BigInteger.DivRem(cents, 100, out var rest);
        return "$" + whole.ToString("N0", CultureInfo.InvariantCulture) + "." + rest.ToString("D2", CultureInfo.InvariantCulture);
    }

    public static string Usd(BigInteger dollars) => "$" + dollars.ToString("N0", CultureInfo.InvariantCulture);

    public static string Agi(BigInteger wei) => AgiAmount.Format(wei);

    /// <summary>Time left until <paramref name="expiry"/>: "123 days 4 h 5 min 6 s", or "expired".</summary>
    public static string Countdown(DateTimeOffset expiry, DateTimeOffset now)
    {
        var left = expiry - now;
        return left <= TimeSpan.Zero
            ? "expired"
            : string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalDays} days {left.Hours} h {left.Minutes} min {left.Seconds} s");
    }

    public static string Short(string? hash) => hash is { Length: > 14 } ? $"{hash[..10]}…{hash[^4..]}" : hash ?? "—";

    /// <summary>The licence's state in a word, as the register and the page show it.</summary>
    public static string Status(RegisterEntry? entry, DateTimeOffset now) => entry switch
    {
        null => "No licence",
        { State.Revoked: true } => "Revoked",
        { Licensed: true } => entry.RequiredWei.IsZero ? "Licensed (free attestation)" : "Licensed",
        _ when entry.State.Expiry <= now => "Expired",
        _ => "Under-staked",
    };

    public static string Action(string kind) => kind switch
    {
        "Purchase" => "Purchase",
        "TopUp" => "Top-up",
        "Renewal" => "Renewal",
        _ => kind,
    };

    public static string Term(long seconds) => LicenseText.Term(seconds);

    public static string Currency(string? currency) => currency is null ? "ETH" : "stablecoin";

    public static string Paid(LicenseHistoryEntry entry, int decimals) =>
        entry.Paid.IsZero ? "—" : entry.Currency is null ? Eth(entry.Paid) : Stablecoin(entry.Paid, decimals);
}
