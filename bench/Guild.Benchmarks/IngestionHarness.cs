using System.Diagnostics;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion;
using Guild.Jobs.Ingestion.Git;
using Guild.Jobs.Ingestion.GitHub;
using Guild.Testing.GitHub;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Benchmarks;

/// <summary>
/// Ingestion figures that are counts or one long timing rather than micro-benchmarks: requests spent syncing a
/// repository with 5,000 pull requests from a loopback GitHub (initial and unchanged re-sync), and the wall time of a
/// 100,000-commit git import replayed from the datasets. SQLite in a temp folder, as the embedded default.
/// Options: <c>--pulls N</c>, <c>--commits N</c>, <c>--skip-github</c>, <c>--skip-git</c>.
/// </summary>
public static class IngestionHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        var folder = Directory.CreateTempSubdirectory("guild-ingestion-bench-").FullName;
        try
        {
            await using var services = CreateServices(folder);
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
                // As the embedded default's migrator does: WAL, so each saved page does not wait for a full sync.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await db.Database.MigrateAsync();
            }
            if (!args.Contains("--skip-github"))
            {
                await GitHubAsync(services, Option("--pulls", 5000));
            }
            if (!args.Contains("--skip-git"))
            {
                await GitAsync(services, folder, Option("--commits", 100_000), Option);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task GitHubAsync(ServiceProvider services, int pulls)
    {
        await using var github = await LoopbackGitHub.StartAsync();
        github.RateLimit = github.Remaining = 1_000_000;
        var tracked = await TrackAsync(services, github.BaseUrl.ToString(), "bench", "pulls", null);
        GitHubDataBuilder.Fill(github.Repository("bench", "pulls"), pulls, issues: 0, commits: 0);
        var data = github.Repository("bench", "pulls");
        Console.WriteLine($"GitHub: {pulls} pull requests, {data.Reviews.Count} reviews, {data.IssueComments.Count} issue comments, {data.ReviewComments.Count} review comments");

        var watch = Stopwatch.StartNew();
        await SyncAsync(services, tracked.Id);
        Console.WriteLine($"  initial sync: {github.Requests} requests, {github.CountedRequests} rate-limited, {watch.Elapsed.TotalSeconds:F1} s");
        github.ResetCounters();
        watch.Restart();
        await SyncAsync(services, tracked.Id);
        Console.WriteLine($"  unchanged re-sync: {github.Requests} requests ({github.NotModified} answered 304), {github.CountedRequests} rate-limited, {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static async Task GitAsync(ServiceProvider services, string folder, int commits, Func<string, int, int> Option)
    {
        var data = Path.Combine(AppContext.BaseDirectory, "IngestionData");
        var rows = Directory.GetFiles(data, "*.commits.tsv.gz").OrderBy(f => f, StringComparer.Ordinal).SelectMany(CommitDataset.Read).ToList();
        // Repeat the datasets (newest first) until there are enough rows; each round continues the one line of history.
        var replay = Enumerable.Range(0, (commits + rows.Count - 1) / rows.Count).Reverse().SelectMany(_ => rows).Take(commits).ToList();
        var path = Path.Combine(folder, "replay");
        var watch = Stopwatch.StartNew();
        // Vendored drops of thousands of lines make the synthetic repository (not the import) slow to build: cap them.
        var maxLines = Option("--max-lines", 200);
        var replayed = await DatasetReplay.BuildAsync(replay, path, maxLines);
        Console.WriteLine($"Git: replayed {replay.Count} commits from {rows.Count} dataset rows (at most {maxLines} lines a commit; " +
            $"{replayed.Sum(r => (long)r.Additions + r.Deletions)} lines changed in {replayed.Sum(r => (long)r.FilesChanged)} file changes) in {watch.Elapsed.TotalSeconds:F1} s");

        var tracked = await TrackAsync(services, "github.com", "bench", "history", path);
        watch.Restart();
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<GitHistoryImporter>().ImportAsync(tracked.Id, path, null, CancellationToken.None);
        Console.WriteLine($"  import: {result.Commits} commits in {watch.Elapsed.TotalSeconds:F1} s ({result.Commits / watch.Elapsed.TotalSeconds:F0} commits/s, git numstat: {GitNumstat.Available})");
    }

    private static async Task SyncAsync(ServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GitHubSyncJob>().RunAsync(id, null, CancellationToken.None);
    }

    private static async Task<TrackedRepository> TrackAsync(ServiceProvider services, string host, string owner, string name, string? gitUrl)
    {
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<AddTrackedRepositoryCommand>()
            .ExecuteAsync(new TrackedRepositoryInput(host, owner, name, "Collective Ownership License", null, null, null, gitUrl), CancellationToken.None);
        return outcome.Value ?? throw new InvalidOperationException(outcome.Error!.Message);
    }

    private static ServiceProvider CreateServices(string folder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDirectory"] = folder,
            ["GitHub:ReserveRequests"] = "0",
        });
        builder.AddGuildData();
        builder.AddGuildIngestion();
        builder.Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        builder.Services.AddSingleton<IRecurringJobManager, NoJobs>();
        return builder.Services.BuildServiceProvider();
    }

    private sealed class NoJobs : IBackgroundJobClient, IRecurringJobManager
    {
        public string Create(Job job, IState state) => "0";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) { }
        public void Trigger(string recurringJobId) { }
        public void RemoveIfExists(string recurringJobId) { }
    }
}
