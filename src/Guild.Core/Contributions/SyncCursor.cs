namespace Guild.Core.Contributions;

/// <summary>
/// Where a job stands in one stream of one repository (<c>issues</c>, <c>issue-comments</c>, <c>review-comments</c>,
/// <c>commits</c>, <c>git</c>). It is saved in the same transaction as the contributions of each page or batch, so a
/// crashed or rescheduled job resumes exactly here.
/// </summary>
public sealed class SyncCursor
{
    private SyncCursor() { }

    public SyncCursor(long trackedRepositoryId, string stream)
    {
        TrackedRepositoryId = trackedRepositoryId;
        Stream = stream;
    }

    public long TrackedRepositoryId { get; private set; }
    public string Stream { get; private set; } = "";

    /// <summary>High-water mark of the source's <c>updated_at</c> for streams read oldest-first with <c>since</c>.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>The ETag of the last response to <see cref="ETagRequest"/>; sent as If-None-Match so an unchanged stream costs nothing.</summary>
    public string? ETag { get; private set; }
    public string? ETagRequest { get; private set; }

    /// <summary>A walk in progress: the next page's URL (API) or the commit reached (git).</summary>
    public string? Pending { get; private set; }

    /// <summary>What the walk in progress will set as <see cref="Position"/> when it completes.</summary>
    public string? PendingPosition { get; private set; }

    /// <summary>A completed walk's end: the newest commit imported (git) or seen (API commits).</summary>
    public string? Position { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void MoveSince(DateTimeOffset since, DateTimeOffset now)
    {
        if (Since is null || since > Since)
        {
            Since = since;
        }
        UpdatedAt = now;
    }

    public void RememberETag(string request, string? etag, DateTimeOffset now)
    {
        ETagRequest = etag is null ? null : request;
        ETag = etag;
        UpdatedAt = now;
    }

    /// <summary>True when <paramref name="request"/> is the one the stored ETag answers.</summary>
    public string? ETagFor(string request) => ETagRequest == request ? ETag : null;

    public void BeginWalk(string? pending, string? pendingPosition, DateTimeOffset now)
    {
        Pending = pending;
        PendingPosition = pendingPosition;
        UpdatedAt = now;
    }

    public void ContinueWalk(string? pending, DateTimeOffset now)
    {
        Pending = pending;
        UpdatedAt = now;
    }

    public void CompleteWalk(DateTimeOffset now)
    {
        Position = PendingPosition ?? Position;
        Pending = null;
        PendingPosition = null;
        UpdatedAt = now;
    }

    public bool WalkInProgress => PendingPosition is not null;
}
