namespace Guild.Core.Contributions;

public enum IngestionStatus
{
    Running,
    Completed,

    /// <summary>Rate-limited: rescheduled for <see cref="IngestionProgress.ResumeAt"/>, resuming from its cursors.</summary>
    Waiting,
    Failed,
}

/// <summary>
/// The latest run of one ingestion job for one repository (or one papers file): done / total, status and why it
/// waits. Jobs write it at page and batch boundaries; the stewards' pages and the Hangfire dashboard read it.
/// </summary>
public sealed class IngestionProgress
{
    private IngestionProgress() { }

    public IngestionProgress(string job, long? trackedRepositoryId, string key)
    {
        Job = job;
        TrackedRepositoryId = trackedRepositoryId;
        Key = key;
    }

    /// <summary><c>github-sync/12</c>, <c>git-import/12</c>, <c>papers/genesis.csv</c>.</summary>
    public string Key { get; private set; } = "";
    public string Job { get; private set; } = "";
    public long? TrackedRepositoryId { get; private set; }
    public IngestionStatus Status { get; private set; }
    public long Done { get; private set; }
    public long? Total { get; private set; }
    public string? Detail { get; private set; }
    public string? HangfireJobId { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public DateTimeOffset? ResumeAt { get; private set; }

    public void Start(string? hangfireJobId, DateTimeOffset now)
    {
        Status = IngestionStatus.Running;
        Done = 0;
        Total = null;
        Detail = null;
        HangfireJobId = hangfireJobId;
        StartedAt = now;
        UpdatedAt = now;
        FinishedAt = null;
        ResumeAt = null;
    }

    public void Report(long done, long? total, string? detail, DateTimeOffset now)
    {
        Done = done;
        Total = total is null ? Total : Math.Max(total.Value, done);
        Detail = detail ?? Detail;
        UpdatedAt = now;
    }

    public void Complete(string? detail, DateTimeOffset now)
    {
        Status = IngestionStatus.Completed;
        Total = Done;
        Detail = detail ?? Detail;
        UpdatedAt = now;
        FinishedAt = now;
    }

    public void Wait(DateTimeOffset resumeAt, string reason, DateTimeOffset now)
    {
        Status = IngestionStatus.Waiting;
        ResumeAt = resumeAt;
        Detail = reason;
        UpdatedAt = now;
    }

    public void Fail(string reason, DateTimeOffset now)
    {
        Status = IngestionStatus.Failed;
        Detail = reason.Length > 500 ? reason[..500] : reason;
        UpdatedAt = now;
        FinishedAt = now;
    }
}
