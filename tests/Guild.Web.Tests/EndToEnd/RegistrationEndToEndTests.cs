using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Guild.Core.Accounts;
using Guild.Jobs.Chain;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nethereum.Web3;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.EndToEnd;

/// <summary>
/// Through every layer: Chromium registers a user in the portal (Identity on PostgreSQL), confirms the address through
/// the link mailed to smtp4dev and logs in; a Hangfire job reads the
/// chain's latest block from anvil through Guild.Chain and stores it, and the live page shows it.
/// </summary>
public class RegistrationEndToEndTests(GuildWebFactory factory) : BrowserTests, IClassFixture<GuildWebFactory>
{
    [Fact]
    public async Task Register_InChromium_HomeShowsTheBlockTheJobRecorded()
    {
        var web3 = new Web3(TestEnvironment.SharedAnvilRpc);
        await AnvilFixture.MineAsync(web3, 4);
        var mined = await AnvilFixture.BlockNumberAsync(web3);
        var email = $"ada+{Guid.NewGuid():N}@guild.test";
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = factory.ServerAddress.ToString() });
        var failedResponses = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failedResponses.Add($"{r.Status} {r.Url}"); };

        // Act: register through the form.
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Correct-Horse-9");
        await page.GetByLabel("Confirm password").FillAsync("Correct-Horse-9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        // Assert: the account waits for its address to be confirmed; following the mailed link and logging in signs in.
        await Expect(page.GetByTestId("register-confirmation")).ToContainTextAsync(email);
        var mail = await Mailbox.WaitForAsync(email);
        await page.GotoAsync(mail.Link("/Account/ConfirmEmail").PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("your account is confirmed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).Last.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("Correct-Horse-9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>().FindByEmailAsync(email);
            Assert.NotNull(user);
        }

        // Act: the job records the chain head; Assert: the interactive page picks it up without a reload.
        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordChainHeadJob>(j => j.RunAsync(CancellationToken.None));
        var block = page.GetByTestId("chain-head-block");
        await Expect(block).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Eventually.ReturnsAsync(async () =>
        {
            var shown = long.Parse((await block.InnerTextAsync()).TrimStart('#'));
            return shown >= mined ? (object)shown : null;
        });
        Assert.Empty(failedResponses);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Register")]
    [InlineData("/Account/Login")]
    public async Task PublicPages_InChromium_HaveNoSeriousAccessibilityViolations(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = factory.ServerAddress.ToString() });
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} node(s): {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})")));
    }
}
