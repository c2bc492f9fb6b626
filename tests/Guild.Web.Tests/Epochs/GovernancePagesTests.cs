using System.Net;
using System.Net.Http.Json;
using System.Text;
using Guild.Core.Accounts;
using Guild.Core.Allocation;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Data;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Epochs;

/// <summary>
/// The stewards' governance pages in Chromium, after a computed genesis on real history: a steward drafts a candidate
/// weight set, previews it (chart, Gini, top shares and movers beside the set in force) and saves it for a proposal
/// (its hash and calldata); then finds a commit in the review queue's search, flags it with a note, and sees it left out.
/// </summary>
public class GovernancePagesTests(RewardsLoopPortal portal) : BrowserTests, IClassFixture<RewardsLoopPortal>
{
    [Fact]
    public async Task Steward_PreviewsAndSavesACandidate_ThenFlagsACommitWithANote()
    {
        await portal.ReplayAsync(120);
        long repository;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<Guild.Core.Contributions.AddTrackedRepositoryCommand>().ExecuteAsync(
                new Guild.Core.Contributions.TrackedRepositoryInput("github.com", "karpathy", "nanoGPT", "Collective Ownership License", null, null, null, portal.RepositoryPath), default);
            repository = added.Value!.Id;
        }
        await portal.ImportAsync(repository);
        var api = await portal.StewardAsync();
        var number = (await (await api.PostAsJsonAsync("/api/epochs", new { genesis = true })).Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
        await api.PostAsync($"/api/epochs/{number}/compute", null);
        await Eventually.ReturnsAsync(async () => (await api.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!.Status == "Computed" ? "ok" : null, TimeSpan.FromSeconds(90));

        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password, GuildRoles.Steward);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/stewards/weights");
        await BrowserSession.OpenInteractiveAsync(page, "/stewards/weights");

        await Expect(page.GetByTestId("in-force")).ToContainTextAsync(WeightSet.Default.Version);
        var candidate = WeightSet.Default with { Version = "guild-page-candidate", SizeUnit = 25 };
        await page.Locator("#candidate-json").FillAsync(Encoding.UTF8.GetString(WeightSetJson.Canonical(candidate)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview on the latest epoch" }).ClickAsync();
        await Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("guild-page-candidate", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("preview-gini")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.\d{3}$"));
        await Expect(page.GetByTestId("preview-up")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-down")).ToBeVisibleAsync();
        await Expect(page.Locator("svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("weight-sets-preview"), FullPage = true });
        await page.Locator("#candidate-note").FillAsync("smaller pieces: more concave");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save candidate" }).ClickAsync();
        var hash = WeightSetJson.Hash(candidate).ToString();
        await Expect(page.GetByTestId("candidate-saved")).ToContainTextAsync(hash);
        // setWeightsHash(bytes32) is 0x367289be: the proposal's calldata is the selector and the hash.
        await Expect(page.GetByTestId("candidate-calldata")).ToHaveTextAsync("0x367289be" + hash[2..]);
        // Members propose it from the governance page, the parameter and the hash filled in.
        await Expect(page.GetByTestId("candidate-propose")).ToHaveAttributeAsync("href", $"/governance?parameter=weights&value={hash}");

        // The review queue: find one of Karpathy's commits by its sha, flag it with a note.
        string sha;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            sha = await db.Contributions.Where(c => c.Kind == Guild.Core.Contributions.ContributionKind.Commit && c.Flags == Guild.Core.Contributions.ContributionFlags.None)
                .OrderBy(c => c.Id).Select(c => c.ExternalId).FirstAsync();
        }
        await BrowserSession.OpenInteractiveAsync(page, "/stewards/flags");
        await page.Locator("#flag-search").FillAsync(sha);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByTestId("flag-match").GetByRole(AriaRole.Button, new() { Name = "Flag…" }).ClickAsync();
        await page.Locator("#flag-note").FillAsync("generated by a script");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Flag" }).ClickAsync();
        var row = page.GetByTestId("flag-row").Filter(new() { HasText = "generated by a script" });
        await Expect(row.GetByTestId("flag-state")).ToHaveTextAsync("no (flagged)");
        await row.GetByRole(AriaRole.Button, new() { Name = "Unflag" }).ClickAsync();
        await page.Locator("#flag-note").FillAsync("it was hand-written after all");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Unflag" }).ClickAsync();
        await Expect(page.GetByTestId("flag-row").Filter(new() { HasText = "it was hand-written after all" }).GetByTestId("flag-state")).ToHaveTextAsync("yes");
        await page.ScreenshotAsync(new() { Path = Screenshot("review-queue"), FullPage = true });

        // Recomputed, the epoch carries the steward's latest note onto its page.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/epochs/{number}/compute", null)).StatusCode);
        await BrowserSession.OpenInteractiveAsync(page, $"/epochs/{number}");
        await Expect(page.GetByTestId("epoch-notes")).ToContainTextAsync("unflagged by a steward: it was hand-written after all", new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("epoch-notes")).ToContainTextAsync(sha);

        // The allocation grid pages and searches in the database: 25 rows of many, then the one person searched for.
        var lines = (await api.GetFromJsonAsync<EpochsApi.ContributorLineResponse[]>($"/api/epochs/{number}/contributors?take=1000"))!;
        await Expect(page.GetByTestId("allocation-row")).ToHaveCountAsync(Math.Min(25, lines.Length));
        // The longest key is in no other key ("person:7" is in "person:71").
        var someone = lines.Select(l => l.Contributor).OrderByDescending(k => k.Length).ThenByDescending(k => k, StringComparer.Ordinal).First();
        await page.GetByLabel("Search the allocation").FillAsync(someone);
        await Expect(page.GetByTestId("allocation-row")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-testid=allocation-row] a[data-contributor='{someone}']")).ToHaveCountAsync(1);
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(Guild.Testing.TestEnvironment.RepositoryRoot, ".artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
