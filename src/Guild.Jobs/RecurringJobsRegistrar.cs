using Guild.Core.Data;
using Guild.Jobs.Chain;
using Guild.Jobs.Ingestion;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Jobs;

/// <summary>
/// Upserts every recurring schedule at start under a constant id, so any number of processes can do it: the chain head,
/// the event indexer, the licence reminders,
/// and each tracked repository's sync and import (reconciled with the database, after migrations ran).
/// </summary>
internal sealed class RecurringJobsRegistrar(
    IRecurringJobManager recurring, IOptions<JobsOptions> options, IServiceScopeFactory scopes, IngestionSchedules ingestion) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var jobs = options.Value;
        recurring.AddOrUpdate<RecordChainHeadJob>(
            RecordChainHeadJob.RecurringId, job => job.RunAsync(CancellationToken.None), jobs.ChainHeadCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<IndexChainEventsJob>(
            IndexChainEventsJob.RecurringId, job => job.RunAsync(CancellationToken.None), jobs.ChainIndexCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<Licensing.LicenseReminderJob>(
            Licensing.LicenseReminderJob.RecurringId, job => job.RunAsync(CancellationToken.None), jobs.LicenseRemindersCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        // Members follow their locks: a lock made on the stake page counts at once (the page syncs), an ended one within minutes.
        recurring.AddOrUpdate<Members.MemberRoles>(
            Members.MemberRoles.RecurringId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *",
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<Members.RoadmapNotifications>(
            Members.RoadmapNotifications.RecurringId, job => job.RunAsync(CancellationToken.None), "* * * * *",
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        // Record the head right away rather than up to a minute later; a duplicate run is harmless.
        recurring.Trigger(RecordChainHeadJob.RecurringId);

        await using var scope = scopes.CreateAsyncScope();
        await ingestion.ReconcileAsync(scope.ServiceProvider.GetRequiredService<GuildDbContext>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
