using System.Text.RegularExpressions;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Licensing;

/// <summary>
/// Companies in Chromium with an injected EIP-1193 wallet (anvil's development accounts behind it, which sign typed data
/// and send transactions): declare, quote, buy with the stablecoin (approval, then purchase), see the licence active and
/// the API and badge agree; declare a higher revenue and top up; renew; a company below the threshold records a free
/// attestation with ETH; a licence the sale reserve cannot cover is refused with the reason before the wallet is asked.
/// </summary>
public class LicenseJourneyTests(LicensePortal portal) : BrowserTests, IClassFixture<LicensePortal>
{
    // anvil's well-known development accounts 7, 8 and 9 (mnemonic "test test … junk"); accounts 1 to 6 serve the SIWE tests.
    private const string Account7 = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
    private const string Key7 = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
    private const string Account8 = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private const string Key8 = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
    private const string Account9 = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";
    private const string Key9 = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    private static readonly LocatorAssertionsToContainTextOptions Mined = new() { Timeout = 60_000 };

    [Fact]
    public async Task Company_DeclaresQuotesBuysWithTheStablecoin_ThenTopsUpAndRenews_InTheBrowser()
    {
        var company = await portal.CompanyAsync(Key7, "Acme Robotics");
        var path = $"/organisation/{company.OrganisationId}/license";
        var page = await BrowserSession.SignInAsync(Browser, portal, company.Email, path, walletAccount: Account7);
        await BrowserSession.OpenInteractiveAsync(page, path);
        await Expect(page.GetByTestId("holder-wallet")).ToHaveTextAsync(Account7);
        await Expect(page.GetByTestId("license-status")).ToHaveTextAsync("No licence");

        // The live quote, from the chain's parameters.
        await page.Locator("#quote-revenue").FillAsync("11,000,000");
        await Expect(page.GetByTestId("quote-required")).ToContainTextAsync("100,000 AGI");
        await Expect(page.GetByTestId("quote-cost-stablecoin")).ToHaveTextAsync("10,000 USD stablecoin");
        await Expect(page.GetByTestId("quote-cost-eth")).ToHaveTextAsync("3.333333333333333334 ETH");

        await DeclareAsync(page, "11,000,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy licence" }).ClickAsync();
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("Purchase recorded in block", Mined);
        await Expect(page.GetByTestId("license-status")).ToHaveTextAsync("Licensed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("license-stake")).ToHaveTextAsync("100,000 AGI");
        var expiry = await page.GetByTestId("license-expiry").TextContentAsync();
        // A year from the chain's clock (other tests warp the shared anvil ahead), counted down on the wall clock.
        var left = (await LicensePortal.ChainNowAsync()).AddDays(365) - DateTimeOffset.UtcNow;
        await Expect(page.GetByTestId("license-countdown")).ToContainTextAsync(new Regex($"^({left.Days}|{left.Days - 1}) days"));

        var licence = await portal.LicenceAsync(Account7);
        Assert.True(licence.Licensed);
        Assert.True(await portal.IsLicensedOnChainAsync(Account7));
        Assert.Contains($"active until {licence.ExpiresAt!.Value.UtcDateTime:yyyy-MM}", await portal.CreateClient().GetStringAsync($"/badges/licenses/{Account7}.svg"));

        // Revenue grows: a new declaration and a top-up buy the difference, keeping the expiry.
        await DeclareAsync(page, "21,000,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Top up" }).ClickAsync();
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("Top-up recorded in block", Mined);
        await Expect(page.GetByTestId("license-stake")).ToHaveTextAsync("200,000 AGI", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("license-expiry")).ToHaveTextAsync(expiry!);

        // Renewal: a year more from the current expiry.
        await DeclareAsync(page, "21,000,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Renew" }).ClickAsync();
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("Renewal recorded in block", Mined);
        var renewed = DateTime.ParseExact(expiry![..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(365);
        await Expect(page.GetByTestId("license-expiry")).ToContainTextAsync(renewed.ToString("yyyy-MM-dd"), new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("declaration-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("declarations")).ToContainTextAsync("Renewal in block");
        Assert.Equal("200000000000000000000000", (await portal.LicenceAsync(Account7)).StakeWei);
    }

    [Fact]
    public async Task Company_BelowTheThreshold_RecordsAFreeAttestationWithEth()
    {
        var company = await portal.CompanyAsync(Key8, "Tiny Labs");
        var path = $"/organisation/{company.OrganisationId}/license";
        var page = await BrowserSession.SignInAsync(Browser, portal, company.Email, path, walletAccount: Account8);
        await BrowserSession.OpenInteractiveAsync(page, path);

        await page.Locator("#quote-revenue").FillAsync("900000");
        await Expect(page.GetByTestId("quote-required")).ToContainTextAsync("free attestation");
        await DeclareAsync(page, "900,000");
        await page.GetByLabel("Pay with ETH").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy licence" }).ClickAsync();
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("Purchase recorded in block", Mined);
        await Expect(page.GetByTestId("license-status")).ToHaveTextAsync("Licensed (free attestation)", new() { Timeout = 30_000 });
        Assert.Equal("0", (await portal.LicenceAsync(Account8)).StakeWei);
    }

    [Fact]
    public async Task LicenceTheReserveCannotCover_IsRefusedWithTheReason_BeforeTheWalletIsAsked()
    {
        var company = await portal.CompanyAsync(Key9, "Huge Corp");
        var path = $"/organisation/{company.OrganisationId}/license";
        var page = await BrowserSession.SignInAsync(Browser, portal, company.Email, path, walletAccount: Account9);
        await BrowserSession.OpenInteractiveAsync(page, path);

        await page.Locator("#quote-revenue").FillAsync("5,000,000,000,000");
        await Expect(page.GetByTestId("reserve-warning")).ToContainTextAsync("cannot be bought until governance funds the reserve");
        var money = await portal.MoneyAsync(Account9);
        await DeclareAsync(page, "5,000,000,000,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy licence" }).ClickAsync();
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("The sale reserve holds");
        await Expect(page.GetByTestId("license-actions")).ToContainTextAsync("Nothing was sent.");
        Assert.Equal(money, await portal.MoneyAsync(Account9));
    }

    private static async Task DeclareAsync(IPage page, string revenue)
    {
        var declared = await page.GetByTestId("declaration-row").CountAsync();
        var declare = page.GetByTestId("declare");
        await page.Locator("#declare-legal-name").FillAsync("Acme Robotics GmbH");
        await page.Locator("#declare-revenue").FillAsync(revenue);
        await declare.GetByRole(AriaRole.Button, new() { Name = "Sign declaration with wallet" }).ClickAsync();
        await Expect(declare.GetByTestId("status")).ToContainTextAsync("Declaration signed and stored", new() { Timeout = 30_000 });
        // The page reloads with the new declaration ready to use.
        await Expect(page.GetByTestId("declaration-row")).ToHaveCountAsync(declared + 1);
        await Expect(page.GetByTestId("declarations")).ToContainTextAsync("ready to use");
        await Expect(page.GetByTestId("usable-declaration")).ToContainTextAsync(revenue);
    }
}
