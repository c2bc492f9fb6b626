using Deque.AxeCore.Playwright;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Identity;

/// <summary>The account pages in Chromium: the stewards' users page (grid, dialog, audit trail), git emails on /me confirmed by mail, and axe on every page added.</summary>
public class AccountPagesTests(GuildWebFactory portal) : BrowserTests, IClassFixture<GuildWebFactory>
{
    private const string Password = BrowserSession.Password;

    private static string NewEmail(string who) => $"{who}+{Guid.NewGuid():N}@guild.test";

    [Fact]
    public async Task Steward_GrantsARoleOnTheUsersPage_AfterConfirming_AndSeesItInTheTrail()
    {
        var steward = NewEmail("steward");
        var member = NewEmail("to-grant");
        await portal.CreateUserAsync(steward, Password, GuildRoles.Steward);
        await portal.CreateUserAsync(member, Password);
        var page = await BrowserSession.SignInAsync(Browser, portal, steward, "/stewards/users");
        await BrowserSession.OpenInteractiveAsync(page, "/stewards/users");

        await page.GetByLabel("Search by email").FillAsync(member);
        await Expect(page.Locator("[data-testid=user-roles]")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Grant Member to {member}" }).ClickAsync();
        await Expect(page.GetByTestId("confirm-text")).ToHaveTextAsync($"Grant Member to {member}?");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();

        await Expect(page.GetByText($"{member} now has the Member role.")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=user-roles][data-email='{member}']")).ToHaveTextAsync("Member");
        var trail = page.GetByTestId("role-change-row").First;
        await Expect(trail).ToContainTextAsync(member);
        await Expect(trail).ToContainTextAsync("granted Member");
        await Expect(trail).ToContainTextAsync(steward);

        // The export holds every account the search finds, with the role just granted.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export the accounts found as CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal("users.csv", download.SuggestedFilename);
        Assert.Equal(["email,joined,email confirmed,two-factor,roles", $"{member},{DateTime.UtcNow:yyyy-MM-dd},yes,no,Member"],
            csv.TrimEnd().Split("\r\n"));
    }

    [Fact]
    public async Task Contributor_AddsAGitEmailOnMe_ByFollowingTheMailedLink_AndItsCommitsBecomeTheirs()
    {
        var email = NewEmail("coder");
        var gitEmail = $"coder-{Guid.NewGuid():N}@laptop.example";
        var user = await portal.CreateUserAsync(email, Password);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/git-emails", null),
            [
                new ContributionRecord(ContributionKind.Commit, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddDays(-2))
                {
                    Author = new IdentityRef(IdentityKind.GitEmail, gitEmail, "Coder"), Title = "=SUM(1) faster tokenizer", Additions = 12,
                },
            ], default);
        }
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/me");

        await page.GetByLabel("Git email").FillAsync(gitEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail me a confirmation link" }).ClickAsync();
        await Expect(page.GetByTestId("git-email-status")).ToContainTextAsync($"We sent a link to {gitEmail}");
        await AssertAccessibleAsync(page);
        var mail = await Mailbox.WaitForAsync(gitEmail);
        await page.GotoAsync(mail.Link("/Account/ConfirmGitEmail").PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"commits authored as {gitEmail} now count as yours");
        await page.GotoAsync("/me");
        await Expect(page.GetByTestId("git-emails")).ToContainTextAsync(gitEmail);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var person = await db.People.SingleAsync(p => p.UserId == user.Id);
            var identity = await db.ContributorIdentities.SingleAsync(i => i.Kind == IdentityKind.GitEmail && i.Value == gitEmail);
            Assert.Equal(person.Id, identity.PersonId);
            Assert.Equal(LoginSource.Confirmed, identity.LoginSource);
        }

        // The commit now shows among their contributions, and the grid's export carries it (its title kept as text).
        await BrowserSession.OpenInteractiveAsync(page, "/me/contributions");
        await Expect(page.GetByTestId("contributions")).ToContainTextAsync("=SUM(1) faster tokenizer");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export the contributions shown as CSV" }).ClickAsync());
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimEnd().Split("\r\n");
        Assert.Equal("date,repository,type,title,url,lines,epoch", csv[0]);
        Assert.Equal($"{DateTime.UtcNow.AddDays(-2):yyyy-MM-dd},guild/git-emails,Commit,'=SUM(1) faster tokenizer,,12,", Assert.Single(csv[1..]));
    }

    [Fact]
    public async Task GitEmailLink_OpenedByAnotherAccount_ChangesNothing()
    {
        var asker = NewEmail("asker");
        var other = NewEmail("other");
        var gitEmail = $"victim-{Guid.NewGuid():N}@laptop.example";
        await portal.CreateUserAsync(asker, Password);
        await portal.CreateUserAsync(other, Password);
        var askerClient = await portal.LoginAsync(asker, Password);
        await StaticForms.SubmitAsync(askerClient, "/me", "git-email", new Dictionary<string, string> { ["Input.Email"] = gitEmail });
        var link = (await Mailbox.WaitForAsync(gitEmail)).Link("/Account/ConfirmGitEmail").PathAndQuery;

        var answer = await (await portal.LoginAsync(other, Password)).GetStringAsync(link);

        Assert.Contains("This link is not valid for the account you are logged in with", answer);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContributorIdentities.AnyAsync(i => i.Value == gitEmail));
    }

    [Theory]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ResendEmailConfirmation")]
    [InlineData("/Account/RegisterConfirmation?email=someone%40guild.test")]
    public async Task AnonymousAccountPages_HaveNoSeriousAccessibilityViolations(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = portal.ServerAddress.ToString() });
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task ManagePages_HaveNoSeriousAccessibilityViolations()
    {
        var email = NewEmail("settings");
        await portal.CreateUserAsync(email, Password);
        var page = await BrowserSession.SignInAsync(Browser, portal, email, "/Account/Manage");
        await Expect(page.GetByTestId("account-email")).ToHaveTextAsync(email);
        foreach (var path in new[]
                 {
                     "/Account/Manage", "/Account/Manage/Email", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication",
                     "/Account/Manage/EnableAuthenticator", "/Account/Manage/PersonalData", "/Account/Manage/DeletePersonalData",
                 })
        {
            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await AssertAccessibleAsync(page);
        }
        // The QR code and the key an app reads.
        await page.GotoAsync("/Account/Manage/EnableAuthenticator");
        await Expect(page.GetByAltText("QR code of your authenticator key")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("authenticator-key")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[a-z2-7]{4}( [a-z2-7]{1,4})+$"));
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} node(s): {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})")));
    }
}
