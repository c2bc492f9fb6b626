using Guild.Chain.Rewards;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Computes an epoch (see <see cref="ComputeEpochCommand"/>) with the weight set governance has in force on-chain.
/// Re-running it for unchanged inputs yields the same root. A refusal or a crash is recorded on the epoch, so its page
/// shows the reason and offers a retry.
/// </summary>
public sealed class ComputeEpochJob(ComputeEpochCommand compute, GovernedWeightsReader weights, GuildDbContext db, TimeProvider time)
{
    // A refused computation (published, out of order, invalid inputs) fails the job with the reason; retrying won't help.
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Compute epoch {0}")]
    public async Task RunAsync(long epoch, CancellationToken cancellationToken)
    {
        Guild.Core.Outcome<Epoch> outcome;
        try
        {
            outcome = await compute.ExecuteAsync(epoch, await weights.ReadAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await EpochFailures.RecordAsync(db, time, epoch, $"The computation failed: {e.Message}", retrying: false);
            throw;
        }
        if (outcome.Error is { } error and not EpochPublishedError)
        {
            await EpochFailures.RecordAsync(db, time, epoch, error.Message, retrying: false);
            throw new InvalidOperationException(error.Message);
        }
    }
}

/// <summary>Writes why a job on an epoch failed onto the epoch, from a clean context (the failed work may have left it dirty).</summary>
internal static class EpochFailures
{
    public static async Task RecordAsync(GuildDbContext db, TimeProvider time, long number, string reason, bool retrying)
    {
        db.ChangeTracker.Clear();
        if (await db.Epochs.SingleOrDefaultAsync(e => e.Number == number) is { IsPublished: false } epoch)
        {
            epoch.RecordFailure(reason, time.GetUtcNow(), retrying);
            await db.SaveChangesAsync();
        }
    }
}
