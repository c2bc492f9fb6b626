using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guild.Web.Tests.Portal;

/// <summary>
/// Every main page, as the people who use it see it, on a desktop (1280 px) and a phone (375 px), light and dark: axe
/// finds no serious or critical violation, nothing makes the page scroll sideways (wide tables scroll in their own box),
/// and a screenshot of each is saved under .artifacts/screenshots for review.
/// </summary>
public class PageAuditTests(RewardsLoopPortal portal) : BrowserTests, IClassFixture<RewardsLoopPortal>
{
    private static readonly int[] Widths = [1280, 375];

    [Fact]
    public async Task EveryMainPage_IsAccessibleAndFitsADesktopAndAPhone()
    {
        var (contributor, person) = await PrepareAsync();
        var steward = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(steward, BrowserSession.Password, GuildRoles.Steward);
        var member = $"member+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(member, BrowserSession.Password, GuildRoles.Member);
        var company = $"company+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(company, BrowserSession.Password, GuildRoles.Company);

        var pages = new (string Who, string Path, string Name)[]
        {
            ("anonymous", "/", "home"),
            ("anonymous", "/epochs", "epochs"),
            ("anonymous", "/epochs/1", "epoch"),
            ("anonymous", $"/epochs/1?contributor={Uri.EscapeDataString(person)}", "epoch-explanation"),
            ("anonymous", "/Account/Login", "login"),
            ("anonymous", "/Account/Register", "register"),
            ("anonymous", "/no-such-page", "not-found"),
            (contributor, "/me", "me"),
            (contributor, "/me/contributions", "me-contributions"),
            ("anonymous", "/Account/ForgotPassword", "forgot-password"),
            ("anonymous", "/Account/ResendEmailConfirmation", "resend-confirmation"),
            (contributor, "/Account/Manage", "manage-profile"),
            (contributor, "/Account/Manage/Email", "manage-email"),
            (contributor, "/Account/Manage/ChangePassword", "manage-password"),
            (contributor, "/Account/Manage/TwoFactorAuthentication", "manage-two-factor"),
            (contributor, "/Account/Manage/EnableAuthenticator", "manage-authenticator"),
            (contributor, "/Account/Manage/PersonalData", "manage-personal-data"),
            (contributor, "/organisation", "organisation"),
            (steward, "/epochs", "epochs-steward"),
            (steward, "/stewards/repositories", "repositories"),
            (steward, "/stewards/users", "users"),
            (steward, "/stewards/weights", "weight-sets"),
            (steward, "/stewards/flags", "review-queue"),
            ("anonymous", "/licenses", "license-register"),
            ("anonymous", "/license", "license-text"),
            ("anonymous", "/roadmap", "roadmap"),
            ("anonymous", "/governance", "governance"),
            (company, "/organisation/license", "company-license"),
            (member, "/stake", "stake"),
            (member, "/delegation", "delegation"),
            (member, "/inbox", "inbox"),
            (member, "/roadmap/new", "roadmap-new"),
            (member, "/roadmap/grant", "roadmap-grant"),
        };
        var problems = new List<string>();
        foreach (var dark in new[] { false, true })
        {
            foreach (var group in pages.GroupBy(p => p.Who))
            {
                var page = group.Key == "anonymous"
                    ? await (await Browser.NewContextAsync(new() { BaseURL = portal.ServerAddress.ToString() })).NewPageAsync()
                    : await BrowserSession.SignInAsync(Browser, portal, group.Key, "/");
                if (dark)
                {
                    await page.Context.AddCookiesAsync([new Cookie { Name = "guild.theme", Value = "dark", Url = portal.ServerAddress.ToString() }]);
                }
                foreach (var (_, path, name) in group)
                {
                    foreach (var width in Widths)
                    {
                        await page.SetViewportSizeAsync(width, 900);
                        await page.GotoAsync(path);
                        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                        var label = $"{name}-{width}{(dark ? "-dark" : "")}";
                        foreach (var v in (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical"))
                        {
                            problems.Add($"{label}: {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(2).Select(n => n.Html))})");
                        }
                        if (!await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"))
                        {
                            problems.Add($"{label}: the page scrolls sideways ({await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px)");
                        }
                        await page.ScreenshotAsync(new() { Path = Screenshot(label), FullPage = true });
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Some real history, a published genesis, and a contributor whose verified email is Andrej's.</summary>
    private async Task<(string Email, string Person)> PrepareAsync()
    {
        await portal.ReplayAsync(60);
        long repository;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<Guild.Core.Contributions.AddTrackedRepositoryCommand>().ExecuteAsync(
                new Guild.Core.Contributions.TrackedRepositoryInput("github.com", "karpathy", "nanoGPT", "Collective Ownership License", null, null, null, portal.RepositoryPath), default);
            repository = added.Value!.Id;
        }
        await portal.ImportAsync(repository);
        var email = $"andrej+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var person = await portal.LinkGitHubAsync(email, "karpathy", 241138, ["andrej.karpathy@gmail.com"]);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            db.ContributorWallets.Add(new Guild.Core.Contributions.ContributorWallet(person.Id, Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var steward = await portal.StewardAsync();
        var created = await steward.PostAsJsonAsync("/api/epochs", new { genesis = true });
        var number = (await created.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
        await steward.PostAsync($"/api/epochs/{number}/compute", null);
        await Eventually.ReturnsAsync(async () => (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!.Status == "Computed" ? "ok" : null, TimeSpan.FromSeconds(90));
        await steward.PostAsync($"/api/epochs/{number}/publish", null);
        await Eventually.ReturnsAsync(async () => (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!.Status == "Published" ? "ok" : null, TimeSpan.FromSeconds(90));
        return (email, person.Key);
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(Guild.Testing.TestEnvironment.RepositoryRoot, ".artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
