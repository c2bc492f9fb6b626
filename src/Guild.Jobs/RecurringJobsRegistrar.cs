using Guild.Core.Data;
using Guild.Jobs.Chain;
using Guild.Jobs.Ingestion;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Guild.Jobs;

/// <summary>
/// Upserts every recurring schedule at start under a constant id, so any number of processes can do it: the chain head,
/// the event indexer, the licence reminders,
/// and each tracked repository's sync and import (reconciled with the database, after migrations ran).
/// <para>
/// A schedule's lock left behind by a worker that was killed does not stop this one: it holds the registration up until
/// the lock times out (<see cref="JobsOptions.DistributedLockTimeoutSeconds"/>), and meanwhile the worker runs jobs
/// while the registration is retried in the background. Any other failure (a bad cron, no database) still stops the
/// start, loudly.
/// </para>
/// </summary>
internal sealed partial class RecurringJobsRegistrar(
    IRecurringJobManager recurring, IOptions<JobsOptions> options, IServiceScopeFactory scopes, IngestionSchedules ingestion,
    ILogger<RecurringJobsRegistrar> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource stopping = new();
    private Task retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAsync(cancellationToken);
        }
        catch (DistributedLockTimeoutException ex)
        {
            LogRetrying(logger, ex, RetryDelay.TotalSeconds);
            retries = RetryAsync(stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, cancellationToken);
                await RegisterAsync(cancellationToken);
                LogRegistered(logger);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) // in the background, anything is worth another try: the worker is already running
            {
                LogRetrying(logger, ex, RetryDelay.TotalSeconds);
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
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

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Registering the recurring schedules failed; retrying every {Seconds} s while the worker runs")]
    private static partial void LogRetrying(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Recurring schedules registered after a retry")]
    private static partial void LogRegistered(ILogger logger);
}
