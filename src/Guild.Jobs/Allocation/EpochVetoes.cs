using System.Text.Json;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Applies the vetoes the indexer found: an epoch whose published root governance vetoed on-chain goes back to
/// computed, with the reason on its page, so a steward can correct and publish it again.
/// </summary>
public sealed class EpochVetoes(GuildDbContext db, TimeProvider time)
{
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var vetoes = await db.ChainEvents.AsNoTracking()
            .Where(e => e.Contract == "RewardsDistributor" && e.Name == "RootVetoed")
            .Select(e => e.Payload).ToListAsync(cancellationToken);
        var applied = 0;
        foreach (var payload in vetoes)
        {
            using var json = JsonDocument.Parse(payload);
            var number = long.Parse(json.RootElement.GetProperty("epoch").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var root = json.RootElement.GetProperty("root").GetString()!;
            var by = json.RootElement.GetProperty("by").GetString()!;
            if (await db.Epochs.SingleOrDefaultAsync(e => e.Number == number && e.Root == root && e.VetoedRoot != root, cancellationToken) is { } epoch)
            {
                epoch.MarkVetoed(root, by, time.GetUtcNow());
                applied++;
            }
        }
        if (applied > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return applied;
    }
}
