using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Git;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Jobs.Tests.Ingestion;

/// <summary>The import job reads only what the git-source rule allows now, whatever was saved before.</summary>
public class GitSourceTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    [Fact]
    public async Task GitImport_OfAFolderTheRuleNoLongerAllows_FailsNamingTheRule_AndImportsNothing()
    {
        var folder = Path.Combine(fixture.DataDirectory, $"moved-{Guid.NewGuid():N}");
        TrackedRepository tracked;
        await using (var before = fixture.CreateServices())
        {
            tracked = await fixture.TrackAsync(before, "moved", gitUrl: folder); // under the data directory: allowed
        }

        // The data directory moved: the saved folder is outside every allowed root now.
        await using var after = fixture.CreateServices(("DataDirectory", TestEnvironment.NewTempDirectory("moved-data")));
        await using var scope = after.CreateAsyncScope();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => scope.ServiceProvider.GetRequiredService<GitImportJob>().RunAsync(tracked.Id, null, CancellationToken.None));

        Assert.Contains("is not read", failure.Message);
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var progress = await db.IngestionProgress.AsNoTracking().SingleAsync(p => p.Key == GitImportJob.ProgressKey(tracked.Id));
        Assert.Equal(IngestionStatus.Failed, progress.Status);
        Assert.Contains("data directory", progress.Detail);
        Assert.False(await db.Contributions.AnyAsync(c => c.TrackedRepositoryId == tracked.Id));
    }

    [Theory]
    [InlineData("https://github.com/karpathy/nanoGPT.git", null)]
    [InlineData("https://GitHub.com/karpathy/nanoGPT", null)]
    [InlineData("https://gitlab.example/group/project.git", "gitlab.example")]
    [InlineData("/srv/elsewhere/repo", "data directory")]
    [InlineData("relative/path", "https clone URL")]
    public void Rule_AllowsConfiguredHostsOverHttps_AndFoldersUnderTheRoots(string source, string? refusal)
    {
        using var services = fixture.CreateServices();
        var sources = services.GetRequiredService<GitSources>();

        Assert.Equal(refusal is null, sources.Refusal(source) is null);
        if (refusal is not null)
        {
            Assert.Contains(refusal, sources.Refusal(source));
        }
        Assert.Null(sources.Refusal(Path.Combine(fixture.DataDirectory, "demo", "nanoGPT")));
        Assert.NotNull(sources.Refusal(fixture.DataDirectory + "-sibling/repo")); // a prefix of the name is not inside
    }

    [Fact]
    public void Rule_FollowsGitAllowedHosts()
    {
        using var services = fixture.CreateServices(("Git:AllowedHosts:0", "git.internal.example"));
        var sources = services.GetRequiredService<GitSources>();

        Assert.Null(sources.Refusal("https://git.internal.example/ai/model.git"));
        Assert.Contains("git.internal.example", sources.Refusal("https://github.com/karpathy/nanoGPT.git"));
    }
}
