using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Guild.Core.Contributions;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Web.Tests.Licensing;

/// <summary>
/// The public pages, without signing in: the register at <c>/licenses</c> finds a licensed company by name and by
/// address and shows its status (revoked once governance revokes it), stake, expiry and declaration hash, and lists the
/// works the licence covers; the
/// licence text at <c>/license</c> carries the parameters governance has set on the chain.
/// </summary>
public class LicensePagesTests(LicensePortal portal) : IClassFixture<LicensePortal>
{
    [Fact]
    public async Task Register_FindsALicensedCompanyByNameAndAddress_AndListsTheCoveredWorks()
    {
        var company = await portal.CompanyAsync(name: "Umbrella Robotics");
        var hash = await BuyAsync(company, "Umbrella Robotics GmbH");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<AddTrackedRepositoryCommand>().ExecuteAsync(
                new TrackedRepositoryInput("github.com", "agi-guild", "covered-work", "Collective Ownership License", new DateOnly(2030, 11, 29), "MIT", null, null), default);
            Assert.Null(added.Error);
        }
        var client = portal.CreateClient();
        var licence = await portal.LicenceAsync(company.Wallet);

        foreach (var query in new[] { "umbrella", company.Wallet.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) })
        {
            var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/licenses?q={Uri.EscapeDataString(query)}"));
            Assert.Contains($"data-address=\"{company.Wallet}\"", page);
            Assert.Contains("Umbrella Robotics GmbH", page);
            Assert.Contains(">Licensed<", page);
            Assert.Contains("100,000 AGI", page);
            Assert.Contains(licence.ExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page);
            Assert.Contains($"title=\"{hash}\"", page);
            Assert.Contains("agi-guild/covered-work", page);
        }
        var none = WebUtility.HtmlDecode(await client.GetStringAsync("/licenses?q=no-such-company-anywhere"));
        Assert.Contains("No company matches", none);
        Assert.DoesNotContain($"data-address=\"{company.Wallet}\"", none);

        // Governance revokes it for a false declaration: the register says so.
        await portal.AsTimelockAsync("LicenseRegistry", new Registry.RevokeFunction { Company = company.Wallet, Reason = "revenue understated" });
        await portal.IndexAsync();
        Assert.Contains(">Revoked<", WebUtility.HtmlDecode(await client.GetStringAsync("/licenses?q=umbrella")));
    }

    [Fact]
    public async Task LicenceText_CarriesTheGovernedParametersFromTheChain()
    {
        var client = portal.CreateClient();
        var text = WebUtility.HtmlDecode(await client.GetStringAsync("/license"));
        Assert.Contains("Collective Ownership License", text);
        Assert.Contains("1,000,000 US dollars", text);
        Assert.Contains("MIT", text);
        Assert.DoesNotContain("{{", text);
        try
        {
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRevenueThresholdFunction { ThresholdUsd = 2_500_000 });
            await portal.IndexAsync();
            var changed = WebUtility.HtmlDecode(await client.GetStringAsync("/license"));
            Assert.Contains("2,500,000 US dollars", changed);
            Assert.Contains(await portal.AddressAsync("LicenseRegistry"), changed, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRevenueThresholdFunction { ThresholdUsd = 1_000_000 });
            await portal.IndexAsync();
        }
    }

    /// <summary>Declares 11,000,000 USD (signed by ethers), buys with ETH from the company's key, indexes; returns the declaration hash.</summary>
    private async Task<string> BuyAsync(TestCompany company, string legalName)
    {
        var typed = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations/typed-data",
            new { legalName, fiscalYear = DateTimeOffset.UtcNow.Year, revenueUsd = "11000000" });
        Assert.True(typed.IsSuccessStatusCode, await typed.Content.ReadAsStringAsync());
        var typedData = (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("typedData");
        var signed = await Eip712Tool.SignAsync(typedData, company.PrivateKey);
        var m = typedData.GetProperty("message");
        var stored = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations", new
        {
            company = m.GetProperty("company").GetString(),
            legalName,
            fiscalYear = m.GetProperty("fiscalYear").GetInt32(),
            revenueUsd = m.GetProperty("revenueUsd").GetString(),
            statementUri = "",
            statementHash = "",
            nonce = m.GetProperty("nonce").GetString(),
            deadline = m.GetProperty("deadline").GetString(),
            signature = signed.Signature,
        });
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var declaration = await stored.Content.ReadFromJsonAsync<JsonElement>();
        var prepared = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/transactions",
            new { declarationId = declaration.GetProperty("id").GetInt64(), action = "Purchase", payment = "Eth", termYears = 1 });
        Assert.True(prepared.IsSuccessStatusCode, await prepared.Content.ReadAsStringAsync());
        foreach (var call in (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("calls").EnumerateArray())
        {
            await LicensePortal.SendAsync(company, call.GetProperty("to").GetString()!, call.GetProperty("data").GetString()!,
                BigInteger.Parse(call.GetProperty("value").GetString()!, CultureInfo.InvariantCulture));
        }
        await portal.IndexAsync();
        Assert.True((await portal.LicenceAsync(company.Wallet)).Licensed);
        return declaration.GetProperty("digest").GetString()!;
    }
}
