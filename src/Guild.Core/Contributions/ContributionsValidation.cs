using System.Text.RegularExpressions;

namespace Guild.Core.Contributions;

/// <summary>The shapes GitHub, ORCID and cron accept, checked before anything is stored.</summary>
public static partial class ContributionsValidation
{
    public static bool IsLogin(string? value) => value is not null && LoginPattern().IsMatch(value);

    public static bool IsOwner(string? value) => value is not null && LoginPattern().IsMatch(value);

    public static bool IsRepositoryName(string? value) =>
        value is not null && value is not ("." or "..") && RepositoryNamePattern().IsMatch(value);

    public static bool IsOrcid(string? value) => value is not null && OrcidPattern().IsMatch(value);

    public static bool IsEmail(string? value) => value is not null && EmailPattern().IsMatch(value);

    /// <summary>
    /// An author email that names nobody: empty, a placeholder such as <c>&lt;&gt;</c>, <c>-</c> or <c>none</c>, or no
    /// address at all (no <c>@</c>, or nothing on one side of it). Such identities never form a person.
    /// </summary>
    public static bool IsPlaceholderEmail(string? value)
    {
        var email = value?.Trim().Trim('<', '>').Trim();
        return email is null || !IsEmail(email) || email.StartsWith('@') || email.EndsWith('@');
    }

    /// <summary>Five cron fields (minute hour day month weekday) with numbers, ranges, lists and steps in range.</summary>
    public static bool IsCron(string? value)
    {
        if (value is null || value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not { Length: 5 } fields)
        {
            return false;
        }
        (int Min, int Max)[] ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
        for (var i = 0; i < 5; i++)
        {
            foreach (var item in fields[i].Split(','))
            {
                var parts = item.Split('/');
                if (parts.Length > 2 || (parts.Length == 2 && !(int.TryParse(parts[1], out var step) && step > 0)))
                {
                    return false;
                }
                if (parts[0] == "*")
                {
                    continue;
                }
                var bounds = parts[0].Split('-');
                if (bounds.Length > 2 || bounds.Any(b => !int.TryParse(b, System.Globalization.NumberStyles.None, null, out var n) || n < ranges[i].Min || n > ranges[i].Max))
                {
                    return false;
                }
            }
        }
        return true;
    }

    // GitHub logins: alphanumerics and single hyphens, at most 39 characters; bots carry a [bot] suffix.
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")]
    private static partial Regex OrcidPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();
}
