using Guild.Core.Allocation.Epochs;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>
/// The person a portal account acts for, their GitHub accounts, wallet and their line in every epoch (newest first, lines
/// of people merged into them included) with its status: /me and /api/me show it.
/// </summary>
public sealed record ContributorRewards(Person? Person, IReadOnlyList<string> GitHubLogins, string? Wallet, IReadOnlyList<(EpochContributor Line, EpochStatus Status)> Lines)
{
    public string? Contributor => Person?.Key;

    /// <summary>
    /// How the wallet message names whose rewards are paid: the GitHub account, else the portal account's email, each with
    /// the person's id (the message is shown to its signer only; public pages never put an email beside a wallet).
    /// </summary>
    public static string PayeeOf(Person person, IReadOnlyList<string> gitHubLogins, string? accountEmail) =>
        gitHubLogins.Count > 0 ? $"GitHub account @{gitHubLogins[0]} ({person.Key})"
        : !string.IsNullOrWhiteSpace(accountEmail) ? $"the account {accountEmail.Trim()} ({person.Key})"
        : person.Key;

    public static async Task<ContributorRewards> LoadAsync(GuildDbContext db, string userId, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (person is null)
        {
            return new ContributorRewards(null, [], null, []);
        }
        var logins = await db.ContributorIdentities.AsNoTracking()
            .Where(i => i.PersonId == person.Id && i.Kind == IdentityKind.GitHubLogin && !i.Value.StartsWith("~"))
            .OrderBy(i => i.Id).Select(i => i.Value).ToListAsync(cancellationToken);
        var wallet = await db.ContributorWallets.AsNoTracking().Where(w => w.PersonId == person.Id).Select(w => w.Address).FirstOrDefaultAsync(cancellationToken);
        var keys = (await db.People.AsNoTracking().Where(p => p.MergedIntoId == person.Id).Select(p => p.Id).ToListAsync(cancellationToken))
            .Append(person.Id).Select(Person.KeyOf).ToList();
        var lines = await db.EpochContributors.AsNoTracking().Where(c => keys.Contains(c.Contributor)).OrderByDescending(c => c.Epoch).ToListAsync(cancellationToken);
        var numbers = lines.Select(l => l.Epoch).Distinct().ToList();
        var statuses = await db.Epochs.AsNoTracking().Where(e => numbers.Contains(e.Number)).ToDictionaryAsync(e => e.Number, e => e.Status, cancellationToken);
        return new ContributorRewards(person, logins, wallet, lines.Select(l => (l, statuses[l.Epoch])).ToList());
    }
}
