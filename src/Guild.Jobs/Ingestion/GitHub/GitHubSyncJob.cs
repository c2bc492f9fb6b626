using System.Globalization;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// Pulls one repository's pull requests (with size, merger and reviews), issues, issue and review comments, and
/// default-branch commits from the GitHub REST API into the contribution store.
/// <para>
/// Incremental and resumable: each stream has a cursor saved with every page. Issues and comments are read oldest-update
/// first from the cursor's <c>since</c>; commits newest first down to the last head seen. The first page of each stream
/// is asked with the ETag of its previous answer, so an unchanged repository answers 304s that cost no rate limit. A
/// rate-limit answer (or the budget falling to the reserve) reschedules the job for the reset time; any other failure
/// escapes for Hangfire to retry, and the retry resumes from the cursors.
/// </para>
/// See <c>src/Guild.Jobs/Ingestion/README.md</c>.
/// </summary>
public sealed partial class GitHubSyncJob(
    GuildDbContext db,
    GitHubClientFactory clients,
    RecordContributionsCommand record,
    IBackgroundJobClient jobs,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<GitHubSyncJob> logger)
{
    public const string Job = "github-sync";
    public const string IssuesStream = "issues";
    public const string IssueCommentsStream = "issue-comments";
    public const string ReviewCommentsStream = "review-comments";
    public const string CommitsStream = "commits";

    public static string RecurringId(long repositoryId) => $"{Job}:{repositoryId}";

    public static string ProgressKey(long repositoryId) => $"{Job}/{repositoryId}";

    private long done;
    private long total;

    [JobDisplayName("GitHub sync of repository {0}")]
    public async Task RunAsync(long trackedRepositoryId, PerformContext? context, CancellationToken cancellationToken)
    {
        var repository = await db.TrackedRepositories.FindAsync([trackedRepositoryId], cancellationToken);
        if (repository is not { Active: true })
        {
            LogSkippedInactive(logger, trackedRepositoryId);
            return;
        }
        var progress = await IngestionState.ProgressAsync(db, Job, repository.Id, ProgressKey(repository.Id), cancellationToken);
        if (progress is { Status: IngestionStatus.Waiting, ResumeAt: { } resumeAt } && resumeAt > time.GetUtcNow().AddSeconds(5))
        {
            // A rate-limited run is already scheduled for the reset; this (recurring) run would only hit the limit again.
            LogSkippedWaiting(logger, repository.FullName, resumeAt);
            return;
        }
        progress.Start(context?.BackgroundJob?.Id, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        using var api = await clients.CreateAsync(repository, cancellationToken);
        var source = ContributionSource.For(repository);
        var run = new Run(repository, source, api, progress, context);
        try
        {
            await SyncSinceStreamAsync<Issue>(run, IssuesStream, "issues", state: "all", (issues, ct) => IssuesToRecordsAsync(run, issues, ct), i => i.UpdatedAt ?? i.CreatedAt, cancellationToken);
            await SyncSinceStreamAsync<IssueComment>(run, IssueCommentsStream, "issues/comments", state: null, (comments, _) => Task.FromResult(comments.Select(IssueCommentRecord).ToList()), c => c.UpdatedAt ?? c.CreatedAt, cancellationToken);
            await SyncSinceStreamAsync<PullRequestReviewComment>(run, ReviewCommentsStream, "pulls/comments", state: null, (comments, _) => Task.FromResult(comments.Select(ReviewCommentRecord).ToList()), c => c.UpdatedAt, cancellationToken);
            await SyncCommitsAsync(run, cancellationToken);
            progress.Complete($"{api.Requests} requests", time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            LogSynced(logger, repository.FullName, done, api.Requests);
        }
        catch (GitHubRateLimitedException ex)
        {
            // Everything up to the last page is saved with its cursor; the rescheduled run starts from there.
            db.ChangeTracker.Clear();
            progress = await IngestionState.ProgressAsync(db, Job, repository.Id, ProgressKey(repository.Id), CancellationToken.None);
            progress.Wait(ex.ResumeAt, ex.Reason, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            var id = repository.Id;
            jobs.Schedule<GitHubSyncJob>(job => job.RunAsync(id, null, CancellationToken.None), ex.ResumeAt);
            LogRescheduled(logger, repository.FullName, ex.Reason, ex.ResumeAt);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Shown on the stewards' page (time-outs included; a shutdown is not a failure); the exception still escapes so Hangfire retries.
            db.ChangeTracker.Clear();
            progress = await IngestionState.ProgressAsync(db, Job, repository.Id, ProgressKey(repository.Id), CancellationToken.None);
            progress.Fail($"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed record Run(TrackedRepository Repository, ContributionSource Source, GitHubApi Api, IngestionProgress Progress, PerformContext? Context)
    {
        public Uri Path(string tail) => new($"repos/{Uri.EscapeDataString(Repository.Owner)}/{Uri.EscapeDataString(Repository.Name)}/{tail}", UriKind.Relative);
    }

    /// <summary>
    /// A stream read oldest-update first with <c>since</c>. Each page's items are stored with the cursor moved to their
    /// newest <c>updated_at</c>, then the stream is asked again from there; it ends on a page with nothing newer, whose
    /// ETag is kept, so the next run's first request is that same request and answers 304 if nothing changed.
    /// <c>since</c> is inclusive: the boundary items come back and are upserted again, harmlessly. Only when a whole page
    /// shares one timestamp does the walk follow page numbers.
    /// </summary>
    private async Task SyncSinceStreamAsync<T>(
        Run run, string stream, string tail, string? state,
        Func<IReadOnlyList<T>, CancellationToken, Task<List<ContributionRecord>>> toRecords,
        Func<T, DateTimeOffset> updatedAt,
        CancellationToken cancellationToken)
    {
        var pageSize = options.Value.PageSize;
        var cursor = await IngestionState.CursorAsync(db, run.Repository.Id, stream, cancellationToken);
        var page = 1;
        var first = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var since = cursor.Since;
            var parameters = new Dictionary<string, string>
            {
                ["sort"] = "updated",
                ["direction"] = "asc",
                ["per_page"] = pageSize.ToString(CultureInfo.InvariantCulture),
            };
            if (state is not null)
            {
                parameters["state"] = state;
            }
            if (since is not null)
            {
                parameters["since"] = since.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }
            if (page > 1)
            {
                parameters["page"] = page.ToString(CultureInfo.InvariantCulture);
            }
            var request = tail + "?" + string.Join("&", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            var response = await run.Api.GetPageAsync<T>(run.Path(tail), parameters, page == 1 ? cursor.ETagFor(request) : null, cancellationToken);
            if (response.NotModified)
            {
                return;
            }
            if (first && response.LastPage is { } lastPage)
            {
                total += (long)lastPage * pageSize;
            }
            first = false;

            var items = response.Items;
            var records = await toRecords(items, cancellationToken);
            var newest = items.Count == 0 ? since : items.Max(updatedAt);
            var moved = newest is not null && (since is null || newest > since);
            if (newest is not null)
            {
                cursor.MoveSince(newest.Value, time.GetUtcNow());
            }
            if (page == 1)
            {
                cursor.RememberETag(request, response.ETag, time.GetUtcNow());
            }
            done += items.Count;
            Report(run, $"{stream}: through {newest:u}");
            await record.ExecuteAsync(run.Source, records, cancellationToken);
            run.Api.ThrowIfBudgetSpent();

            if (items.Count == 0 || (!moved && response.Next is null))
            {
                return;
            }
            page = moved ? 1 : page + 1;
        }
    }

    /// <summary>
    /// Issues and pull requests share GitHub's issue list. A pull request whose stored row is older than the list says
    /// gets its detail (size, merger) and reviews fetched and saved on its own, so a crash mid-page repeats no finished one.
    /// </summary>
    private async Task<List<ContributionRecord>> IssuesToRecordsAsync(Run run, IReadOnlyList<Issue> issues, CancellationToken cancellationToken)
    {
        var numbers = issues.Where(i => i.PullRequest is not null).Select(i => i.Number.ToString(CultureInfo.InvariantCulture)).ToList();
        var stored = await db.Contributions.AsNoTracking()
            .Where(c => c.Host == run.Source.Host && c.Repository == run.Source.Repository && c.Kind == ContributionKind.PullRequest && numbers.Contains(c.ExternalId))
            .Select(c => new { c.ExternalId, c.UpdatedAt })
            .ToDictionaryAsync(c => c.ExternalId, c => c.UpdatedAt, cancellationToken);

        var records = new List<ContributionRecord>();
        foreach (var issue in issues)
        {
            if (issue.PullRequest is null)
            {
                records.Add(IssueRecord(issue));
                continue;
            }
            var listedAt = issue.UpdatedAt ?? issue.CreatedAt;
            if (stored.TryGetValue(issue.Number.ToString(CultureInfo.InvariantCulture), out var storedAt) && storedAt >= listedAt)
            {
                continue;
            }
            await SyncPullRequestAsync(run, issue.Number, listedAt, cancellationToken);
        }
        return records;
    }

    private async Task SyncPullRequestAsync(Run run, int number, DateTimeOffset listedAt, CancellationToken cancellationToken)
    {
        var pull = await run.Api.GetAsync<PullRequest>(run.Path($"pulls/{number}"), cancellationToken);
        var records = new List<ContributionRecord> { PullRequestRecord(pull, listedAt) };
        Uri? next = run.Path($"pulls/{number}/reviews");
        Dictionary<string, string>? parameters = new() { ["per_page"] = options.Value.PageSize.ToString(CultureInfo.InvariantCulture) };
        while (next is not null)
        {
            var page = await run.Api.GetPageAsync<PullRequestReview>(next, parameters, null, cancellationToken);
            records.AddRange(page.Items.Where(r => r.SubmittedAt != default).Select(r => ReviewRecord(r, number)));
            next = page.Next;
            parameters = null; // the next link carries its own query
        }
        await record.ExecuteAsync(run.Source, records, cancellationToken);
        run.Api.ThrowIfBudgetSpent();
    }

    /// <summary>
    /// Default-branch commits, newest first, for the GitHub login behind each author email. A walk ends at the newest
    /// commit of the previous walk; while it runs, the next page's URL is saved with each page (new pushes only shift
    /// older commits down, so resuming from a saved URL can repeat a commit but never skip one).
    /// </summary>
    private async Task SyncCommitsAsync(Run run, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.PageSize.ToString(CultureInfo.InvariantCulture);
        var cursor = await IngestionState.CursorAsync(db, run.Repository.Id, CommitsStream, cancellationToken);
        var firstRequest = $"commits?per_page={pageSize}";
        GitHubPage<GitHubCommit> page;
        if (cursor.WalkInProgress && cursor.Pending is not null)
        {
            page = await run.Api.GetPageAsync<GitHubCommit>(new Uri(cursor.Pending), null, null, cancellationToken);
        }
        else
        {
            page = await run.Api.GetPageAsync<GitHubCommit>(run.Path("commits"), new Dictionary<string, string> { ["per_page"] = pageSize }, cursor.ETagFor(firstRequest), cancellationToken);
            if (page.NotModified)
            {
                return;
            }
            cursor.RememberETag(firstRequest, page.ETag, time.GetUtcNow());
            if (page.Items.Count == 0)
            {
                await db.SaveChangesAsync(cancellationToken); // an empty branch's ETag, so the next run gets a free 304
                return;
            }
            cursor.BeginWalk(null, page.Items[0].Sha, time.GetUtcNow());
            if (page.LastPage is { } last)
            {
                total += (long)last * int.Parse(pageSize, CultureInfo.InvariantCulture);
            }
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reachedKnown = cursor.Position is { } known && page.Items.Any(c => c.Sha == known);
            var records = page.Items.TakeWhile(c => c.Sha != cursor.Position).Select(CommitRecord).ToList();
            done += records.Count;
            var finished = reachedKnown || page.Next is null;
            if (finished)
            {
                cursor.CompleteWalk(time.GetUtcNow());
            }
            else
            {
                cursor.ContinueWalk(page.Next!.ToString(), time.GetUtcNow());
            }
            Report(run, $"{CommitsStream}: {done} items");
            await record.ExecuteAsync(run.Source, records, cancellationToken);
            if (finished)
            {
                return;
            }
            run.Api.ThrowIfBudgetSpent();
            page = await run.Api.GetPageAsync<GitHubCommit>(page.Next!, null, null, cancellationToken);
        }
    }

    private void Report(Run run, string detail)
    {
        run.Progress.Report(done, Math.Max(total, done), detail, time.GetUtcNow());
        run.Context?.SetJobParameter("Progress", $"{done} / {Math.Max(total, done)}");
    }

    private static ContributionRecord PullRequestRecord(PullRequest pull, DateTimeOffset listedAt) =>
        new(ContributionKind.PullRequest, pull.Number.ToString(CultureInfo.InvariantCulture), pull.CreatedAt)
        {
            Author = Login(pull.User),
            Title = Truncate(pull.Title, 500),
            State = pull.Merged || pull.MergedAt is not null ? "merged" : pull.State.StringValue,
            Number = pull.Number,
            Additions = pull.Additions,
            Deletions = pull.Deletions,
            ChangedFiles = pull.ChangedFiles,
            Labels = Labels(pull.Labels),
            MergedBy = pull.MergedBy?.Login,
            MergedByGitHubId = pull.MergedBy is { Id: > 0 } merger ? merger.Id : null,
            Url = pull.HtmlUrl,
            // The later of the two, so the next issue page's timestamp finds this row fresh and skips the detail requests.
            UpdatedAt = pull.UpdatedAt > listedAt ? pull.UpdatedAt : listedAt,
            MergedAt = pull.MergedAt,
            ClosedAt = pull.ClosedAt,
        };

    private static ContributionRecord ReviewRecord(PullRequestReview review, int number) =>
        new(ContributionKind.Review, review.Id.ToString(CultureInfo.InvariantCulture), review.SubmittedAt)
        {
            Author = Login(review.User),
            State = review.State.StringValue.ToLowerInvariant(),
            Number = number,
            Url = review.HtmlUrl,
            UpdatedAt = review.SubmittedAt,
        };

    private static ContributionRecord IssueRecord(Issue issue) =>
        new(ContributionKind.Issue, issue.Number.ToString(CultureInfo.InvariantCulture), issue.CreatedAt)
        {
            Author = Login(issue.User),
            Title = Truncate(issue.Title, 500),
            State = issue.State.StringValue,
            Number = issue.Number,
            Labels = Labels(issue.Labels),
            Url = issue.HtmlUrl,
            UpdatedAt = issue.UpdatedAt,
            ClosedAt = issue.ClosedAt,
        };

    private static ContributionRecord IssueCommentRecord(IssueComment comment) =>
        new(ContributionKind.IssueComment, comment.Id.ToString(CultureInfo.InvariantCulture), comment.CreatedAt)
        {
            Author = Login(comment.User),
            Number = NumberAfter(comment.HtmlUrl, "/issues/") ?? NumberAfter(comment.HtmlUrl, "/pull/"),
            Url = comment.HtmlUrl,
            UpdatedAt = comment.UpdatedAt ?? comment.CreatedAt,
        };

    private static ContributionRecord ReviewCommentRecord(PullRequestReviewComment comment) =>
        new(ContributionKind.ReviewComment, comment.Id.ToString(CultureInfo.InvariantCulture), comment.CreatedAt)
        {
            Author = Login(comment.User),
            Number = NumberAfter(comment.PullRequestUrl, "/pulls/"),
            Url = comment.HtmlUrl,
            UpdatedAt = comment.UpdatedAt,
        };

    private static ContributionRecord CommitRecord(GitHubCommit commit)
    {
        var message = commit.Commit?.Message ?? "";
        var subject = CommitMessages.Subject(message);
        var author = commit.Commit?.Author;
        var login = commit.Author?.Login;
        long? id = commit.Author is { Id: > 0 } account ? account.Id : null;
        // A placeholder email names nobody: the commit API's account, when it knows one, is the author then.
        IdentityRef? identity = !ContributionsValidation.IsPlaceholderEmail(author?.Email)
            ? new IdentityRef(IdentityKind.GitEmail, author!.Email, author.Name, login, login is null ? LoginSource.None : LoginSource.CommitApi) { GitHubId = id }
            : login is not null ? IdentityRef.GitHub(login, id) : null;
        return new ContributionRecord(ContributionKind.Commit, commit.Sha, author?.Date ?? default)
        {
            Author = identity,
            CoAuthors = CommitMessages.CoAuthors(message).Select(c => GitIdentities.FromEmail(c.Name, c.Email)).OfType<IdentityRef>().ToList(),
            Title = Truncate(subject, 500),
            Number = CommitMessages.PullRequestNumber(subject),
            Url = commit.HtmlUrl,
            Flags = commit.Parents?.Count > 1 ? ContributionFlags.MergeCommit : ContributionFlags.None,
            FlagsKnown = commit.Parents is null ? ContributionFlags.None : ContributionFlags.MergeCommit,
        };
    }

    // The numeric id keys the account: a rename changes the login, never the person.
    private static IdentityRef? Login(User? user) => user?.Login is { Length: > 0 } login ? IdentityRef.GitHub(login, user.Id > 0 ? user.Id : null) : null;

    private static string? Labels(IReadOnlyList<Label>? labels) =>
        labels is { Count: > 0 } ? Truncate(string.Join(",", labels.Select(l => l.Name)), 1000) : null;

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static int? NumberAfter(string? url, string marker)
    {
        if (url is null)
        {
            return null;
        }
        var at = url.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var digits = new string(url[(at + marker.Length)..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "GitHub sync of {Repository}: {Items} items, {Requests} requests")]
    private static partial void LogSynced(ILogger logger, string repository, long items, int requests);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "GitHub sync of {Repository} paused ({Reason}); rescheduled for {ResumeAt:u}")]
    private static partial void LogRescheduled(ILogger logger, string repository, string reason, DateTimeOffset resumeAt);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "GitHub sync skipped: repository {RepositoryId} is missing or inactive")]
    private static partial void LogSkippedInactive(ILogger logger, long repositoryId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "GitHub sync of {Repository} skipped: a rate-limited run resumes at {ResumeAt:u}")]
    private static partial void LogSkippedWaiting(ILogger logger, string repository, DateTimeOffset resumeAt);
}
