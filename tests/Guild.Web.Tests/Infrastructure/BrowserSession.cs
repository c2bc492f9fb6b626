using Guild.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>What Chromium journeys share: signing in through the real form, an injected wallet, waiting for interactivity.</summary>
public static class BrowserSession
{
    public const string Password = "Correct-Horse-9";
    private static readonly HttpClient Node = new();

    /// <param name="walletAccount">
    /// When set, the page gets an injected EIP-1193 wallet for that account, backed by the shared anvil (which signs for
    /// its development accounts): what a browser extension does, minus the confirmation pop-ups.
    /// </param>
    /// <param name="walletRpc">The node the injected wallet forwards to, when the portal runs on its own anvil.</param>
    public static async Task<IPage> SignInAsync(IBrowser browser, GuildWebFactory portal, string email, string returnUrl, string? walletAccount = null,
        string? walletRpc = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.ServerAddress.ToString() });
        if (walletAccount is not null)
        {
            await context.AddInitScriptAsync($$"""
                window.ethereum = {
                  request: async ({ method, params }) => {
                    if (method === 'eth_requestAccounts' || method === 'eth_accounts') return ['{{walletAccount}}'];
                    const response = await fetch('/__test-wallet', { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
                    const body = await response.json();
                    if (body.error) throw new Error(body.error.message);
                    return body.result;
                  },
                };
                """);
            await context.RouteAsync("**/__test-wallet", async route =>
            {
                var forwarded = await Node.PostAsync(walletRpc ?? TestEnvironment.SharedAnvilRpc,
                    new StringContent(route.Request.PostData ?? "", System.Text.Encoding.UTF8, "application/json"));
                await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = await forwarded.Content.ReadAsStringAsync() });
            });
        }
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("LoginWith2fa", StringComparison.Ordinal) || new Uri(url).PathAndQuery.EndsWith(returnUrl, StringComparison.Ordinal));
        if (page.Url.Contains("LoginWith2fa", StringComparison.Ordinal))
        {
            // A steward: answer the authenticator app's code, as its owner would.
            await page.GetByLabel("Authenticator code").FillAsync(await portal.AuthenticatorCodeAsync(email));
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await page.WaitForURLAsync("**" + returnUrl);
        }
        return page;
    }

    /// <summary>Opens an interactive page and waits for its circuit: buttons do nothing before it is connected.</summary>
    public static async Task OpenInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page.GetByTestId("interactive")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }
}

/// <summary>A test class that drives Debian's Chromium: one browser for the class, closed after it.</summary>
public abstract class BrowserTests : IAsyncLifetime
{
    private IPlaywright playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync() => (playwright, Browser) = await Chromium.LaunchAsync();

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
