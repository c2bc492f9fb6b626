using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Git;
using Guild.Jobs.Ingestion.GitHub;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Ingestion;

/// <summary>
/// Per-repository recurring schedules under constant ids (<c>github-sync:12</c>, <c>git-import:12</c>): upserted when
/// a steward adds or edits a repository, removed when it is deactivated, and reconciled with the database at start.
/// </summary>
public sealed class IngestionSchedules(IRecurringJobManager recurring, IBackgroundJobClient jobs)
{
    private static readonly RecurringJobOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    public void Apply(TrackedRepository repository)
    {
        var id = repository.Id;
        if (!repository.Active)
        {
            recurring.RemoveIfExists(GitHubSyncJob.RecurringId(id));
            recurring.RemoveIfExists(GitImportJob.RecurringId(id));
            return;
        }
        recurring.AddOrUpdate<GitHubSyncJob>(GitHubSyncJob.RecurringId(id), job => job.RunAsync(id, null, CancellationToken.None), repository.SyncCron, Utc);
        if (repository.GitUrl is not null)
        {
            recurring.AddOrUpdate<GitImportJob>(GitImportJob.RecurringId(id), job => job.RunAsync(id, null, CancellationToken.None), repository.SyncCron, Utc);
        }
        else
        {
            recurring.RemoveIfExists(GitImportJob.RecurringId(id));
        }
    }

    /// <summary>
    /// A steward's "sync now", from the page or the API alike: the GitHub sync, and the git import when the repository
    /// has a git source. Refused for a missing or deactivated repository.
    /// </summary>
    /// <returns>The ids of the queued jobs.</returns>
    public async Task<Guild.Core.Outcome<IReadOnlyList<string>>> SyncNowAsync(GuildDbContext db, long id, CancellationToken cancellationToken)
    {
        var repository = await db.TrackedRepositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (repository is null)
        {
            return new TrackedRepositoryNotFoundError(id);
        }
        if (!repository.Active)
        {
            return new TrackedRepositoryInactiveError(repository.FullName);
        }
        List<string> queued = [EnqueueGitHubSync(id)];
        if (repository.GitUrl is not null)
        {
            queued.Add(EnqueueGitImport(id));
        }
        return queued;
    }

    public string EnqueueGitHubSync(long id) => jobs.Enqueue<GitHubSyncJob>(job => job.RunAsync(id, null, CancellationToken.None));

    public string EnqueueGitImport(long id) => jobs.Enqueue<GitImportJob>(job => job.RunAsync(id, null, CancellationToken.None));

    public async Task ReconcileAsync(GuildDbContext db, CancellationToken cancellationToken)
    {
        foreach (var repository in await db.TrackedRepositories.AsNoTracking().ToListAsync(cancellationToken))
        {
            Apply(repository);
        }
    }
}
