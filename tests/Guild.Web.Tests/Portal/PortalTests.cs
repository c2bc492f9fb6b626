using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Jobs.Chain;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;

namespace Guild.Web.Tests.Portal;

/// <summary>The portal over HTTP on PostgreSQL and anvil: health, OpenAPI, the stewards-only dashboard, the chain-head job.</summary>
public class PortalTests(GuildWebFactory factory) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    [Fact]
    public async Task HealthLive_Always_Returns200()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_OnPostgresAndAnvil_ReportsEveryDependencyHealthy()
    {
        var response = await (await factory.StewardClientAsync()).GetAsync("/health/ready"); // details are for stewards
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        foreach (var name in new[] { "database", "chain", "jobs" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
        Assert.Equal(31337, checks.GetProperty("chain").GetProperty("data").GetProperty("chainId").GetInt64());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheApi()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("Guild API", document.GetProperty("info").GetProperty("title").GetString());
        var head = document.GetProperty("paths").GetProperty("/api/chain/head").GetProperty("get");
        Assert.Equal("GetChainHead", head.GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task JobsDashboard_Anonymous_RedirectsToLogin()
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task JobsDashboard_Contributor_IsDenied()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await factory.CreateUserAsync(email, Password);
        var client = await factory.LoginAsync(email, Password);

        var response = await client.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task JobsDashboard_Steward_SeesRecurringChainHeadJob()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await factory.CreateUserAsync(email, Password, GuildRoles.Steward);
        var client = await factory.LoginAsync(email, Password);

        var home = await client.GetAsync("/jobs");
        var recurring = await client.GetStringAsync("/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Guild jobs", await home.Content.ReadAsStringAsync());
        Assert.Contains(RecordChainHeadJob.RecurringId, recurring);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRejected()
    {
        var response = await factory.CreateBrowserlikeClient().PostAsync("/Account/Logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ChainHeadJob_AfterBlocksAreMined_ApiReturnsTheNewHead()
    {
        var web3 = new Web3(TestEnvironment.SharedAnvilRpc);
        await AnvilFixture.MineAsync(web3, 2);
        var mined = await AnvilFixture.BlockNumberAsync(web3);

        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordChainHeadJob>(j => j.RunAsync(CancellationToken.None));

        var head = await factory.WaitForChainHeadAsync(mined);
        Assert.Equal(31337, head.ChainId);
        Assert.Matches("^0x[0-9a-f]{64}$", head.BlockHash);
    }
}
