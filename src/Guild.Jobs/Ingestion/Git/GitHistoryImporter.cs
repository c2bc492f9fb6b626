using Guild.Core.Contributions;
using Guild.Core.Data;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Guild.Jobs.Ingestion.Git;

public sealed record GitImportResult(int Commits, string? Head);

/// <summary>
/// Imports the default branch of a local repository (a clone, or any working copy: the demo replays datasets into one)
/// as commit contributions: author identity (a noreply email also names its GitHub login), <c>Co-authored-by:</c>
/// trailers, the PR number from the subject, files changed and line counts, flagged paths and merges.
/// <para>
/// Resumable: the walk runs oldest first (topological) from the head it started with down to the previous import's head,
/// and the cursor saves the last commit of every batch with that batch. A restarted walk skips to the commit after it.
/// </para>
/// </summary>
public sealed partial class GitHistoryImporter(
    GuildDbContext db,
    RecordContributionsCommand record,
    ContributionRules rules,
    IOptions<GitImportOptions> options,
    TimeProvider time,
    ILogger<GitHistoryImporter> logger)
{
    public const string Stream = "git";

    /// <param name="onProgress">Called after each saved batch with (done, total), before the next one starts.</param>
    public async Task<GitImportResult> ImportAsync(long trackedRepositoryId, string repositoryPath, Func<long, long, Task>? onProgress, CancellationToken cancellationToken)
    {
        var repository = await db.TrackedRepositories.FindAsync([trackedRepositoryId], cancellationToken)
            ?? throw new InvalidOperationException($"No tracked repository {trackedRepositoryId}.");
        var source = ContributionSource.For(repository);
        using var git = new Repository(repositoryPath);
        var tip = git.Head.Tip;
        if (tip is null)
        {
            return new GitImportResult(0, null);
        }

        var cursor = await IngestionState.CursorAsync(db, trackedRepositoryId, Stream, cancellationToken);
        if (!cursor.WalkInProgress || git.Lookup<Commit>(cursor.PendingPosition!) is null)
        {
            if (cursor.Position == tip.Sha)
            {
                return new GitImportResult(0, tip.Sha);
            }
            cursor.BeginWalk(null, tip.Sha, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        var walkHead = cursor.PendingPosition!;
        var exclude = cursor.Position is { } position && git.Lookup<Commit>(position) is not null ? position : null;
        var filter = new CommitFilter { IncludeReachableFrom = walkHead, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse };
        if (exclude is not null)
        {
            filter.ExcludeReachableFrom = exclude;
        }
        var settings = options.Value;
        var commits = git.Commits.QueryBy(filter).ToList();
        var startAt = cursor.Pending is { } reached ? commits.FindIndex(c => c.Sha == reached) + 1 : 0;
        var lineCounts = settings.UseGitExecutable && GitNumstat.Available
            ? new LineCounts(repositoryPath, commits, startAt, settings.BatchSize, rules.Paths, cancellationToken)
            : null;

        var imported = 0;
        for (var index = startAt; index < commits.Count; index += settings.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = commits.Skip(index).Take(settings.BatchSize).ToList();
            var numstat = lineCounts is null ? null : await lineCounts.ForBatchAsync(index);
            var records = batch.Select(c => ToRecord(git, c, numstat)).ToList();
            cursor = await IngestionState.CursorAsync(db, trackedRepositoryId, Stream, cancellationToken);
            cursor.ContinueWalk(batch[^1].Sha, time.GetUtcNow());
            await record.ExecuteAsync(source, records, cancellationToken);
            // Keep the context small: a 100k-commit import would otherwise track every row it wrote.
            db.ChangeTracker.Clear();
            imported += batch.Count;
            if (onProgress is not null)
            {
                await onProgress(index + batch.Count, commits.Count);
            }
        }

        cursor = await IngestionState.CursorAsync(db, trackedRepositoryId, Stream, cancellationToken);
        cursor.CompleteWalk(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        LogImported(logger, repository.FullName, imported, walkHead);
        return new GitImportResult(imported, walkHead);
    }

    private ContributionRecord ToRecord(Repository git, Commit commit, Dictionary<string, CommitStats>? numstat)
    {
        var message = commit.Message ?? "";
        var subject = CommitMessages.Subject(message);
        var merge = commit.Parents.Count() > 1;
        var stats = merge ? default : numstat is not null ? numstat.GetValueOrDefault(commit.Sha) : PatchStatsOf(git, commit);
        var flags = (merge ? ContributionFlags.MergeCommit : ContributionFlags.None)
            | (stats.OnlyFlaggedPaths ? ContributionFlags.FlaggedPathsOnly : ContributionFlags.None);
        return new ContributionRecord(ContributionKind.Commit, commit.Sha, commit.Author.When)
        {
            Author = GitIdentities.FromEmail(commit.Author.Name, commit.Author.Email),
            CoAuthors = CommitMessages.CoAuthors(message).Select(c => GitIdentities.FromEmail(c.Name, c.Email)).OfType<IdentityRef>().ToList(),
            Title = subject.Length > 500 ? subject[..500] : subject,
            Number = CommitMessages.PullRequestNumber(subject),
            ChangedFiles = stats.ChangedFiles,
            Additions = stats.Additions,
            Deletions = stats.Deletions,
            FlaggedAdditions = stats.FlaggedAdditions,
            FlaggedDeletions = stats.FlaggedDeletions,
            Flags = flags,
            FlagsKnown = ContributionFlags.MergeCommit | ContributionFlags.FlaggedPathsOnly,
        };
    }

    /// <summary>
    /// Line counts per batch, read by up to one git process per core ahead of the batch being saved, so git's diffing
    /// (most of an import's cost) runs in parallel with itself and with the database writes.
    /// </summary>
    private sealed class LineCounts
    {
        private readonly Dictionary<int, Task<Dictionary<string, CommitStats>>> batches = [];

        public LineCounts(string repositoryPath, List<Commit> commits, int startAt, int batchSize, PathRules rules, CancellationToken cancellationToken)
        {
            var slots = new SemaphoreSlim(Environment.ProcessorCount);
            for (var index = startAt; index < commits.Count; index += batchSize)
            {
                var shas = commits.Skip(index).Take(batchSize).Where(c => c.Parents.Count() <= 1).Select(c => c.Sha).ToList();
                batches[index] = Task.Run(async () =>
                {
                    await slots.WaitAsync(cancellationToken);
                    try
                    {
                        return await GitNumstat.ReadAsync(repositoryPath, shas, rules, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, cancellationToken);
            }
        }

        public Task<Dictionary<string, CommitStats>> ForBatchAsync(int index) => batches[index];
    }

    /// <summary>The slow path, without a git executable: LibGit2Sharp's patch statistics against the first parent (renames detected).</summary>
    private CommitStats PatchStatsOf(Repository git, Commit commit)
    {
        var parent = commit.Parents.FirstOrDefault();
        using var patch = git.Diff.Compare<Patch>(parent?.Tree, commit.Tree, new CompareOptions { Similarity = SimilarityOptions.Renames, ContextLines = 0 });
        var stats = default(CommitStats);
        foreach (var file in patch)
        {
            stats = stats.Add(file.Path, file.LinesAdded, file.LinesDeleted, rules.Paths);
        }
        return stats;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Git import of {Repository}: {Commits} commits up to {Head}")]
    private static partial void LogImported(ILogger logger, string repository, int commits, string head);
}
