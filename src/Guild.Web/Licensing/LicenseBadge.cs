using System.Globalization;
using System.Net;
using System.Text;

namespace Guild.Web.Licensing;

/// <summary>
/// The embeddable badge: "AGI licence | active until 2027-11" in green, or the reason there is none (revoked,
/// under-staked, expired, none) in another colour, in the flat style README badges use. Text widths are estimated
/// from a Verdana-like 6.5 px per character at 11 px, as badge services do without a font at hand.
/// </summary>
public static class LicenseBadge
{
    private const string Label = "AGI licence";

    public static (string Message, string Colour) Describe(RegisterEntry? entry, DateTimeOffset now) => entry switch
    {
        null => ("none", "#9f9f9f"),
        { State.Revoked: true } => ("revoked", "#e05d44"),
        { Licensed: true } => ($"active until {entry.State.Expiry.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}", "#2e7d32"),
        _ when entry.State.Expiry <= now => ("expired", "#9f9f9f"),
        _ => ("under-staked", "#b26a00"),
    };

    public static byte[] Svg(RegisterEntry? entry, DateTimeOffset now)
    {
        var (message, colour) = Describe(entry, now);
        var labelWidth = Width(Label);
        var messageWidth = Width(message);
        var total = labelWidth + messageWidth;
        var label = WebUtility.HtmlEncode(Label);
        var text = WebUtility.HtmlEncode(message);
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{label}: {text}">
            <title>{label}: {text}</title>
            <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
            <clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>
            <g clip-path="url(#r)"><rect width="{labelWidth}" height="20" fill="#555"/><rect x="{labelWidth}" width="{messageWidth}" height="20" fill="{colour}"/><rect width="{total}" height="20" fill="url(#s)"/></g>
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
            <text x="{labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">{label}</text><text x="{labelWidth / 2}" y="14">{label}</text>
            <text x="{labelWidth + messageWidth / 2}" y="15" fill="#010101" fill-opacity=".3">{text}</text><text x="{labelWidth + messageWidth / 2}" y="14">{text}</text>
            </g>
            </svg>
            """;
        return Encoding.UTF8.GetBytes(svg);
    }

    private static int Width(string text) => (int)Math.Ceiling(text.Length * 6.5) + 10;
}
