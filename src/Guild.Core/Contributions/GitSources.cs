using Guild.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Core.Contributions;

/// <summary>Configuration section <c>Git</c>: where tracked repositories' histories may be read from.</summary>
public sealed class GitSourceOptions
{
    public const string Section = "Git";

    public static readonly IReadOnlyList<string> DefaultHosts = ["github.com", "gitlab.com", "codeberg.org", "huggingface.co"];

    /// <summary>Hosts a clone URL may name (https only). Unset: <see cref="DefaultHosts"/>.</summary>
    public string[]? AllowedHosts { get; set; }

    /// <summary>
    /// Folders on this server whose repositories may be read in place, besides the data directory (where the demo
    /// replays its history). Unset: none.
    /// </summary>
    public string[]? LocalRoots { get; set; }
}

/// <summary>
/// Decides whether a tracked repository's git source may be read. A steward's typo must not become a request to any
/// host on the network or a read of any folder on the server: git reads a repository's own configuration, and a
/// crafted one runs commands. So: https on the configured hosts (no credentials in the URL, no other port), or a
/// repository under the data directory or a configured local root. Checked when a steward saves the source and again
/// before every import.
/// </summary>
public sealed class GitSources(IOptions<GitSourceOptions> options, DataDirectory data)
{
    private IEnumerable<string> Hosts => options.Value.AllowedHosts is { Length: > 0 } hosts ? hosts : GitSourceOptions.DefaultHosts;

    /// <summary>Why <paramref name="source"/> may not be read, or null when it may.</summary>
    public string? Refusal(string source)
    {
        if (Path.IsPathFullyQualified(source))
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));
            var roots = new[] { data.Path }.Concat(options.Value.LocalRoots ?? []).Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)));
            return roots.Any(root => full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                ? null
                : "must be an https clone URL; a folder on this server is read only under the data directory or Git:LocalRoots";
        }
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"must be an https clone URL on {string.Join(", ", Hosts)} (Git:AllowedHosts), e.g. https://github.com/karpathy/nanoGPT.git";
        }
        if (uri.UserInfo.Length > 0 || !uri.IsDefaultPort || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return "must not carry credentials, a port, a query or a fragment: the portal shows it to stewards and logs it";
        }
        if (!Hosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase))
        {
            return $"names {uri.IdnHost}, which is not one of the hosts repositories are read from ({string.Join(", ", Hosts)}; Git:AllowedHosts)";
        }
        return null;
    }
}
