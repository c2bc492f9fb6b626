using System.Globalization;
using System.Text.RegularExpressions;

namespace Guild.Jobs.Ingestion;

/// <summary>What a commit message says about credit: the PR it came from and its <c>Co-authored-by:</c> trailers.</summary>
public static partial class CommitMessages
{
    /// <summary>The first paragraph on one line, as <c>git log --format=%s</c> prints it.</summary>
    public static string Subject(string message)
    {
        var paragraph = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", 2)[0];
        return string.Join(' ', paragraph.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The PR number of a squash-merged subject (<c>Fix loader (#1234)</c>, tags like <c>[no ci]</c> may follow) or of a
    /// merge commit (<c>Merge pull request #1234 from …</c>). <c>Revert "Fix (#12)"</c> ends in a quote, so the reverted
    /// PR's number is not taken; a squash-merged revert, <c>Revert "Fix (#12)" (#13)</c>, is PR 13.
    /// </summary>
    public static int? PullRequestNumber(string subject)
    {
        var match = SquashPattern().Match(subject);
        if (!match.Success)
        {
            match = MergePattern().Match(subject);
        }
        return match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>Every <c>Co-authored-by: Name &lt;email&gt;</c> line, de-duplicated by email (case-insensitive).</summary>
    public static IReadOnlyList<(string Name, string Email)> CoAuthors(string message)
    {
        var result = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in CoAuthorPattern().Matches(message))
        {
            var email = match.Groups["email"].Value.Trim();
            if (email.Length > 0 && seen.Add(email))
            {
                result.Add((match.Groups["name"].Value.Trim(), email));
            }
        }
        return result;
    }

    [GeneratedRegex(@"\(#(?<n>\d+)\)(?:\s*\[[^\]]*\])*\s*$")]
    private static partial Regex SquashPattern();

    [GeneratedRegex(@"^Merge pull request #(?<n>\d+)")]
    private static partial Regex MergePattern();

    [GeneratedRegex(@"^[ \t]*co-authored-by:[ \t]*(?<name>[^<\r\n]*)<(?<email>[^>\r\n]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CoAuthorPattern();
}
