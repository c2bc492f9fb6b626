namespace Guild.Core.Contributions;

public enum IdentityKind
{
    GitHubLogin,
    GitEmail,
    Orcid,
}

/// <summary>How an email or ORCID was tied to a GitHub login; a confirmed mapping is never overwritten by a guess.</summary>
public enum LoginSource
{
    None,
    NoreplyEmail,
    CommitApi,
    Confirmed,
}

/// <summary>
/// One way a person shows up in the history: a GitHub login, a git author email or an ORCID. Contributions attach
/// to the identity that made them; an email or ORCID carries the GitHub login it resolves to, so scores roll up to
/// the login (and later the person) without rewriting contributions.
/// </summary>
public sealed class ContributorIdentity
{
    private ContributorIdentity() { }

    internal ContributorIdentity(IdentityKind kind, string value, string? displayName, bool isBot)
    {
        Kind = kind;
        Value = Normalize(kind, value);
        DisplayName = displayName;
        IsBot = isBot;
        if (kind == IdentityKind.GitHubLogin)
        {
            Login = Value;
        }
    }

    public long Id { get; private set; }
    public IdentityKind Kind { get; private set; }

    /// <summary>Lower case: GitHub logins and emails are case-insensitive.</summary>
    public string Value { get; private set; } = "";

    public string? DisplayName { get; private set; }

    /// <summary>The GitHub login this identity is (for a login) or resolves to (email, ORCID); null while unknown.</summary>
    public string? Login { get; private set; }

    public LoginSource LoginSource { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }
    public bool IsBot { get; private set; }

    public static string Normalize(IdentityKind kind, string value) => value.Trim().ToLowerInvariant();

    internal void Observe(string? displayName, bool isBot)
    {
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            DisplayName = displayName;
        }
        IsBot |= isBot;
    }

    /// <summary>Records a login found by a job. A confirmed mapping wins over anything a job infers.</summary>
    internal bool Resolve(string login, LoginSource source, bool isBot)
    {
        if (Kind == IdentityKind.GitHubLogin || LoginSource == LoginSource.Confirmed || source == LoginSource.Confirmed)
        {
            return false;
        }
        var normalized = Normalize(IdentityKind.GitHubLogin, login);
        if (Login == normalized && LoginSource >= source)
        {
            return false;
        }
        Login = normalized;
        LoginSource = source;
        IsBot |= isBot;
        return true;
    }

    /// <summary>A person (or a steward for them) confirmed this email or ORCID is that GitHub account.</summary>
    internal void Confirm(string login, string confirmedBy, DateTimeOffset now, bool isBot)
    {
        Login = Normalize(IdentityKind.GitHubLogin, login);
        LoginSource = LoginSource.Confirmed;
        ConfirmedAt = now;
        ConfirmedBy = confirmedBy;
        IsBot = isBot;
    }
}
