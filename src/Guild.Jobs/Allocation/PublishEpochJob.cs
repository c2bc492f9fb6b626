using System.Numerics;
using Guild.Chain.Rewards;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Data;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Hands a computed epoch's root to the chain: funds the distributor from the vested pool, publishes the root with the
/// cumulative total and the report hash, and marks the epoch published. Every step is idempotent (the transaction
/// outbox keys each send by purpose; the same root already on-chain counts as published), so a retry after a crash at
/// any point finishes the job without paying or publishing twice. An epoch whose tree has no account yet (nobody has
/// linked a wallet) has nothing to claim: it is published without a transaction. Each failed attempt is written on the
/// epoch, so its page says why (and that a retry follows, until the last).
/// </summary>
public sealed class PublishEpochJob(GuildDbContext db, RewardsPublisher publisher, TimeProvider time)
{
    public const int Retries = 5;

    [AutomaticRetry(Attempts = Retries)]
    [JobDisplayName("Publish epoch {0}'s root")]
    public async Task RunAsync(long number, PerformContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(number, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempt = (context?.GetJobParameter<int?>("RetryCount") ?? 0) + 1;
            var retrying = context is not null && attempt <= Retries;
            await EpochFailures.RecordAsync(db, time, number,
                $"Publishing failed (attempt {attempt} of {Retries + 1}{(retrying ? "; retrying" : "")}): {e.Message}", retrying);
            throw;
        }
    }

    private async Task PublishAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken)
            ?? throw new InvalidOperationException($"There is no epoch {number}.");
        if (epoch.IsPublished)
        {
            return;
        }
        if (epoch.CannotPublish() is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        if (epoch.Accounts == 0)
        {
            epoch.MarkPublished(time.GetUtcNow(), null);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await publisher.FundForEpochAsync(number, cancellationToken);
        await publisher.PublishRootAsync(number, Bytes(epoch.Root!), epoch.TotalCumulativeWei ?? BigInteger.Zero, Bytes(epoch.ReportHash!), cancellationToken);
        epoch.MarkPublished(time.GetUtcNow(), null);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static byte[] Bytes(string hash)
    {
        var bytes = new byte[32];
        Hash32.Parse(hash).WriteTo(bytes);
        return bytes;
    }
}
