using System.Net;
using System.Net.Http.Json;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Epochs;

/// <summary>A steward runs an epoch from the portal in Chromium: open the draft, compute, publish; a contributor's forged post is refused.</summary>
public class EpochPagesTests(EpochPipelineTests.DeployingPortal portal) : IClassFixture<EpochPipelineTests.DeployingPortal>, IAsyncLifetime
{
    private const string Password = "Correct-Horse-9";
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync() => (playwright, browser) = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task Steward_OpensComputesAndPublishesAnEpochInThePortal()
    {
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/pages", null),
            [
                new ContributionRecord(ContributionKind.PullRequest, "1", DateTimeOffset.UtcNow.AddDays(-1)) { Author = new IdentityRef(IdentityKind.GitHubLogin, "hopper"), Title = "Compiler", Additions = 300 },
            ], default);
            var db = scope.ServiceProvider.GetRequiredService<Guild.Core.Data.GuildDbContext>();
            db.ContributorWallets.Add(new ContributorWallet(await portal.PersonIdAsync("hopper"), Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password, GuildRoles.Steward);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = portal.ServerAddress.ToString() });
        await page.GotoAsync("/Account/Login?ReturnUrl=%2Fepochs");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await page.GetByLabel("Budget (wei; empty for the genesis pool)").FillAsync("1000000000000000000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("opened as a draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compute" }).First.ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Computing epoch");
        await WaitForStatusAsync(page, "Computed");
        await new Web3(TestEnvironment.SharedAnvilRpc).Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", 86_400));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish root" }).First.ClickAsync();
        await WaitForStatusAsync(page, "Published");

        await page.GetByTestId("epoch-row").First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("epoch-root")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0x[0-9a-f]{64}$"));
        await Expect(page.GetByTestId("allocation-row").First).ToContainTextAsync("github:hopper");
    }

    [Fact]
    public async Task Contributor_PostingTheStewardForm_IsRefused()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password);
        var client = await portal.LoginAsync(email, Password);
        var form = await client.GetStringAsync("/epochs");

        var response = await client.PostAsync("/epochs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(form),
            ["_handler"] = "epoch-action",
            ["Action.Number"] = "1",
            ["Action.Verb"] = "publish",
        }));

        // Refused before any code runs: the contributor's page renders no such form (400); were it rendered, the page's own role check answers 403.
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"got {response.StatusCode}");
        Assert.Empty(await portal.CreateClient().GetFromJsonAsync<object[]>("/api/epochs") ?? []);
    }

    private static async Task WaitForStatusAsync(IPage page, string status) =>
        await Eventually.ReturnsAsync(async () =>
        {
            await page.GotoAsync("/epochs");
            return await page.GetByTestId("epoch-status").First.InnerTextAsync() == status ? status : null;
        }, TimeSpan.FromSeconds(60));
}
