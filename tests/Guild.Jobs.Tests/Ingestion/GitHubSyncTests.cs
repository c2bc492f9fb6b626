using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.GitHub;
using Guild.Testing.GitHub;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Jobs.Tests.Ingestion;

/// <summary>The GitHub sync against a loopback GitHub Enterprise server: Octokit makes every request over a real socket.</summary>
public class GitHubSyncTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static readonly (string, string?) SmallPages = ("GitHub:PageSize", "25");

    [Fact]
    public async Task RunAsync_InitialSync_StoresEveryContributionOnce()
    {
        await using var services = fixture.CreateServices(SmallPages);
        var tracked = await fixture.TrackAsync(services, "initial");
        var data = Fill(tracked, pulls: 60, issues: 40, commits: 120);

        await RunAsync(services, tracked.Id);

        await AssertStoredAsync(services, tracked, data);
        var progress = await ProgressAsync(services, tracked.Id);
        Assert.Equal(IngestionStatus.Completed, progress.Status);
        Assert.Equal(progress.Total, progress.Done);
    }

    [Theory]
    [InlineData(30, 30, 60)]
    [InlineData(30, 0, 0)] // empty streams keep their ETag too
    public async Task RunAsync_NothingChanged_SpendsNoRateLimitedRequest(int pulls, int issues, int commits)
    {
        await using var services = fixture.CreateServices(SmallPages);
        var tracked = await fixture.TrackAsync(services, "unchanged");
        var data = Fill(tracked, pulls, issues, commits);
        await RunAsync(services, tracked.Id);
        var before = fixture.GitHub.CountedRequests;
        var notModifiedBefore = fixture.GitHub.NotModified;

        await RunAsync(services, tracked.Id);

        // One conditional request per stream, each answered 304: free under GitHub's rules.
        Assert.Equal(before, fixture.GitHub.CountedRequests);
        Assert.Equal(notModifiedBefore + 4, fixture.GitHub.NotModified);
        await AssertStoredAsync(services, tracked, data);
    }

    [Fact]
    public async Task RunAsync_AfterChanges_FetchesOnlyTheChangedItems()
    {
        await using var services = fixture.CreateServices(SmallPages);
        var tracked = await fixture.TrackAsync(services, "changed");
        var data = Fill(tracked, pulls: 30, issues: 20, commits: 30);
        await RunAsync(services, tracked.Id);
        var pull = data.Issues.First(i => i.IsPullRequest && i.MergedAt is null);
        lock (data)
        {
            var now = data.Issues.Max(i => i.UpdatedAt).AddHours(1);
            pull.UpdatedAt = now;
            pull.Additions += 10;
            data.Reviews.Add(new FakeReview { Id = data.NextId(), PullRequest = pull.Number, Author = "grace", SubmittedAt = now });
            data.IssueComments.Add(new FakeComment { Id = data.NextId(), Number = pull.Number, Author = "heidi", CreatedAt = now, UpdatedAt = now });
        }
        var before = fixture.GitHub.CountedRequests;

        await RunAsync(services, tracked.Id);

        await AssertStoredAsync(services, tracked, data);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var stored = await db.Contributions.SingleAsync(c => c.TrackedRepositoryId == tracked.Id && c.Kind == ContributionKind.PullRequest && c.Number == pull.Number);
        Assert.Equal(pull.Additions, stored.Additions);
        // issues: changed page + stable tail; the PR's detail and reviews; issue comments: changed page + tail; 304s elsewhere.
        Assert.InRange(fixture.GitHub.CountedRequests - before, 4, 7);
    }

    [Theory]
    [InlineData(GitHubFault.BadGateway)]
    [InlineData(GitHubFault.MalformedJson)]
    [InlineData(GitHubFault.Timeout)]
    public async Task RunAsync_FaultMidPagination_FailsThenResumesFromCursor(GitHubFault fault)
    {
        await using var services = fixture.CreateServices(SmallPages, ("GitHub:RequestTimeoutSeconds", "1"));
        var tracked = await fixture.TrackAsync(services, "fault");
        var data = Fill(tracked, pulls: 10, issues: 90, commits: 10);
        var issuesPath = $"/repos/{tracked.Owner}/{tracked.Name}/issues?";
        var issueRequests = 0;
        // The third request for the issue list fails: two pages are stored by then.
        fixture.GitHub.Fail(target => target.Contains(issuesPath, StringComparison.Ordinal) && ++issueRequests == 3, fault);

        await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(services, tracked.Id));

        Assert.Equal(IngestionStatus.Failed, (await ProgressAsync(services, tracked.Id)).Status);
        var storedAfterCrash = await CountAsync(services, tracked.Id, ContributionKind.Issue) + await CountAsync(services, tracked.Id, ContributionKind.PullRequest);
        Assert.InRange(storedAfterCrash, 40, 60);
        var log = fixture.GitHub.Log.Count;

        await RunAsync(services, tracked.Id);

        await AssertStoredAsync(services, tracked, data);
        // The retry starts from the cursor: it never asks for the issue list without `since` again.
        Assert.DoesNotContain(fixture.GitHub.Log.Skip(log), t => t.Contains(issuesPath, StringComparison.Ordinal) && !t.Contains("since=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(GitHubFault.SecondaryRateLimit, 120)]
    [InlineData(GitHubFault.TooManyRequests, 45)]
    public async Task RunAsync_RateLimitedWithRetryAfter_ReschedulesAtThatTimeAndResumes(GitHubFault fault, int retryAfter)
    {
        await using var services = fixture.CreateServices(out var jobs, SmallPages);
        var tracked = await fixture.TrackAsync(services, "limited");
        var data = Fill(tracked, pulls: 20, issues: 30, commits: 40);
        var commentsPath = $"/repos/{tracked.Owner}/{tracked.Name}/issues/comments";
        fixture.GitHub.Fail(target => target.Contains(commentsPath, StringComparison.Ordinal), fault, retryAfterSeconds: retryAfter);
        var started = DateTimeOffset.UtcNow;

        await RunAsync(services, tracked.Id); // returns: the wait is a schedule, not a sleep

        var (job, state) = Assert.Single(jobs.Created);
        Assert.Equal(nameof(GitHubSyncJob.RunAsync), job.Method.Name);
        Assert.Equal(tracked.Id, job.Args[0]);
        var scheduled = Assert.IsType<ScheduledState>(state);
        Assert.InRange(scheduled.EnqueueAt, started.AddSeconds(retryAfter - 5).UtcDateTime, DateTime.UtcNow.AddSeconds(retryAfter + 5));
        var progress = await ProgressAsync(services, tracked.Id);
        Assert.Equal(IngestionStatus.Waiting, progress.Status);
        Assert.Equal(data.Issues.Count(i => !i.IsPullRequest), await CountAsync(services, tracked.Id, ContributionKind.Issue));

        await RunWaitingAsync(services, tracked.Id);

        await AssertStoredAsync(services, tracked, data);
    }

    [Fact]
    public async Task RunAsync_PrimaryBudgetSpent_ReschedulesAtResetWithoutLosingWork()
    {
        await using var services = fixture.CreateServices(out var jobs, SmallPages);
        var tracked = await fixture.TrackAsync(services, "budget");
        var data = Fill(tracked, pulls: 20, issues: 20, commits: 20);
        var reset = DateTimeOffset.UtcNow.AddMinutes(30);
        fixture.GitHub.Reset = reset;
        fixture.GitHub.Remaining = 12;
        try
        {
            await RunAsync(services, tracked.Id);

            var scheduled = Assert.IsType<ScheduledState>(Assert.Single(jobs.Created).State);
            Assert.InRange(scheduled.EnqueueAt, reset.UtcDateTime, reset.UtcDateTime.AddSeconds(2));
            Assert.Equal(IngestionStatus.Waiting, (await ProgressAsync(services, tracked.Id)).Status);
            // A recurring run before the reset does nothing: the scheduled one will.
            var log = fixture.GitHub.Requests;
            await RunAsync(services, tracked.Id);
            Assert.Equal(log, fixture.GitHub.Requests);

            fixture.GitHub.Remaining = 5000;
            await RunWaitingAsync(services, tracked.Id);

            await AssertStoredAsync(services, tracked, data);
        }
        finally
        {
            fixture.GitHub.Remaining = 5000;
        }
    }

    [Fact]
    public async Task RunAsync_BotsAndCommitLogins_FlagsBotsAndResolvesEmails()
    {
        await using var services = fixture.CreateServices(SmallPages, ("Contributions:BotLogins:0", "frank"));
        var tracked = await fixture.TrackAsync(services, "bots");
        var data = Fill(tracked, pulls: 30, issues: 10, commits: 30);

        await RunAsync(services, tracked.Id);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var contributions = await db.Contributions.Include(c => c.Author).Where(c => c.TrackedRepositoryId == tracked.Id).ToListAsync();
        foreach (var c in contributions.Where(c => c.Author?.Login is "dependabot[bot]" or "frank"))
        {
            Assert.True(c.Flags.HasFlag(ContributionFlags.BotAuthor), $"{c.Kind} {c.ExternalId} by {c.Author!.Login}");
        }
        Assert.DoesNotContain(contributions, c => c.Author?.Login == "alice" && c.Flags.HasFlag(ContributionFlags.BotAuthor));
        foreach (var commit in data.Commits.Where(c => c.Login is not null))
        {
            var stored = contributions.Single(c => c.Kind == ContributionKind.Commit && c.ExternalId == commit.Sha);
            Assert.Equal(commit.AuthorEmail.ToLowerInvariant(), stored.Author!.Value);
            Assert.Equal(commit.Login, stored.Author.Login);
            Assert.Contains(stored.Author.LoginSource, new[] { LoginSource.CommitApi, LoginSource.NoreplyEmail });
        }
    }

    [Fact]
    public async Task RunAsync_GitHubAppConfigured_AuthenticatesWithAnInstallationToken()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        fixture.GitHub.AppKey = key;
        try
        {
            await using var services = fixture.CreateServices(SmallPages,
                ("GitHub:App:AppId", "42"), ("GitHub:App:InstallationId", "7"), ("GitHub:App:PrivateKey", key.ExportPkcs8PrivateKeyPem()));
            var tracked = await fixture.TrackAsync(services, "app");
            var data = Fill(tracked, pulls: 5, issues: 5, commits: 5);

            await RunAsync(services, tracked.Id);

            Assert.Equal(1, fixture.GitHub.InstallationTokensIssued);
            await AssertStoredAsync(services, tracked, data);
        }
        finally
        {
            fixture.GitHub.AppKey = null;
            fixture.GitHub.Token = null;
        }
    }

    private GitHubRepositoryData Fill(TrackedRepository tracked, int pulls, int issues, int commits)
    {
        var data = fixture.GitHub.Repository(tracked.Owner, tracked.Name);
        GitHubDataBuilder.Fill(data, pulls, issues, commits);
        return data;
    }

    private static async Task RunAsync(ServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GitHubSyncJob>().RunAsync(id, null, CancellationToken.None);
    }

    /// <summary>What Hangfire does at the scheduled time: the same job, now that its resume time has come.</summary>
    private static async Task RunWaitingAsync(ServiceProvider services, long id)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var progress = await db.IngestionProgress.SingleAsync(p => p.Key == GitHubSyncJob.ProgressKey(id));
            progress.Wait(DateTimeOffset.UtcNow, "test: the reset time has come", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await RunAsync(services, id);
    }

    private static async Task<IngestionProgress> ProgressAsync(ServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().IngestionProgress.AsNoTracking().SingleAsync(p => p.Key == GitHubSyncJob.ProgressKey(id));
    }

    private static async Task<int> CountAsync(ServiceProvider services, long id, ContributionKind kind)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.CountAsync(c => c.TrackedRepositoryId == id && c.Kind == kind);
    }

    /// <summary>Every item the server holds is stored exactly once (the natural key is unique, so counts equal means no loss and no duplicate).</summary>
    private static async Task AssertStoredAsync(ServiceProvider services, TrackedRepository tracked, GitHubRepositoryData data)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var stored = await db.Contributions.Where(c => c.TrackedRepositoryId == tracked.Id).GroupBy(c => c.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        lock (data)
        {
            Assert.Equal(data.Issues.Count(i => i.IsPullRequest), stored.GetValueOrDefault(ContributionKind.PullRequest));
            Assert.Equal(data.Issues.Count(i => !i.IsPullRequest), stored.GetValueOrDefault(ContributionKind.Issue));
            Assert.Equal(data.Reviews.Count, stored.GetValueOrDefault(ContributionKind.Review));
            Assert.Equal(data.IssueComments.Count, stored.GetValueOrDefault(ContributionKind.IssueComment));
            Assert.Equal(data.ReviewComments.Count, stored.GetValueOrDefault(ContributionKind.ReviewComment));
            Assert.Equal(data.Commits.Count, stored.GetValueOrDefault(ContributionKind.Commit));
        }
        var merged = await db.Contributions.Where(c => c.TrackedRepositoryId == tracked.Id && c.Kind == ContributionKind.PullRequest && c.State == "merged").CountAsync();
        Assert.Equal(data.Issues.Count(i => i.MergedAt is not null), merged);
        Assert.All(await db.Contributions.Where(c => c.TrackedRepositoryId == tracked.Id && c.Kind == ContributionKind.PullRequest).ToListAsync(),
            c => Assert.True(c.Additions is not null && c.ChangedFiles is not null && c.AuthorId is not null));
    }
}
