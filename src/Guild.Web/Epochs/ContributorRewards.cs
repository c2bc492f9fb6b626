using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>A contributor's wallet and their line in every epoch (newest first) with its status: /me and /api/me show it.</summary>
public sealed record ContributorRewards(string Contributor, string? Wallet, IReadOnlyList<(EpochContributor Line, EpochStatus Status)> Lines)
{
    /// <summary>The allocation's contributor id for a GitHub login, as the epoch snapshot names people.</summary>
    private static string ContributorOf(string login) => $"github:{login.ToLowerInvariant()}";

    public static async Task<ContributorRewards> LoadAsync(GuildDbContext db, string login, CancellationToken cancellationToken)
    {
        var contributor = ContributorOf(login);
        var wallet = await db.ContributorWallets.AsNoTracking().Where(w => w.Contributor == contributor).Select(w => w.Address).FirstOrDefaultAsync(cancellationToken);
        var lines = await db.EpochContributors.AsNoTracking().Where(c => c.Contributor == contributor).OrderByDescending(c => c.Epoch).ToListAsync(cancellationToken);
        var numbers = lines.Select(l => l.Epoch).ToList();
        var statuses = await db.Epochs.AsNoTracking().Where(e => numbers.Contains(e.Number)).ToDictionaryAsync(e => e.Number, e => e.Status, cancellationToken);
        return new ContributorRewards(contributor, wallet, lines.Select(l => (l, statuses[l.Epoch])).ToList());
    }
}
