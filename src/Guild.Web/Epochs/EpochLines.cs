using Guild.Core.Allocation.Epochs;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>How an epoch's lines can be ordered on its page and in the API.</summary>
public enum EpochLineOrder { Share, Wallet }

/// <summary>
/// An epoch's lines as pages and the API list them, filtered, ordered and paged in the database: an epoch of a hundred
/// thousand contributors is never loaded to show twenty-five of them.
/// </summary>
public static class EpochLines
{
    /// <summary>How many people a name search matches at most before the lines are filtered by them.</summary>
    private const int MaxPeopleFound = 1000;

    /// <summary>The lines ranked <paramref name="skip"/>..+<paramref name="take"/> in the epoch's list (largest share first): a range of the rank index, however far down.</summary>
    public static Task<List<EpochContributor>> PageAsync(GuildDbContext db, long epoch, int skip, int take, CancellationToken cancellationToken) =>
        db.EpochContributors.AsNoTracking().Where(c => c.Epoch == epoch && c.Rank >= skip && c.Rank < skip + take).OrderBy(c => c.Rank).ToListAsync(cancellationToken);

    /// <summary>
    /// The lines whose person's GitHub login or ORCID, person key or wallet contains <paramref name="search"/>
    /// (ignoring case); all of them when it is empty.
    /// </summary>
    public static async Task<IQueryable<EpochContributor>> SearchAsync(GuildDbContext db, long epoch, string? search, CancellationToken cancellationToken)
    {
        var lines = db.EpochContributors.AsNoTracking().Where(c => c.Epoch == epoch);
        if (string.IsNullOrWhiteSpace(search))
        {
            return lines;
        }
        var term = search.Trim().ToLowerInvariant();
        // Pages name people by login or ORCID (PersonLabels), never by email: search what they show.
        var named = await db.ContributorIdentities.AsNoTracking()
            .Where(i => i.Kind != IdentityKind.GitEmail && i.Value.ToLower().Contains(term))
            .Select(i => i.PersonId).Distinct().Take(MaxPeopleFound).ToListAsync(cancellationToken);
        var merged = await db.People.AsNoTracking().Where(p => p.MergedIntoId != null && named.Contains(p.MergedIntoId.Value))
            .Select(p => p.Id).Take(MaxPeopleFound).ToListAsync(cancellationToken);
        var keys = named.Concat(merged).Select(Person.KeyOf).ToList();
        return lines.Where(c => keys.Contains(c.Contributor) || c.Contributor.Contains(term) || (c.Wallet != null && c.Wallet.ToLower().Contains(term)));
    }

    /// <summary>By share: the stored rank (largest score share first, the amount's order too: more score never means fewer tokens; ties by key), or its reverse.</summary>
    public static IQueryable<EpochContributor> Ordered(IQueryable<EpochContributor> lines, EpochLineOrder order, bool descending) => (order, descending) switch
    {
        (EpochLineOrder.Wallet, false) => lines.OrderBy(c => c.Wallet).ThenBy(c => c.Rank),
        (EpochLineOrder.Wallet, true) => lines.OrderByDescending(c => c.Wallet).ThenBy(c => c.Rank),
        (_, false) => lines.OrderByDescending(c => c.Rank),
        _ => lines.OrderBy(c => c.Rank),
    };
}
