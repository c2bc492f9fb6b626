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

    /// <summary>Five (or six, with seconds) cron fields as Hangfire reads them; Hangfire parses the details.</summary>
    public static bool IsCron(string? value) =>
        value is not null && value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 5 or 6 } fields
        && fields.All(f => CronFieldPattern().IsMatch(f));

    /// <summary>A clone URL (http, https, ssh, git, file) or an absolute local path.</summary>
    public static bool IsGitUrl(string? value) =>
        value is not null
        && ((Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" or "file")
            || Path.IsPathFullyQualified(value)
            || ScpLikePattern().IsMatch(value));

    // GitHub logins: alphanumerics and single hyphens, at most 39 characters; bots carry a [bot] suffix.
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")]
    private static partial Regex OrcidPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9A-Za-z*?,/#LW-]+$")]
    private static partial Regex CronFieldPattern();

    [GeneratedRegex(@"^[\w.-]+@[\w.-]+:[\w./-]+$")]
    private static partial Regex ScpLikePattern();
}
