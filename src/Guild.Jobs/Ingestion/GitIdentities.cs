using Guild.Core.Contributions;

namespace Guild.Jobs.Ingestion;

/// <summary>How git's author fields become identities: the email is the identity, a noreply email also names its login.</summary>
public static class GitIdentities
{
    public static IdentityRef FromEmail(string? name, string? email)
    {
        var value = string.IsNullOrWhiteSpace(email) ? $"(no email) {name}" : email.Trim();
        var login = ContributionRules.LoginFromNoreply(email);
        return new IdentityRef(IdentityKind.GitEmail, value, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), login,
            login is null ? LoginSource.None : LoginSource.NoreplyEmail);
    }
}
