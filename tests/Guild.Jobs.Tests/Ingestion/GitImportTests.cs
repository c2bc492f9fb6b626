using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Git;
using Guild.Testing;
using LibGit2Sharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Jobs.Tests.Ingestion;

/// <summary>The git history import on real repositories built from real commit datasets (Data/*.commits.tsv.gz).</summary>
public class GitImportTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static string Dataset(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    [Fact]
    public async Task ImportAsync_ReplayedPeft_StoresEveryCommitWithDatasetStatsAndCredit()
    {
        var rows = CommitDataset.Read(Dataset("huggingface__peft.commits.tsv.gz"));
        var path = Path.Combine(fixture.DataDirectory, $"peft-{Guid.NewGuid():N}");
        var replayed = await DatasetReplay.BuildAsync(rows, path);
        await using var services = fixture.CreateServices();
        var tracked = await fixture.TrackAsync(services, "peft", host: "github.com");

        var result = await ImportAsync(services, tracked.Id, path);

        Assert.Equal(rows.Count, result.Commits);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var stored = await db.Contributions.AsNoTracking().Include(c => c.Author).Include(c => c.CoAuthors)
            .Where(c => c.TrackedRepositoryId == tracked.Id).ToDictionaryAsync(c => c.ExternalId);
        Assert.Equal(rows.Count, stored.Count);
        var wrong = replayed.Where(r => (r.FilesChanged, r.Additions, r.Deletions) != (stored[r.Sha].ChangedFiles, stored[r.Sha].Additions, stored[r.Sha].Deletions))
            .Select(r => $"{r.Sha} replay {r.FilesChanged}/{r.Additions}/{r.Deletions} stored {stored[r.Sha].ChangedFiles}/{stored[r.Sha].Additions}/{stored[r.Sha].Deletions} path {path}").Take(3).ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var commit in replayed)
        {
            var c = stored[commit.Sha];
            Assert.Equal(commit.Merge, c.Flags.HasFlag(ContributionFlags.MergeCommit));
            Assert.Equal(commit.Row.AuthorEmail.ToLowerInvariant(), c.Author!.Value);
            Assert.Equal(commit.Row.CoAuthors.Count(a => !a.Email.Equals(commit.Row.AuthorEmail, StringComparison.OrdinalIgnoreCase)), c.CoAuthors.Count);
            if (commit.Row.Subject.Length < 200)
            {
                Assert.Equal(commit.Row.PullRequest, c.Number);
            }
            if (commit.Row.AuthorLogin.Length > 0)
            {
                Assert.Equal(commit.Row.AuthorLogin.ToLowerInvariant(), c.Author.Login);
                Assert.Equal(commit.Row.AuthorLogin.EndsWith("[bot]", StringComparison.Ordinal), c.Flags.HasFlag(ContributionFlags.BotAuthor));
            }
        }
        // The replay caps huge commits; everything else reproduces the dataset's numbers, and the import reads them back.
        Assert.True(replayed.Count(r => r.Exact) > rows.Count * 0.95, $"{replayed.Count(r => r.Exact)} of {rows.Count} exact");
    }

    [Fact]
    public async Task ImportAsync_WithoutGitExecutable_CountsTheSameLinesThroughLibGit2Sharp()
    {
        var rows = CommitDataset.Read(Dataset("karpathy__nanoGPT.commits.tsv.gz"));
        var path = Path.Combine(fixture.DataDirectory, $"nanogpt-{Guid.NewGuid():N}");
        var replayed = await DatasetReplay.BuildAsync(rows, path);
        await using var services = fixture.CreateServices(("Git:UseGitExecutable", "false"));
        var tracked = await fixture.TrackAsync(services, "nanogpt-lg2");

        var result = await ImportAsync(services, tracked.Id, path);

        Assert.Equal(rows.Count, result.Commits);
        await using var scope = services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.AsNoTracking()
            .Where(c => c.TrackedRepositoryId == tracked.Id).ToDictionaryAsync(c => c.ExternalId);
        Assert.All(replayed, r => Assert.Equal((r.FilesChanged, r.Additions, r.Deletions), (stored[r.Sha].ChangedFiles, stored[r.Sha].Additions, stored[r.Sha].Deletions)));
    }

    [Fact]
    public async Task ImportAsync_CrashAfterTwoBatches_ResumesAfterTheLastSavedBatch()
    {
        var rows = CommitDataset.Read(Dataset("karpathy__nanoGPT.commits.tsv.gz"));
        var path = Path.Combine(fixture.DataDirectory, $"nanogpt-{Guid.NewGuid():N}");
        await DatasetReplay.BuildAsync(rows, path);
        await using var services = fixture.CreateServices(("Git:BatchSize", "50"));
        var tracked = await fixture.TrackAsync(services, "nanogpt-crash");

        await Assert.ThrowsAsync<IOException>(() => ImportAsync(services, tracked.Id, path, (done, _) =>
            done >= 100 ? throw new IOException("simulated crash") : Task.CompletedTask));
        Assert.Equal(100, await CountAsync(services, tracked.Id));

        var resumed = await ImportAsync(services, tracked.Id, path);

        Assert.Equal(rows.Count - 100, resumed.Commits);
        Assert.Equal(rows.Count, await CountAsync(services, tracked.Id));
        Assert.Equal(0, (await ImportAsync(services, tracked.Id, path)).Commits);
    }

    [Fact]
    public async Task ImportAsync_NewCommit_ImportsOnlyItWithTrailersAndNoreplyLogin()
    {
        var rows = CommitDataset.Read(Dataset("karpathy__nanoGPT.commits.tsv.gz")).Take(30).ToList();
        var path = Path.Combine(fixture.DataDirectory, $"nanogpt-{Guid.NewGuid():N}");
        await DatasetReplay.BuildAsync(rows, path);
        await using var services = fixture.CreateServices();
        var tracked = await fixture.TrackAsync(services, "nanogpt-new");
        await ImportAsync(services, tracked.Id, path);
        string sha;
        using (var git = new Repository(path))
        {
            var author = new Signature("Ada", "123+ada-l@users.noreply.github.com", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            File.WriteAllText(Path.Combine(path, "package-lock.json"), "{\n  \"lockfileVersion\": 3\n}\n");
            Commands.Stage(git, "package-lock.json");
            sha = git.Commit("Bump lock file (#777)\n\nCo-authored-by: Bob <bob@example.org>\nCo-authored-by: bob again <BOB@example.org>\n", author, author).Sha;
        }

        var result = await ImportAsync(services, tracked.Id, path);

        Assert.Equal(1, result.Commits);
        await using var scope = services.CreateAsyncScope();
        var commit = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.AsNoTracking()
            .Include(c => c.Author).Include(c => c.CoAuthors).ThenInclude(a => a.Identity)
            .SingleAsync(c => c.TrackedRepositoryId == tracked.Id && c.ExternalId == sha);
        Assert.Equal(777, commit.Number);
        Assert.Equal("ada-l", commit.Author!.Login);
        Assert.Equal(LoginSource.NoreplyEmail, commit.Author.LoginSource);
        Assert.Equal("bob@example.org", Assert.Single(commit.CoAuthors).Identity!.Value);
        Assert.Equal((1, 3, 0), (commit.ChangedFiles, commit.Additions, commit.Deletions));
        Assert.Equal(3, commit.FlaggedAdditions);
        Assert.True(commit.Flags.HasFlag(ContributionFlags.FlaggedPathsOnly));
    }

    private static async Task<GitImportResult> ImportAsync(ServiceProvider services, long id, string path, Func<long, long, Task>? progress = null)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GitHistoryImporter>().ImportAsync(id, path, progress, CancellationToken.None);
    }

    private static async Task<int> CountAsync(ServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.CountAsync(c => c.TrackedRepositoryId == id);
    }
}
