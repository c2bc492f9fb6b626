using Guild.Core.Contributions;
using Guild.Core.Data;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>Opens or clones a tracked repository and imports its default-branch history (see <see cref="GitHistoryImporter"/>).</summary>
public sealed partial class GitImportJob(
    GuildDbContext db,
    GitRepositories repositories,
    GitHistoryImporter importer,
    TimeProvider time,
    ILogger<GitImportJob> logger)
{
    public const string Job = "git-import";

    public static string RecurringId(long repositoryId) => $"{Job}:{repositoryId}";

    public static string ProgressKey(long repositoryId) => $"{Job}/{repositoryId}";

    [JobDisplayName("Git history import of repository {0}")]
    public async Task RunAsync(long trackedRepositoryId, PerformContext? context, CancellationToken cancellationToken)
    {
        var repository = await db.TrackedRepositories.FindAsync([trackedRepositoryId], cancellationToken);
        if (repository is not { Active: true, GitUrl: not null })
        {
            LogSkipped(logger, trackedRepositoryId);
            return;
        }
        var key = ProgressKey(repository.Id);
        var progress = await IngestionState.ProgressAsync(db, Job, repository.Id, key, cancellationToken);
        progress.Start(context?.BackgroundJob?.Id, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var path = repositories.OpenOrClone(repository);
            var result = await importer.ImportAsync(repository.Id, path, async (done, total) =>
            {
                var current = await IngestionState.ProgressAsync(db, Job, trackedRepositoryId, key, cancellationToken);
                current.Report(done, total, $"{done} of {total} commits", time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                context?.SetJobParameter("Progress", $"{done} / {total}");
            }, cancellationToken);
            progress = await IngestionState.ProgressAsync(db, Job, repository.Id, key, cancellationToken);
            progress.Report(result.Commits, result.Commits, null, time.GetUtcNow());
            progress.Complete($"{result.Commits} commits imported up to {result.Head?[..Math.Min(12, result.Head.Length)]}", time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            progress = await IngestionState.ProgressAsync(db, Job, repository.Id, key, CancellationToken.None);
            progress.Fail($"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Git import skipped: repository {RepositoryId} is missing, inactive or has no git URL")]
    private static partial void LogSkipped(ILogger logger, long repositoryId);
}
