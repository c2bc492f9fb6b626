using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Guild.Jobs.Licensing;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Web.Tests.Licensing;

/// <summary>
/// The reminder job mails a licensed company's members 60, 30 and 7 days before expiry and when a parameter change
/// leaves the licence under-staked, each once (a run repeated sends nothing new), only the most urgent one for a licence
/// it first sees late, and nothing to an organisation that turned reminders off. Mails arrive through smtp4dev.
/// </summary>
public class LicenseReminderTests(LicensePortal portal) : IClassFixture<LicensePortal>
{
    [Fact]
    public async Task Reminders_60_30_7_DaysBefore_AndUnderStaked_EachOnce_AndNoneWhenOptedOut()
    {
        var company = await portal.CompanyAsync(name: "Reminded");
        var expiry = await BuyAsync(company);

        Assert.Equal(1, await RunAsync(expiry.AddDays(-59.5)));
        var first = await Mailbox.WaitForAsync(company.Email, 1);
        Assert.Contains("expires in 60 days", first.Subject);
        Assert.Contains($"/organisation/{company.OrganisationId}/license", first.Text);
        Assert.Equal(0, await RunAsync(expiry.AddDays(-59))); // already sent
        Assert.Equal(1, await RunAsync(expiry.AddDays(-29.5)));
        Assert.Contains("expires in 30 days", (await Mailbox.WaitForAsync(company.Email, 2)).Subject);
        Assert.Equal(1, await RunAsync(expiry.AddDays(-6.5)));
        Assert.Contains("expires in 7 days", (await Mailbox.WaitForAsync(company.Email, 3)).Subject);
        Assert.Equal(0, await RunAsync(expiry.AddDays(-1)));

        try
        {
            // Governance doubles X: the stake no longer covers the licence.
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = 2 * BigInteger.Pow(10, 15) });
            await portal.IndexAsync();
            Assert.InRange(await RunAsync(expiry.AddDays(-1)), 1, 3); // every licence of this suite is under-staked now
            var underStaked = await Mailbox.WaitForAsync(company.Email, 4);
            Assert.Contains("under-staked", underStaked.Subject);
            Assert.Contains("200,000 AGI", underStaked.Text);
            Assert.Equal(0, await RunAsync(expiry.AddDays(-1)));
        }
        finally
        {
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = BigInteger.Pow(10, 15) });
            await portal.IndexAsync();
        }
    }

    [Fact]
    public async Task Reminders_FirstSeenLate_OnlyTheNearest_AndNothingForAnOrganisationThatOptedOut()
    {
        var late = await portal.CompanyAsync(name: "Late");
        var lateExpiry = await BuyAsync(late);
        var quiet = await portal.CompanyAsync(name: "Quiet");
        var off = await quiet.Client.PutAsJsonAsync($"/api/organisations/{quiet.OrganisationId}/license/reminders", new { on = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("remindersOn").GetBoolean());
        var quietExpiry = await BuyAsync(quiet);

        Assert.Equal(1, await RunAsync(lateExpiry.AddDays(-5)));
        var mail = await Mailbox.WaitForAsync(late.Email, 1);
        Assert.Contains("expires in 5 days", mail.Subject);
        Assert.Equal(0, await RunAsync(quietExpiry.AddDays(-5)));
        await Task.Delay(1000);
        Assert.Single(await Mailbox.ToAsync(late.Email));
        Assert.Empty(await Mailbox.ToAsync(quiet.Email));
    }

    private async Task<int> RunAsync(DateTimeOffset asOf)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LicenseReminderJob>().RunAsync(asOf, default);
    }

    /// <summary>Declares 11,000,000 USD (signed by ethers), buys with ETH from the company's key, indexes; returns the expiry.</summary>
    private async Task<DateTimeOffset> BuyAsync(TestCompany company)
    {
        var typed = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations/typed-data",
            new { legalName = "Reminded Ltd", fiscalYear = DateTimeOffset.UtcNow.Year, revenueUsd = "11000000" });
        var typedData = (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("typedData");
        var signed = await Eip712Tool.SignAsync(typedData, company.PrivateKey);
        var m = typedData.GetProperty("message");
        var stored = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations", new
        {
            company = m.GetProperty("company").GetString(),
            legalName = m.GetProperty("legalName").GetString(),
            fiscalYear = m.GetProperty("fiscalYear").GetInt32(),
            revenueUsd = m.GetProperty("revenueUsd").GetString(),
            statementUri = "",
            statementHash = "",
            nonce = m.GetProperty("nonce").GetString(),
            deadline = m.GetProperty("deadline").GetString(),
            signature = signed.Signature,
        });
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var id = (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var prepared = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/transactions",
            new { declarationId = id, action = "Purchase", payment = "Eth", termYears = 1 });
        Assert.True(prepared.IsSuccessStatusCode, await prepared.Content.ReadAsStringAsync());
        foreach (var call in (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("calls").EnumerateArray())
        {
            await LicensePortal.SendAsync(company, call.GetProperty("to").GetString()!, call.GetProperty("data").GetString()!,
                BigInteger.Parse(call.GetProperty("value").GetString()!, CultureInfo.InvariantCulture));
        }
        await portal.IndexAsync();
        var licence = await portal.LicenceAsync(company.Wallet);
        Assert.True(licence.Licensed);
        return licence.ExpiresAt!.Value;
    }
}
