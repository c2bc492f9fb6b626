using Guild.Core.Contributions;

namespace Guild.Jobs.Ingestion;

/// <summary>How git's author fields become identities: the email is the identity, a noreply email also names its login.</summary>
public static class GitIdentities
{
    /// <summary>The identity of a git author or co-author; null for a placeholder email (<c>&lt;&gt;</c>, <c>none</c>, no <c>@</c>), which names nobody.</summary>
    public static IdentityRef? FromEmail(string? name, string? email)
    {
        if (ContributionsValidation.IsPlaceholderEmail(email))
        {
            return null;
        }
        var value = email!.Trim();
        var login = ContributionRules.LoginFromNoreply(value);
        return new IdentityRef(IdentityKind.GitEmail, value, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), login,
            login is null ? LoginSource.None : LoginSource.NoreplyEmail)
        {
            GitHubId = ContributionRules.IdFromNoreply(value),
        };
    }
}
