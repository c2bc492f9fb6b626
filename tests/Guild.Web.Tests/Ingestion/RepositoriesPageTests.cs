using Guild.Core.Accounts;
using Guild.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Ingestion;

/// <summary>
/// A steward manages several tracked repositories in Chromium: the second and third rows act on their own repository
/// (a page with one row hid that every row's form shared a name), bad input is refused with the reason, and a
/// contributor never sees the page.
/// </summary>
public class RepositoriesPageTests(GuildWebFactory portal) : BrowserTests, IClassFixture<GuildWebFactory>
{
    [Fact]
    public async Task Steward_TracksThreeRepositories_ThenSyncsAndDeactivatesOnesFurtherDown()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password, GuildRoles.Steward);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/stewards/repositories");
        await BrowserSession.OpenInteractiveAsync(page, "/stewards/repositories");
        var names = Enumerable.Range(1, 3).Select(i => $"rows-{i}-{Guid.NewGuid():N}"[..16]).ToList();

        foreach (var name in names)
        {
            await page.Locator("#repo-owner").FillAsync("guild-org");
            await page.Locator("#repo-name").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Track" }).ClickAsync();
            await Expect(Row(page, name)).ToHaveCountAsync(1);
        }
        await page.Locator("#repo-owner").FillAsync("guild-org");
        await page.Locator("#repo-name").FillAsync("..");
        await page.GetByRole(AriaRole.Button, new() { Name = "Track" }).ClickAsync();
        await Expect(page.GetByTestId("form-error")).ToContainTextAsync("name: must be a repository name");

        // Act on the second and third rows, not the first.
        await Row(page, names[1]).GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = $"Sync of guild-org/{names[1]} queued." })).ToHaveCountAsync(1);
        await Row(page, names[2]).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(Row(page, names[2]).GetByTestId("repository-state")).ToHaveTextAsync("inactive");
        await Expect(Row(page, names[0]).GetByTestId("repository-state")).ToHaveTextAsync("active");
        await Expect(Row(page, names[1]).GetByTestId("repository-state")).ToHaveTextAsync("active");
        await Row(page, names[2]).GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Expect(Row(page, names[2]).GetByTestId("repository-state")).ToHaveTextAsync("active");

        // Each repository's own schedule follows: all three are active again, each with its sync.
        var recurring = RecurringIds();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Guild.Core.Data.GuildDbContext>();
            foreach (var name in names)
            {
                var id = db.TrackedRepositories.Single(r => r.Name == name).Id;
                Assert.Contains($"github-sync:{id}", recurring);
            }
        }
        // The page's own sizes: a 375 px wide screen scrolls the table inside its container, never the page.
        await page.SetViewportSizeAsync(375, 800);
        // (Snackbars slide in from the right for a moment; the layout itself must settle within the width.
        // A function, not an expression: Playwright polls an expression with eval, which the CSP refuses.)
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth + 1", null, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Contributor_IsNotShownThePage()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/");
        await page.GotoAsync("/stewards/repositories");

        await Expect(page.GetByText("Your account does not have the role this page needs.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Track" })).ToHaveCountAsync(0);
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=repository-row][data-repository='guild-org/{name}']");

    private List<string> RecurringIds()
    {
        using var connection = portal.Services.GetRequiredService<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id).ToList();
    }
}
