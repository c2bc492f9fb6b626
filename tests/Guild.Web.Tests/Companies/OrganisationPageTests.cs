using Guild.Core.Accounts;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Companies;

/// <summary>
/// A company account creates its organisation on /organisation and invites a colleague; the colleague follows the mailed
/// link, joins (and becomes a company account), and both see each other as members. An account without the Company role
/// is told how to become one.
/// </summary>
public class OrganisationPageTests(GuildWebFactory portal) : BrowserTests, IClassFixture<GuildWebFactory>
{
    [Fact]
    public async Task CompanyAccount_CreatesItsOrganisation_AndAColleagueJoinsThroughTheMailedLink()
    {
        var founder = $"founder+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(founder, BrowserSession.Password, GuildRoles.Company);
        var colleague = $"colleague+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(colleague, BrowserSession.Password);
        var name = $"Acme Labs {Guid.NewGuid():N}"[..18];

        var page = await BrowserSession.SignInAsync(Browser, portal, founder, "/organisation");
        await BrowserSession.OpenInteractiveAsync(page, "/organisation");
        await page.Locator("#organisation-name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var organisation = page.GetByTestId("organisation");
        await Expect(organisation).ToContainTextAsync(name);
        await Expect(organisation.GetByTestId("members")).ToContainTextAsync(founder);
        await organisation.GetByLabel("Colleague's email").FillAsync(colleague);
        await organisation.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = $"Invitation mailed to {colleague}" })).ToHaveCountAsync(1);

        var mail = await Mailbox.WaitForAsync(colleague);
        var link = mail.Link("/Account/Invitation");
        var invited = await BrowserSession.SignInAsync(Browser, portal, colleague, "/me");
        await invited.GotoAsync(link.PathAndQuery);
        await invited.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await BrowserSession.OpenInteractiveAsync(invited, "/organisation");
        await Expect(invited.GetByTestId("members")).ToContainTextAsync(founder);
        await Expect(invited.GetByTestId("members")).ToContainTextAsync(colleague);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync(colleague))!, GuildRoles.Company));
    }

    [Fact]
    public async Task AccountWithoutTheCompanyRole_IsToldHowToBecomeOne()
    {
        var email = $"member+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/organisation");

        await Expect(page.GetByTestId("not-company")).ToContainTextAsync("Company role");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create" })).ToHaveCountAsync(0);
    }
}
