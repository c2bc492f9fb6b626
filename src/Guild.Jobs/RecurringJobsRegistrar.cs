using Guild.Jobs.Chain;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Jobs;

/// <summary>Upserts every recurring schedule at start under a constant id, so any number of processes can do it.</summary>
internal sealed class RecurringJobsRegistrar(IRecurringJobManager recurring, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var jobs = options.Value;
        recurring.AddOrUpdate<RecordChainHeadJob>(
            RecordChainHeadJob.RecurringId, job => job.RunAsync(CancellationToken.None), jobs.ChainHeadCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<IndexChainEventsJob>(
            IndexChainEventsJob.RecurringId, job => job.RunAsync(CancellationToken.None), jobs.ChainIndexCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        // Record the head right away rather than up to a minute later; a duplicate run is harmless.
        recurring.Trigger(RecordChainHeadJob.RecurringId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
