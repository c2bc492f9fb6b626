using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Guild.Core.Licensing;

namespace Guild.Web.Licensing;

/// <summary>
/// The Collective Ownership License (<c>docs/collective-ownership-license.md</c>, embedded in the portal) with the
/// governed figures filled in, as HTML. The text uses a small part of Markdown (headings, paragraphs, lists, bold and
/// code), which is all this renders: it is our own document, not user input, and is encoded before any tag is added.
/// </summary>
public static partial class LicenseText
{
    public const string Name = "Collective Ownership License";

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(LicenseText).Assembly.GetManifestResourceStream("collective-ownership-license.md")
            ?? throw new InvalidOperationException("The licence text is not embedded in the portal.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>The licence in Markdown with <paramref name="terms"/>, the registry and the chain filled in.</summary>
    public static string Markdown(LicenseTerms terms, string registry, long chainId) => Source.Value
        .Replace("{{threshold}}", terms.RevenueThresholdUsd.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{rate}}", Decimal18(terms.Rate), StringComparison.Ordinal)
        .Replace("{{agiPrice}}", Decimal18(terms.AgiPriceUsd), StringComparison.Ordinal)
        .Replace("{{minTerm}}", Term(terms.MinTermSeconds), StringComparison.Ordinal)
        .Replace("{{registry}}", $"`{registry}`", StringComparison.Ordinal)
        .Replace("{{chainId}}", chainId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The text as stored, placeholders and all.</summary>
    public static string Raw => Source.Value;

    public static string Html(string markdown)
    {
        var html = new StringBuilder();
        string? list = null;
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
                paragraph.Clear();
            }
        }
        void CloseList()
        {
            if (list is not null)
            {
                html.Append("</").Append(list).Append(">\n");
                list = null;
            }
        }
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd();
            var bullet = BulletItem().Match(line);
            var numbered = NumberedItem().Match(line);
            if (line.Length == 0)
            {
                Flush();
                CloseList();
            }
            else if (line.StartsWith('#'))
            {
                Flush();
                CloseList();
                var level = Math.Min(line.TakeWhile(c => c == '#').Count() + 1, 4); // the page's own h1 comes first
                html.Append(CultureInfo.InvariantCulture, $"<h{level}>{Inline(line.TrimStart('#').Trim())}</h{level}>\n");
            }
            else if (bullet.Success || numbered.Success)
            {
                Flush();
                var kind = bullet.Success ? "ul" : "ol";
                if (list != kind)
                {
                    CloseList();
                    html.Append('<').Append(kind).Append(">\n");
                    list = kind;
                }
                html.Append("<li>").Append(Inline((bullet.Success ? bullet : numbered).Groups["text"].Value)).Append("</li>\n");
            }
            else if (list is not null && raw.StartsWith("  ", StringComparison.Ordinal))
            {
                // A list item's continuation line: append it to the open item.
                html.Insert(html.Length - "</li>\n".Length, " " + Inline(line.Trim()));
            }
            else
            {
                CloseList();
                paragraph.Add(line.Trim());
            }
        }
        Flush();
        CloseList();
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = Bold().Replace(encoded, "<strong>$1</strong>");
        return Code().Replace(encoded, "<code>$1</code>");
    }

    /// <summary>A fixed-point figure with 18 decimals as decimal text ("0.001", "0.1").</summary>
    public static string Decimal18(BigInteger value)
    {
        var whole = BigInteger.DivRem(value, LicenseTerms.One, out var fraction);
        var text = whole.ToString("N0", CultureInfo.InvariantCulture);
        return fraction.IsZero ? text : text + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0');
    }

    public static string Term(long seconds) =>
        seconds % LicenseTerms.Year == 0
            ? seconds / LicenseTerms.Year == 1 ? "one year" : $"{seconds / LicenseTerms.Year} years"
            : $"{seconds / 86_400} days";

    [GeneratedRegex(@"^\s*- (?<text>.*)$")]
    private static partial Regex BulletItem();

    [GeneratedRegex(@"^\s*\d+\. (?<text>.*)$")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"`(.+?)`")]
    private static partial Regex Code();
}
