namespace Guild.Core.Contributions;

/// <summary>
/// A repository the guild pays for: stewards add it, the ingestion jobs pull its contributions on its own schedule.
/// The host is <c>github.com</c> or the base URL of a GitHub Enterprise Server; owner and name are matched
/// case-insensitively like GitHub does, through <see cref="Slug"/>.
/// </summary>
public sealed class TrackedRepository
{
    public const string GitHubDotCom = "github.com";
    public const string DefaultCron = "0 * * * *";

    private TrackedRepository() { }

    internal TrackedRepository(RepositoryHost host, string owner, string name, RepositoryLicense license, string syncCron, string? gitUrl, DateTimeOffset now)
    {
        Host = host.Value;
        Owner = owner;
        Name = name;
        Slug = MakeSlug(host, owner, name);
        CreatedAt = now;
        Active = true;
        Apply(license, syncCron, gitUrl, now);
    }

    public long Id { get; private set; }

    /// <summary><c>github.com</c>, or a GitHub Enterprise Server base URL such as <c>https://git.example.org</c>.</summary>
    public string Host { get; private set; } = GitHubDotCom;
    public string Owner { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary><c>host/owner/name</c> in lower case: the repository part of every contribution's natural key.</summary>
    public string Slug { get; private set; } = "";

    public string LicenseName { get; private set; } = "";

    /// <summary>When the licence turns into <see cref="LicenseChangeTo"/> (the Collective Ownership License turns MIT after four years).</summary>
    public DateOnly? LicenseChangeDate { get; private set; }
    public string? LicenseChangeTo { get; private set; }

    /// <summary>Cron of this repository's recurring GitHub sync (and git import, when <see cref="GitUrl"/> is set).</summary>
    public string SyncCron { get; private set; } = DefaultCron;

    /// <summary>Where the git history comes from: a clone URL or a local path. Empty: the GitHub sync only.</summary>
    public string? GitUrl { get; private set; }

    public bool Active { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public string FullName => $"{Owner}/{Name}";

    public bool IsGitHubDotCom => Host == GitHubDotCom;

    internal void Apply(RepositoryLicense license, string syncCron, string? gitUrl, DateTimeOffset now)
    {
        LicenseName = license.Name;
        LicenseChangeDate = license.ChangeDate;
        LicenseChangeTo = license.ChangeTo;
        SyncCron = syncCron;
        GitUrl = string.IsNullOrWhiteSpace(gitUrl) ? null : gitUrl.Trim();
        UpdatedAt = now;
    }

    /// <summary>Stops the schedules; contributions already stored stay (they were earned).</summary>
    internal bool SetActive(bool active, DateTimeOffset now)
    {
        if (Active == active)
        {
            return false;
        }
        Active = active;
        UpdatedAt = now;
        return true;
    }

    internal static string MakeSlug(RepositoryHost host, string owner, string name) =>
        $"{host.Key}/{owner}/{name}".ToLowerInvariant();

    /// <summary>The host part of natural keys: <c>github.com</c> or the Enterprise server's authority.</summary>
    public string HostKey => RepositoryHost.Parse(Host)!.Key;
}

public sealed record RepositoryLicense(string Name, DateOnly? ChangeDate, string? ChangeTo);

/// <summary>A validated repository host: <c>github.com</c>, or an absolute http(s) base URL of a GitHub Enterprise Server.</summary>
public sealed record RepositoryHost(string Value, Uri? EnterpriseBaseUrl)
{
    /// <summary>The host as natural keys spell it: <c>github.com</c>, or the server's authority (<c>git.example.org:8443</c>).</summary>
    public string Key => EnterpriseBaseUrl is null ? TrackedRepository.GitHubDotCom : EnterpriseBaseUrl.Authority.ToLowerInvariant();

    public static RepositoryHost? Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || string.Equals(text, TrackedRepository.GitHubDotCom, StringComparison.OrdinalIgnoreCase)
            || string.Equals(text.TrimEnd('/'), "https://github.com", StringComparison.OrdinalIgnoreCase))
        {
            return new RepositoryHost(TrackedRepository.GitHubDotCom, null);
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
        {
            return null;
        }
        var normalized = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new RepositoryHost(normalized, new Uri(normalized + "/"));
    }
}
