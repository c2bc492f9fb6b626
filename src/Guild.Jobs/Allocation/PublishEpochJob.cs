using System.Numerics;
using Guild.Chain.Rewards;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Hands a computed epoch's root to the chain: funds the distributor from the vested pool, publishes the root with the
/// cumulative total and the report hash, and marks the epoch published. Every step is idempotent (the transaction
/// outbox keys each send by purpose; the same root already on-chain counts as published), so a retry after a crash at
/// any point finishes the job without paying or publishing twice. An epoch whose tree has no account yet (nobody has
/// linked a wallet) has nothing to claim: it is published without a transaction; the distributor accepts gaps in epochs.
/// </summary>
public sealed class PublishEpochJob(GuildDbContext db, RewardsPublisher publisher, TimeProvider time)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken)
            ?? throw new InvalidOperationException($"There is no epoch {number}.");
        if (epoch.IsPublished)
        {
            return;
        }
        if (epoch.Status != EpochStatus.Computed)
        {
            throw new InvalidOperationException($"Epoch {number} is {epoch.Status}: compute it before publishing.");
        }

        if (epoch.Accounts == 0)
        {
            epoch.MarkPublished(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await publisher.FundForEpochAsync(number, cancellationToken);
        await publisher.PublishRootAsync(number, Bytes(epoch.Root!), epoch.TotalCumulativeWei ?? BigInteger.Zero, Bytes(epoch.ReportHash!), cancellationToken);
        epoch.MarkPublished(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    private static byte[] Bytes(string hash)
    {
        var bytes = new byte[32];
        Hash32.Parse(hash).WriteTo(bytes);
        return bytes;
    }
}
