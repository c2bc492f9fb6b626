using Guild.Core.People;

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
/// One way a person shows up in the history: a GitHub account, a git author email or an ORCID. Contributions attach
/// to the identity that made them; the identity points to the <see cref="Person"/> it belongs to, so scores roll up to
/// the person without rewriting contributions. A GitHub account is keyed by its numeric id once known: a rename
/// changes <see cref="Value"/> (the current login), never the person.
/// </summary>
public sealed class ContributorIdentity
{
    /// <summary>A GitHub row whose login another account took over: its value is a placeholder until it is seen again.</summary>
    public const char SupersededPrefix = '~';

    private ContributorIdentity() { }

    internal ContributorIdentity(IdentityKind kind, string value, string? displayName, bool isBot, Person person, long? gitHubId = null)
    {
        Kind = kind;
        Value = Normalize(kind, value);
        DisplayName = displayName;
        IsBot = isBot;
        Person = person;
        if (kind == IdentityKind.GitHubLogin)
        {
            Login = Value;
            GitHubId = gitHubId;
        }
    }

    public long Id { get; private set; }
    public IdentityKind Kind { get; private set; }

    /// <summary>Lower case: GitHub logins and emails are case-insensitive. For a GitHub account, its current login.</summary>
    public string Value { get; private set; } = "";

    /// <summary>GitHub accounts only: the account's numeric id, which survives renames (null while only the login is known).</summary>
    public long? GitHubId { get; private set; }

    public string? DisplayName { get; private set; }

    /// <summary>The GitHub login this identity is (for an account) or was resolved to (email, ORCID); null while unknown.</summary>
    public string? Login { get; private set; }

    public LoginSource LoginSource { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }
    public bool IsBot { get; private set; }

    public long PersonId { get; private set; }
    public Person? Person { get; private set; }

    public static string Normalize(IdentityKind kind, string value) => value.Trim().ToLowerInvariant();

    /// <summary>
    /// How public pages and files name this identity: a GitHub login or an ORCID as they are (both are public by
    /// design), an email only as a pseudonym (<c>email#17</c>), so nothing public pairs a person's email with a wallet.
    /// </summary>
    public string PublicLabel => Kind switch
    {
        IdentityKind.GitHubLogin => Value.StartsWith(SupersededPrefix) ? $"github#{GitHubId}" : $"github:{Value}",
        IdentityKind.Orcid => $"orcid:{Value}",
        _ => $"email#{Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };

    internal void Observe(string? displayName, bool isBot)
    {
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            DisplayName = displayName;
        }
        IsBot |= isBot;
    }

    /// <summary>Whether a job's inference of <paramref name="login"/> would change this email's or ORCID's mapping.</summary>
    internal bool WouldResolve(string login, LoginSource source)
    {
        if (Kind == IdentityKind.GitHubLogin || LoginSource == LoginSource.Confirmed || source == LoginSource.Confirmed)
        {
            return false;
        }
        return Login != Normalize(IdentityKind.GitHubLogin, login) || LoginSource < source;
    }

    /// <summary>Records a login found by a job (see <see cref="WouldResolve"/>); the caller moves the identity to that login's person.</summary>
    internal void Resolve(string login, LoginSource source, bool isBot)
    {
        Login = Normalize(IdentityKind.GitHubLogin, login);
        LoginSource = source;
        IsBot |= isBot;
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

    /// <summary>
    /// The owner of this email proved it by mail: confirmed, so no job's guess moves it again. It names the person's
    /// GitHub login when they have one; without one the mapping has no login.
    /// </summary>
    internal void ConfirmOwner(string? login, string confirmedBy, DateTimeOffset now)
    {
        Login = login is null ? null : Normalize(IdentityKind.GitHubLogin, login);
        LoginSource = LoginSource.Confirmed;
        ConfirmedAt = now;
        ConfirmedBy = confirmedBy;
    }

    internal void AssignTo(Person person)
    {
        Person = person;
        PersonId = person.Id;
    }

    /// <summary>GitHub accounts: the account id became known for a row seen by login only.</summary>
    internal void AdoptGitHubId(long id) => GitHubId = id;

    /// <summary>GitHub accounts: the account now goes by <paramref name="login"/>.</summary>
    internal void Rename(string login)
    {
        Value = Normalize(IdentityKind.GitHubLogin, login);
        Login = Value;
    }

    /// <summary>GitHub accounts: another account holds this row's login now; the row waits to be seen under its new one.</summary>
    internal void Supersede(long rowId) => Value = $"{SupersededPrefix}{rowId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
