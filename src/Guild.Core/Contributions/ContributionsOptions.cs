using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Guild.Core.Contributions;

/// <summary>Configuration section <c>Contributions</c>: which authors are bots and which paths are generated or vendored.</summary>
public sealed class ContributionsOptions : IValidatableObject
{
    public const string Section = "Contributions";

    /// <summary>Logins flagged as bots besides any login ending in <c>[bot]</c> (CI accounts, mirror bots).</summary>
    public List<string> BotLogins { get; set; } = [];

    /// <summary>Extra glob patterns for generated, vendored and lock files (<c>**</c> crosses folders; a pattern without <c>/</c> matches a file name).</summary>
    public List<string> FlaggedPaths { get; set; } = [];

    /// <summary>Also apply <see cref="PathRules.Defaults"/> (lock files, vendor/, node_modules/, minified and generated code).</summary>
    public bool UseDefaultFlaggedPaths { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var pattern in FlaggedPaths.Where(p => string.IsNullOrWhiteSpace(p)))
        {
            yield return new ValidationResult("must not contain an empty pattern", [nameof(FlaggedPaths)]);
        }
    }
}

/// <summary>Decides which authors are bots and which paths are flagged, from <see cref="ContributionsOptions"/>.</summary>
public sealed class ContributionRules
{
    private readonly HashSet<string> botLogins;

    public ContributionRules(ContributionsOptions options)
    {
        botLogins = options.BotLogins.Select(l => l.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        Paths = new PathRules((options.UseDefaultFlaggedPaths ? PathRules.Defaults : []).Concat(options.FlaggedPaths));
    }

    public static ContributionRules Default { get; } = new(new ContributionsOptions());

    public PathRules Paths { get; }

    public bool IsBot(string? login) =>
        login is not null && (login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) || botLogins.Contains(login.Trim().ToLowerInvariant()));

    /// <summary>
    /// The login inside a GitHub noreply email: <c>123+octocat@users.noreply.github.com</c> or
    /// <c>octocat@users.noreply.github.com</c>; null for any other email.
    /// </summary>
    public static string? LoginFromNoreply(string? email)
    {
        const string suffix = "@users.noreply.github.com";
        if (email is null || !email.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var local = email[..^suffix.Length];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        var login = plus >= 0 ? local[(plus + 1)..] : local;
        return login.Length > 0 ? login : null;
    }

    /// <summary>The account id inside a noreply email of the newer form, <c>123+octocat@users.noreply.github.com</c>; null otherwise.</summary>
    public static long? IdFromNoreply(string? email)
    {
        if (LoginFromNoreply(email) is null)
        {
            return null;
        }
        var plus = email!.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 && long.TryParse(email.AsSpan(0, plus), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}

/// <summary>Glob patterns over repository paths, compiled once into one regular expression.</summary>
public sealed partial class PathRules
{
    public static readonly string[] Defaults =
    [
        "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Pipfile.lock", "uv.lock", "Cargo.lock", "go.sum",
        "composer.lock", "Gemfile.lock", "packages.lock.json", "*.lock",
        "vendor/**", "third_party/**", "third-party/**", "node_modules/**", "dist/**",
        "*.min.js", "*.min.css", "*.generated.*", "*.g.cs", "*.pb.go", "*_pb2.py", "*_pb2_grpc.py", "*.ipynb_checkpoints/**",
    ];

    private readonly Regex? regex;

    public PathRules(IEnumerable<string> patterns)
    {
        var parts = patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(ToRegex).ToList();
        regex = parts.Count == 0 ? null : new Regex("^(?:" + string.Join("|", parts) + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public bool IsFlagged(string path) => regex?.IsMatch(path.Replace('\\', '/')) == true;

    private static string ToRegex(string pattern)
    {
        var p = pattern.Trim().Replace('\\', '/').TrimStart('/');
        // A pattern without a folder matches the file name anywhere; one with a folder is rooted but may sit under any folder.
        var prefix = "(?:.*/)?";
        var body = new System.Text.StringBuilder();
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                body.Append(".*");
                i++;
                if (i + 1 < p.Length && p[i + 1] == '/')
                {
                    i++;
                    body.Append("/?");
                }
            }
            else if (c == '*')
            {
                body.Append("[^/]*");
            }
            else if (c == '?')
            {
                body.Append("[^/]");
            }
            else
            {
                body.Append(Regex.Escape(c.ToString()));
            }
        }
        return prefix + body;
    }
}
