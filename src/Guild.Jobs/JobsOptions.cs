using System.ComponentModel.DataAnnotations;

namespace Guild.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process. The portal turns it off when dedicated workers do the work.</summary>
    public bool ServerEnabled { get; set; } = true;

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often an idle server asks storage for work. SQLite storage only polls, so keep it short.</summary>
    [Range(0.1, 300)]
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// PostgreSQL storage: how long a job a worker fetched stays hidden from the others. Running workers keep extending
    /// it (sliding), so it bounds only how soon the job of a worker that died (killed, out of memory, redeployed) runs
    /// again elsewhere: minutes, not Hangfire's default half hour.
    /// </summary>
    [Range(1, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// PostgreSQL storage: how old a Hangfire lock (a recurring schedule's, a job's state) must be before another process
    /// may break it. A killed worker never releases its locks, and the storage's default of ten minutes kept a restarted
    /// worker from starting for that long. Locks are held for milliseconds; the two jobs that hold one while they run
    /// (the chain indexer, the licence reminders) are safe to overlap, so a minute is plenty.
    /// </summary>
    [Range(1, 3600)]
    public int DistributedLockTimeoutSeconds { get; set; } = 60;

    /// <summary>Upsert the recurring schedules at start (safe from every process: ids are constant).</summary>
    public bool ScheduleRecurringJobs { get; set; } = true;

    /// <summary>Cron for the chain-head job.</summary>
    [Required]
    public string ChainHeadCron { get; set; } = "* * * * *";

    /// <summary>Cron for the event indexer.</summary>
    [Required]
    public string ChainIndexCron { get; set; } = "* * * * *";

    /// <summary>Cron for the licence reminder mails (60, 30 and 7 days before expiry, under-staked).</summary>
    [Required]
    public string LicenseRemindersCron { get; set; } = "17 * * * *";

    /// <summary>Touched every few seconds while the worker runs, for container health checks; empty to disable.</summary>
    public string? HeartbeatFile { get; set; }
}
