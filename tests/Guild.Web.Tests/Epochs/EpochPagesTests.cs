using Guild.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Epochs;

/// <summary>Anyone can read the epochs page; only stewards get its actions (the steward's journey is in <see cref="RewardsLoopPagesTests"/>).</summary>
public class EpochPagesTests(EpochPipelineTests.DeployingPortal portal) : IClassFixture<EpochPipelineTests.DeployingPortal>, IAsyncLifetime
{
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync() => (playwright, browser) = await Guild.Testing.Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task Contributor_SeesTheEpochsButNoStewardAction()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Browser.Password);
        var page = await Browser.SignInAsync(browser, portal, email, "/epochs");
        await Browser.OpenInteractiveAsync(page, "/epochs");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Epochs" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create draft" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Compute" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("funding")).ToHaveCountAsync(0);
    }
}
