using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Ingestion;

/// <summary>Stewards manage tracked repositories over the API and the page; everyone else is refused.</summary>
public class TrackedRepositoriesTests(GuildWebFactory factory) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    [Fact]
    public async Task Api_StewardAddsAndDeactivates_SchedulesFollow()
    {
        var client = await StewardAsync();
        var name = $"repo-{Guid.NewGuid():N}"[..20];

        var created = await client.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "github.com",
            owner = "guild-org",
            name,
            licenseName = "Collective Ownership License",
            licenseChangeDate = "2029-01-01",
            licenseChangeTo = "MIT",
            syncCron = "15 * * * *",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var repository = (await created.Content.ReadFromJsonAsync<ContributionsApi.TrackedRepositoryResponse>())!;
        Assert.Contains(RecurringIds(), id => id == $"github-sync:{repository.Id}");
        var list = await client.GetFromJsonAsync<ContributionsApi.TrackedRepositoryResponse[]>("/api/tracked-repositories");
        Assert.Contains(list!, r => r.Id == repository.Id && r.LicenseChangeTo == "MIT");

        var deactivated = await client.PostAsync($"/api/tracked-repositories/{repository.Id}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.DoesNotContain(RecurringIds(), id => id == $"github-sync:{repository.Id}");
        var again = await client.PostAsJsonAsync("/api/tracked-repositories", new { host = "github.com", owner = "guild-org", name = name.ToUpperInvariant(), licenseName = "MIT" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Api_InvalidInput_Returns400WithEveryReasonAndStoresNothing()
    {
        var client = await StewardAsync();
        var before = (await client.GetFromJsonAsync<JsonElement[]>("/api/tracked-repositories"))!.Length;

        var response = await client.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "ftp://nope",
            owner = "-bad-",
            name = "ok",
            licenseName = "",
            syncCron = "99 * * * *",
            licenseChangeTo = "MIT",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "host", "owner", "licenseName", "syncCron", "licenseChangeDate" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no reason for {field}: {errors}");
        }
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement[]>("/api/tracked-repositories"))!.Length);
    }

    [Theory]
    [InlineData("/etc", "data directory")]
    [InlineData("file:///etc", "https clone URL")]
    [InlineData("ssh://git@github.com/karpathy/nanoGPT.git", "https clone URL")]
    [InlineData("git@github.com:karpathy/nanoGPT.git", "https clone URL")]
    [InlineData("http://github.com/karpathy/nanoGPT.git", "https clone URL")]
    [InlineData("https://evil.example/karpathy/nanoGPT.git", "evil.example")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://token@github.com/karpathy/nanoGPT.git", "credentials")]
    [InlineData("https://github.com:8443/karpathy/nanoGPT.git", "port")]
    public async Task Api_GitSourceOutsideTheAllowedHostsAndFolders_Returns400AndStoresNothing(string gitUrl, string reason)
    {
        var client = await StewardAsync();
        var before = (await client.GetFromJsonAsync<JsonElement[]>("/api/tracked-repositories"))!.Length;

        var response = await client.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "github.com",
            owner = "guild",
            name = $"source-{Guid.NewGuid():N}",
            licenseName = "MIT",
            gitUrl,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty("gitUrl")[0].GetString());
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement[]>("/api/tracked-repositories"))!.Length);
    }

    [Fact]
    public async Task Api_HttpsCloneUrlOnAnAllowedHost_IsTracked()
    {
        var client = await StewardAsync();
        var name = $"source-{Guid.NewGuid():N}";

        var response = await client.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "github.com",
            owner = "guild",
            name,
            licenseName = "MIT",
            gitUrl = $"https://github.com/guild/{name}.git",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"https://github.com/guild/{name}.git", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gitUrl").GetString());
    }

    [Fact]
    public async Task Api_ContributorOrAnonymous_IsRefused()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await factory.CreateUserAsync(email, Password);
        var contributor = await factory.LoginAsync(email, Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.GetAsync("/api/tracked-repositories")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.PostAsJsonAsync("/api/tracked-repositories", new { owner = "a", name = "b", licenseName = "MIT" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.GetAsync("/api/ingestion/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateBrowserlikeClient().GetAsync("/api/tracked-repositories")).StatusCode);
        var page = await factory.CreateBrowserlikeClient().GetAsync("/stewards/repositories");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task Api_PapersWithBadRow_Returns400NamingTheLine()
    {
        var client = await StewardAsync();

        var response = await client.PostAsync("/api/ingestion/papers",
            new StringContent("doi,title,authors,citations\n10.5555/ok,Fine,alice,3\nbad,,nobody!,x\n", System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("line 3", out _), errors.ToString());
    }

    private async Task<HttpClient> StewardAsync()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await factory.CreateUserAsync(email, Password, GuildRoles.Steward);
        return await factory.LoginAsync(email, Password);
    }

    private IEnumerable<string> RecurringIds()
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id).ToList();
    }
}
