using System.Numerics;
using System.Text.RegularExpressions;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Guild.Web.Tests.Infrastructure.RewardsLoopPortal;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Epochs;

/// <summary>
/// The rewards loop in Chromium, as its people do it: a steward runs genesis and two more epochs from /epochs (the page
/// follows each job by itself; publishing asks for confirmation and names what goes on-chain; a publish the treasury has
/// not funded shows its reason and a Retry; a draft is edited and deleted), while a contributor links GitHub and a wallet
/// after genesis (their genesis share follows their verified email) and claims with their browser wallet after every publish.
/// </summary>
public class RewardsLoopPagesTests(RewardsLoopPortal portal) : BrowserTests, IClassFixture<RewardsLoopPortal>
{
    [Fact]
    public async Task StewardRunsThreeEpochs_ContributorLinksAfterGenesisAndClaimsAfterEachPublish()
    {
        await portal.ReplayAsync(150);
        long repository;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<Guild.Core.Contributions.AddTrackedRepositoryCommand>().ExecuteAsync(
                new Guild.Core.Contributions.TrackedRepositoryInput("github.com", "karpathy", "nanoGPT", "Collective Ownership License", null, null, null, portal.RepositoryPath), default);
            repository = added.Value!.Id;
        }
        await portal.ImportAsync(repository);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // Andrej linked a wallet before genesis (not this journey's subject): the trees have an account from the start.
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var andrej = await db.ContributorIdentities.Where(i => i.Value == "andrej.karpathy@gmail.com").Select(i => i.PersonId).SingleAsync();
            db.ContributorWallets.Add(new Guild.Core.Contributions.ContributorWallet(andrej, Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var stewardEmail = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(stewardEmail, BrowserSession.Password, GuildRoles.Steward);
        var steward = await BrowserSession.SignInAsync(Browser, portal, stewardEmail, "/epochs");
        await BrowserSession.OpenInteractiveAsync(steward, "/epochs");

        // Genesis: no budget to type; the page shows the job's progress and its outcome without a reload.
        await steward.GetByRole(AriaRole.Checkbox, new() { Name = "Genesis epoch" }).CheckAsync();
        await steward.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(Status(steward, 1)).ToHaveTextAsync("Draft");
        await Row(steward, 1).GetByRole(AriaRole.Button, new() { Name = "Compute" }).ClickAsync();
        await Expect(Status(steward, 1)).ToHaveTextAsync("Computed", new() { Timeout = 90_000 });
        await PublishAsync(steward, 1);
        await Expect(Status(steward, 1)).ToHaveTextAsync("Published", new() { Timeout = 90_000 });
        await steward.ScreenshotAsync(new() { Path = Screenshot("epochs-genesis-published"), FullPage = true });
        await PassChallengeWindowAsync(); // the next root can follow once this one is claimable

        // After genesis, Luca signs up and links GitHub (his verified email is the one his genesis commits carry), then his
        // browser wallet.
        var wallet = (await Node.Eth.Accounts.SendRequestAsync())[8].ToLowerInvariant();
        var contributorEmail = $"lantiga+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(contributorEmail, BrowserSession.Password);
        await portal.LinkGitHubAsync(contributorEmail, "lantiga", 1_000_001, ["luca@lightning.ai"]);
        var contributor = await BrowserSession.SignInAsync(Browser, portal, contributorEmail, "/me", wallet);
        await contributor.GetByLabel("Wallet address").FillAsync(wallet);
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Get the message to sign" }).ClickAsync();
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Sign with browser wallet" }).ClickAsync();
        await Expect(contributor.GetByLabel("Signature")).ToHaveValueAsync(new Regex("^0x[0-9a-f]{130}$"));
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Link wallet" }).ClickAsync();
        await Expect(contributor.GetByTestId("wallet")).ToContainTextAsync(wallet);

        // Epoch 2: newer history; budget typed in AGI, cap in percent. The pool cannot cover it: the page says why, the
        // treasury funds it, and Retry publishes.
        await portal.ReplayAsync(180);
        await portal.ImportAsync(repository);
        // What the genesis cap withheld stays in the pool: a million AGI more than that, all allocated (no cap this
        // time), is more than it can cover.
        System.Numerics.BigInteger withheld;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            withheld = (await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Epochs.SingleAsync(e => e.Number == 1)).WithheldWei ?? 0;
        }
        var budget = withheld / System.Numerics.BigInteger.Pow(10, 18) + 1_000_001;
        await steward.Locator("#epoch-budget").FillAsync(budget.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await steward.Locator("#epoch-cap").FillAsync("100");
        await steward.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(Status(steward, 2)).ToHaveTextAsync("Draft");
        await Row(steward, 2).GetByRole(AriaRole.Button, new() { Name = "Compute" }).ClickAsync();
        await Expect(Status(steward, 2)).ToHaveTextAsync("Computed", new() { Timeout = 90_000 });
        await PublishAsync(steward, 2);
        var failure = steward.GetByTestId("epoch-failure");
        await Expect(failure).ToContainTextAsync("short by", new() { Timeout = 90_000 });
        await steward.ScreenshotAsync(new() { Path = Screenshot("epochs-publish-underfunded"), FullPage = true });
        // Governance grants what the page says is missing, and enough for epoch 3.
        await portal.FundFromTreasuryAsync(RewardsLoopPortal.ShortfallOf((await failure.TextContentAsync())!) + 2_000_000 * Agi);
        await failure.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await ConfirmPublishAsync(steward, 2);
        await Expect(Status(steward, 2)).ToHaveTextAsync("Published", new() { Timeout = 90_000 });
        await Expect(failure).ToHaveCountAsync(0);
        var afterSecond = await ClaimInBrowserAsync(contributor, wallet, BigInteger.Zero);
        Assert.True(afterSecond > 0);

        // Epoch 3: a draft is changed, then deleted, then opened again and run.
        await portal.ReplayAsync(History.Count);
        await portal.ImportAsync(repository);
        await steward.Locator("#epoch-budget").FillAsync("500000");
        await steward.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(Status(steward, 3)).ToHaveTextAsync("Draft");
        await Row(steward, 3).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(steward.Locator("#epoch-budget")).ToHaveValueAsync("500000");
        await steward.Locator("#epoch-budget").FillAsync("750000.5");
        await steward.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(Row(steward, 3)).ToContainTextAsync("750,000.5 AGI");
        await Row(steward, 3).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await steward.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Row(steward, 3)).ToHaveCountAsync(0);
        await steward.Locator("#epoch-budget").FillAsync("1000000");
        await steward.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Row(steward, 3).GetByRole(AriaRole.Button, new() { Name = "Compute" }).ClickAsync();
        await Expect(Status(steward, 3)).ToHaveTextAsync("Computed", new() { Timeout = 90_000 });
        await PublishAsync(steward, 3);
        await Expect(Status(steward, 3)).ToHaveTextAsync("Published", new() { Timeout = 90_000 });
        var afterThird = await ClaimInBrowserAsync(contributor, wallet, afterSecond);

        // The wallet holds exactly what the epochs paid it.
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var paid = (await scope.ServiceProvider.GetRequiredService<GuildDbContext>().EpochContributors.AsNoTracking().Where(c => c.Wallet == wallet).ToListAsync())
                .Aggregate(BigInteger.Zero, (sum, l) => sum + l.PaidWei);
            Assert.Equal(paid, afterThird);
        }
        await steward.ScreenshotAsync(new() { Path = Screenshot("epochs-three-published"), FullPage = true });
        await contributor.ScreenshotAsync(new() { Path = Screenshot("me-after-claims"), FullPage = true });
    }

    private static ILocator Row(IPage page, long number) =>
        page.GetByTestId("epoch-row").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"#{number}", Exact = true }) });

    private static ILocator Status(IPage page, long number) => Row(page, number).GetByTestId("epoch-status");

    private static async Task PublishAsync(IPage steward, long number)
    {
        await Row(steward, number).GetByRole(AriaRole.Button, new() { Name = "Publish root" }).ClickAsync();
        await ConfirmPublishAsync(steward, number);
    }

    /// <summary>The confirmation names what goes on-chain: the root and the report hash, before anything is sent.</summary>
    private static async Task ConfirmPublishAsync(IPage steward, long number)
    {
        var dialog = steward.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"Publish epoch {number}'s root?");
        await Expect(dialog).ToContainTextAsync(new Regex("root 0x[0-9a-f]{64}"));
        await Expect(dialog).ToContainTextAsync(new Regex("report hash 0x[0-9a-f]{64}"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publish on-chain" }).ClickAsync();
    }

    /// <summary>Once the challenge window has passed, the contributor claims from /me with the browser wallet; returns the wallet's balance.</summary>
    private async Task<BigInteger> ClaimInBrowserAsync(IPage contributor, string wallet, BigInteger before)
    {
        await PassChallengeWindowAsync();
        await contributor.GotoAsync("/me");
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Claim with browser wallet" }).ClickAsync();
        await Expect(contributor.GetByTestId("claim-result")).ToContainTextAsync("Claim sent: 0x");
        return await Eventually.ReturnsAsync(async () => await portal.BalanceAsync(wallet) is var balance && balance > before ? (object)balance : null, TimeSpan.FromSeconds(30)) is BigInteger b ? b : 0;
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(Guild.Testing.TestEnvironment.RepositoryRoot, ".artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
