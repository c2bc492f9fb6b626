using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>
/// Records that a git email or an ORCID belongs to a GitHub account, as a person confirmed it in the portal. The
/// identity joins that account's person (its contributions count for them); no job's guess can override it.
/// </summary>
public sealed class ConfirmIdentityMappingCommand(GuildDbContext db, ContributionRules rules, PersonLinks links, TimeProvider time)
{
    /// <param name="replaceConfirmed">
    /// A steward's decision replaces an earlier confirmation; a person's own claim (a verified GitHub email) does not
    /// take over an email or ORCID already confirmed for someone else: that needs a steward.
    /// </param>
    /// <param name="gitHubId">The account's numeric id, when the caller knows it (an OAuth link does).</param>
    public async Task<Outcome<ContributorIdentity>> ExecuteAsync(IdentityKind kind, string? value, string? login, string confirmedBy, CancellationToken cancellationToken,
        bool replaceConfirmed = true, long? gitHubId = null)
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

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var normalized = ContributorIdentity.Normalize(kind, trimmed!);
        var claimed = login!.Trim();
        var account = await links.GitHubAccountAsync(claimed, gitHubId, rules.IsBot(claimed), confirmedBy, cancellationToken);
        var person = account.Person ?? await db.People.SingleAsync(p => p.Id == account.PersonId, cancellationToken);
        var identity = await db.ContributorIdentities.SingleOrDefaultAsync(i => i.Kind == kind && i.Value == normalized, cancellationToken);
        if (identity is null)
        {
            identity = new ContributorIdentity(kind, normalized, null, isBot: false, person);
            db.ContributorIdentities.Add(identity);
        }
        else
        {
            if (!replaceConfirmed && identity.LoginSource == LoginSource.Confirmed && identity.PersonId != person.Id)
            {
                return new IdentityConfirmedForAnotherError(normalized, identity.Login!);
            }
            var moved = await links.MoveAsync(identity, person, replaceConfirmed ? "identity mapping confirmed by a steward" : "verified email of the GitHub account",
                confirmedBy, cancellationToken);
            if (moved.Error is { } refused)
            {
                return refused;
            }
        }
        identity.Confirm(claimed, confirmedBy, time.GetUtcNow(), rules.IsBot(claimed));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return identity;
    }
}
