using Guild.Core;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Starts computing or publishing an epoch for a steward, from the API or the portal alike: checks the move is possible
/// now (an impossible one is refused with the reason, nothing queued), marks the epoch busy and queues the job.
/// </summary>
public sealed class EpochJobs(GuildDbContext db, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <returns>The Hangfire job id.</returns>
    public async Task<Outcome<string>> ComputeAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return new EpochNotFoundError(number);
        }
        var now = time.GetUtcNow();
        if (epoch.CannotCompute(now) is { } refused)
        {
            return refused;
        }
        if (await db.Epochs.AsNoTracking().Where(e => e.Number < number).OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken) is { IsPublished: false } previous)
        {
            return new PreviousEpochNotPublishedError(number, previous.Number);
        }
        if (epoch.PublishStarted(await db.ChainTransactions.AnyAsync(t => t.Purpose == Epoch.PublishPurpose(number), cancellationToken)))
        {
            return new EpochPublishStartedError(number);
        }
        epoch.Begin(EpochActivity.Computing, now);
        await db.SaveChangesAsync(cancellationToken);
        return jobs.Enqueue<ComputeEpochJob>(j => j.RunAsync(number, CancellationToken.None));
    }

    /// <returns>The Hangfire job id.</returns>
    public async Task<Outcome<string>> PublishAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return new EpochNotFoundError(number);
        }
        var now = time.GetUtcNow();
        if (epoch.CannotPublish() is { } refused)
        {
            return refused;
        }
        if (epoch.Activity == EpochActivity.Computing && epoch.IsBusy(now))
        {
            return new EpochBusyError(number, epoch.Activity);
        }
        epoch.Begin(EpochActivity.Publishing, now);
        await db.SaveChangesAsync(cancellationToken);
        return jobs.Enqueue<PublishEpochJob>(j => j.RunAsync(number, null, CancellationToken.None));
    }
}
