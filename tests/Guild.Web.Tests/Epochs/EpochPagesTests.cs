using Guild.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Epochs;

/// <summary>Anyone can read the epochs page; only stewards get its actions (the steward's journey is in <see cref="RewardsLoopPagesTests"/>).</summary>
public class EpochPagesTests(EpochPipelineTests.DeployingPortal portal) : BrowserTests, IClassFixture<EpochPipelineTests.DeployingPortal>
{
    [Fact]
    public async Task Contributor_SeesTheEpochsButNoStewardAction()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/epochs");
        await BrowserSession.OpenInteractiveAsync(page, "/epochs");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Epochs" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create draft" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Compute" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("funding")).ToHaveCountAsync(0);
    }
}
