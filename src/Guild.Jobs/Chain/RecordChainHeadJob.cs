using Guild.Chain.Blocks;
using Guild.Core.Chain;
using Guild.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Chain;

/// <summary>Reads the chain's latest block through Guild.Chain and stores it as the chain head the portal shows.</summary>
public sealed class RecordChainHeadJob(BlockReader blocks, GuildDbContext db, TimeProvider time)
{
    public const string RecurringId = "chain-head";

    // Re-running is harmless (the head only moves forward), so a few quick retries are enough.
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var block = await blocks.GetLatestAsync(cancellationToken);
        var head = await db.ChainHeads.FindAsync([block.ChainId], cancellationToken);
        var isNew = head is null;
        if (head is null)
        {
            head = new ChainHead(block.ChainId);
            db.ChainHeads.Add(head);
        }
        head.Observe(block.Number, block.Hash, block.Timestamp, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (isNew)
        {
            // Another run inserted the first row for this chain meanwhile: move that row forward instead.
            db.ChangeTracker.Clear();
            var existing = await db.ChainHeads.SingleAsync(h => h.ChainId == block.ChainId, cancellationToken);
            existing.Observe(block.Number, block.Hash, block.Timestamp, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
