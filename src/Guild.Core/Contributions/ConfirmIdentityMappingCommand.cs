using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>
/// Records that a git email or an ORCID belongs to a GitHub account, as a person confirmed it in the portal. Their
/// contributions then roll up to that login; no job's guess can override it.
/// </summary>
public sealed class ConfirmIdentityMappingCommand(GuildDbContext db, ContributionRules rules, TimeProvider time)
{
    /// <param name="replaceConfirmed">
    /// A steward's decision replaces an earlier confirmation; a person's own claim (a verified GitHub email) does not
    /// take over an email or ORCID already confirmed for someone else: that needs a steward.
    /// </param>
    public async Task<Outcome<ContributorIdentity>> ExecuteAsync(IdentityKind kind, string? value, string? login, string confirmedBy, CancellationToken cancellationToken, bool replaceConfirmed = true)
    {
        var errors = new FieldErrors();
        var trimmed = value?.Trim();
        switch (kind)
        {
            case IdentityKind.GitEmail when !ContributionsValidation.IsEmail(trimmed):
                errors.Add("value", "must be an email address");
                break;
            case IdentityKind.Orcid when !ContributionsValidation.IsOrcid(trimmed):
                errors.Add("value", "must be an ORCID such as 0000-0002-1825-0097");
                break;
            case IdentityKind.GitHubLogin:
                errors.Add("kind", "must be GitEmail or Orcid: a GitHub login needs no mapping");
                break;
        }
        if (!ContributionsValidation.IsLogin(login?.Trim()))
        {
            errors.Add("login", "must be a GitHub login");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var normalized = ContributorIdentity.Normalize(kind, trimmed!);
        var identity = await db.ContributorIdentities.SingleOrDefaultAsync(i => i.Kind == kind && i.Value == normalized, cancellationToken);
        if (identity is null)
        {
            identity = new ContributorIdentity(kind, normalized, null, isBot: false);
            db.ContributorIdentities.Add(identity);
        }
        var claimed = ContributorIdentity.Normalize(IdentityKind.GitHubLogin, login!);
        if (!replaceConfirmed && identity.LoginSource == LoginSource.Confirmed && identity.Login != claimed)
        {
            return new IdentityConfirmedForAnotherError(normalized, identity.Login!);
        }
        identity.Confirm(login!.Trim(), confirmedBy, time.GetUtcNow(), rules.IsBot(login));
        await db.SaveChangesAsync(cancellationToken);
        return identity;
    }
}
