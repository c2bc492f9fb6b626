using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.People;

/// <summary>The person a portal account acts for after linking a GitHub account, and how many verified emails another person already holds.</summary>
public sealed record LinkedGitHubAccount(Person Person, ContributorIdentity Account, int EmailsSkipped);

/// <summary>
/// A portal account proved a GitHub account (OAuth): the account's person becomes the portal account's person (an
/// earlier person of the portal account merges into it, so a second GitHub account adds to the same person), and the
/// account's verified emails join it unless a steward confirmed them for someone else.
/// </summary>
public sealed class LinkGitHubAccountCommand(GuildDbContext db, PersonLinks links, ContributionRules rules, ConfirmIdentityMappingCommand confirm)
{
    /// <param name="gitHubId">The numeric account id (null only where no OAuth ran, as for the demo contributor).</param>
    public async Task<Outcome<LinkedGitHubAccount>> ExecuteAsync(string userId, string by, string login, long? gitHubId, IReadOnlyList<string> verifiedEmails,
        CancellationToken cancellationToken)
    {
        if (!ContributionsValidation.IsLogin(login))
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["login"] = ["must be a GitHub login"] });
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var account = await links.GitHubAccountAsync(login, gitHubId, rules.IsBot(login), by, cancellationToken);
        var person = account.Person ?? await db.People.SingleAsync(p => p.Id == account.PersonId, cancellationToken);
        var attached = await links.AttachUserAsync(userId, person, "GitHub account linked by its owner", by, cancellationToken);
        if (attached.Error is { } error)
        {
            return error;
        }
        await db.SaveChangesAsync(cancellationToken);
        var skipped = 0;
        foreach (var email in verifiedEmails)
        {
            var confirmed = await confirm.ExecuteAsync(IdentityKind.GitEmail, email, account.Value, by, cancellationToken, replaceConfirmed: false, gitHubId: gitHubId);
            if (confirmed.Error is not null)
            {
                skipped++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new LinkedGitHubAccount(attached.Value!, account, skipped);
    }
}
