namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// GitHub asked us to wait (primary limit spent, secondary limit, 429) or the token's budget fell to the reserve.
/// The sync job turns it into a rescheduled run at <see cref="ResumeAt"/> instead of holding a worker thread.
/// </summary>
public sealed class GitHubRateLimitedException(DateTimeOffset resumeAt, string reason, Exception? inner = null)
    : Exception($"GitHub rate limit: {reason}; resume at {resumeAt:u}", inner)
{
    public DateTimeOffset ResumeAt { get; } = resumeAt;
    public string Reason { get; } = reason;
}
