using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.JsonRpc.Client;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Web.Tests.Licensing;

/// <summary>
/// The licence API end to end against a real registry: the live quote equals the contract's own figures over random
/// inputs and parameters; a company declares through the API with a signature made by an independent EIP-712
/// implementation (ethers), buys with the stablecoin from its own key, and the register, the JSON (with ETag and
/// Cache-Control) and the badge say licensed; governance's revocation shows; a reorged purchase disappears. Every bad
/// input is refused with a clear reason, and neither the database nor the chain changes.
/// </summary>
public class LicenseApiTests(LicensePortal portal) : IClassFixture<LicensePortal>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Quote_EqualsTheContractsRequiredStakeAndCostOf_OverRandomInputs()
    {
        var registry = await portal.AddressAsync("LicenseRegistry");
        var client = portal.CreateClient();
        var random = new Random(2027);
        var compared = 0;
        try
        {
            for (var set = 0; set < 4; set++)
            {
                if (set > 0)
                {
                    // Governance moves every parameter the quote uses; the API must follow at once.
                    await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRevenueThresholdFunction { ThresholdUsd = random.NextInt64(0, 5_000_000) });
                    await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = RandomBig(random, 1, BigInteger.Pow(10, 18)) });
                    await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetAgiPriceFunction { PriceUsd = RandomBig(random, 1, BigInteger.Pow(10, 21)) });
                    await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetEthPriceFunction { PriceUsd = RandomBig(random, 1, BigInteger.Pow(10, 24)) });
                }
                for (var i = 0; i < 40; i++)
                {
                    var revenue = i switch { 0 => BigInteger.Zero, 1 => BigInteger.Pow(10, 13), _ => RandomBig(random, 0, BigInteger.Pow(10, 13)) };
                    var quote = (await client.GetFromJsonAsync<LicensesApi.QuoteResponse>($"/api/licenses/quote?revenueUsd={revenue}"))!;
                    var required = await LicensePortal.Node.Eth.GetContractQueryHandler<Registry.RequiredStakeFunction>()
                        .QueryAsync<BigInteger>(registry, new Registry.RequiredStakeFunction { RevenueUsd = revenue });
                    var cost = await LicensePortal.Node.Eth.GetContractQueryHandler<Registry.CostOfFunction>()
                        .QueryDeserializingToObjectAsync<Registry.CostOfOutputDTO>(new Registry.CostOfFunction { Stake = required }, registry);
                    Assert.Equal(required.ToString(CultureInfo.InvariantCulture), quote.RequiredWei);
                    Assert.Equal(cost.WeiCost.ToString(CultureInfo.InvariantCulture), quote.CostWei);
                    Assert.Equal(cost.StablecoinCost.ToString(CultureInfo.InvariantCulture), quote.CostStablecoinUnits);
                    Assert.Equal(required.IsZero, quote.FreeAttestation);
                    compared++;
                }
            }
        }
        finally
        {
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRevenueThresholdFunction { ThresholdUsd = 1_000_000 });
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = BigInteger.Pow(10, 15) });
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetAgiPriceFunction { PriceUsd = BigInteger.Pow(10, 17) });
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetEthPriceFunction { PriceUsd = 3000 * BigInteger.Pow(10, 18) });
        }
        Assert.Equal(160, compared);
        var defaults = (await client.GetFromJsonAsync<LicensesApi.QuoteResponse>("/api/licenses/quote?revenueUsd=11,000,000"))!;
        Assert.Equal((100_000 * LicensePortal.Agi).ToString(CultureInfo.InvariantCulture), defaults.RequiredWei);
        Assert.Equal("10000000000", defaults.CostStablecoinUnits); // 10,000 USD in 6 decimals
        Assert.Equal(31_536_000, defaults.MinTermSeconds);
    }

    [Theory]
    [InlineData("-5", "cannot be negative")]
    [InlineData("eleven million", "whole number of US dollars")]
    [InlineData("12.50", "no cents")]
    [InlineData("11000000000000000000", "not a plausible annual revenue")] // a trillion-fold jump from 11,000,000
    [InlineData("1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "not a plausible annual revenue")] // beyond uint256
    public async Task Quote_BadRevenue_AnswersTheReason(string revenue, string reason)
    {
        var response = await portal.CreateClient().GetAsync($"/api/licenses/quote?revenueUsd={Uri.EscapeDataString(revenue)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("revenueUsd")[0].GetString());
    }

    [Fact]
    public async Task Company_DeclaresWithAnIndependentSigner_BuysWithTheStablecoin_AndTheRegisterJsonAndBadgeSayLicensed()
    {
        var company = await portal.CompanyAsync(name: "Globex Robotics");
        var registry = await portal.AddressAsync("LicenseRegistry");
        var (declaration, typedData) = await DeclareAsync(company, "11,000,000");
        Assert.Equal(declaration.GetProperty("digest").GetString(), (await Eip712Tool.HashAsync(typedData)).Digest);
        var onChain = await LicensePortal.Node.Eth.GetContractQueryHandler<Registry.HashDeclarationFunction>()
            .QueryAsync<byte[]>(registry, new Registry.HashDeclarationFunction { Declaration = Abi(typedData) });
        Assert.Equal(declaration.GetProperty("digest").GetString(), "0x" + Convert.ToHexStringLower(onChain));

        var prepared = await PrepareAsync(company, declaration.GetProperty("id").GetInt64(), "Purchase", "Stablecoin");
        Assert.Equal(["approve", "Purchase"], prepared.Calls.Select(c => c.Purpose));
        Assert.Equal("10000000000", prepared.MaxCost);
        var before = await portal.MoneyAsync(company.Wallet);
        foreach (var call in prepared.Calls)
        {
            var receipt = await LicensePortal.SendAsync(company, call.To, call.Data, BigInteger.Parse(call.Value, CultureInfo.InvariantCulture));
            var confirmed = await company.Client.PostAsync($"/api/organisations/{company.OrganisationId}/license/transactions/{receipt.TransactionHash}", null);
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }
        var after = await portal.MoneyAsync(company.Wallet);
        Assert.Equal(before.Reserve - 100_000 * LicensePortal.Agi, after.Reserve);
        Assert.Equal(before.TreasuryCoin + 10_000_000_000, after.TreasuryCoin);
        Assert.True(await portal.IsLicensedOnChainAsync(company.Wallet));

        // The confirmation asked the indexer to run: the register follows within seconds, without the test indexing.
        var licence = await Eventually.ReturnsAsync(async () => await portal.LicenceAsync(company.Wallet) is { Licensed: true } l ? l : null, TimeSpan.FromSeconds(30));
        Assert.StartsWith("Globex Robotics", licence.Company); // the legal name declared
        Assert.Equal((100_000 * LicensePortal.Agi).ToString(CultureInfo.InvariantCulture), licence.StakeWei);
        Assert.Equal(licence.StakeWei, licence.RequiredWei);
        Assert.Equal(DateTimeOffset.UtcNow.Year, licence.FiscalYear);
        Assert.Equal(declaration.GetProperty("digest").GetString(), licence.DeclarationHash);
        Assert.False(licence.Revoked);
        var chainNow = await LicensePortal.ChainNowAsync();
        Assert.InRange(licence.ExpiresAt!.Value, chainNow.AddDays(364), chainNow.AddDays(366));

        var client = portal.CreateClient();
        var response = await client.GetAsync($"/api/licenses/{company.Wallet.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)}");
        Assert.Equal("public, max-age=30", response.Headers.CacheControl!.ToString());
        var etag = response.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/licenses/{company.Wallet}");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        var badge = await client.GetAsync($"/badges/licenses/{company.Wallet}.svg");
        Assert.Equal("image/svg+xml", badge.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"active until {licence.ExpiresAt.Value.UtcDateTime:yyyy-MM}", await badge.Content.ReadAsStringAsync());
        var register = (await client.GetFromJsonAsync<LicensesApi.RegisterItem[]>("/api/licenses?search=globex"))!;
        Assert.Contains(register, r => r.Address == company.Wallet && r.Licensed);
        var nobody = await portal.LicenceAsync("0x" + new string('7', 40));
        Assert.False(nobody.Licensed);
        Assert.Contains(">none<", await client.GetStringAsync($"/badges/licenses/0x{new string('7', 40)}.svg"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/licenses/0x1234")).StatusCode);

        // Governance revokes it for a false declaration: the register, the JSON and the badge say so.
        await portal.AsTimelockAsync("LicenseRegistry", new Registry.RevokeFunction { Company = company.Wallet, Reason = "proposal 12: revenue understated" });
        await portal.IndexAsync();
        var revoked = await portal.LicenceAsync(company.Wallet);
        Assert.True(revoked.Revoked);
        Assert.False(revoked.Licensed);
        Assert.Contains(">revoked<", await client.GetStringAsync($"/badges/licenses/{company.Wallet}.svg"));
        Assert.NotEqual(etag.Tag, (await client.GetAsync($"/api/licenses/{company.Wallet}")).Headers.ETag!.Tag);
    }

    /// <summary>
    /// Purchase, top-up after a higher declaration, and renewal through the API, each call sent with the gas limit the
    /// API prepared (a renewal sent with a wallet's bare estimate can run out of gas writing a fresh vote checkpoint).
    /// </summary>
    [Fact]
    public async Task Company_BuysTopsUpAndRenews_WithThePreparedGasLimits()
    {
        var company = await portal.CompanyAsync(name: "Initech Robotics");
        DateTimeOffset? firstExpiry = null;
        foreach (var (revenue, action, stake) in new[] { ("11,000,000", "Purchase", 100_000), ("21,000,000", "TopUp", 200_000), ("21,000,000", "Renewal", 200_000) })
        {
            var (declaration, _) = await DeclareAsync(company, revenue);
            var prepared = await PrepareAsync(company, declaration.GetProperty("id").GetInt64(), action, "Stablecoin");
            foreach (var call in prepared.Calls)
            {
                Assert.NotNull(call.Gas);
                // The registry call waits for its approval: it is estimated again once the approval is mined, as the page does.
                var gas = BigInteger.Parse(call.Gas!, CultureInfo.InvariantCulture);
                if (call.Purpose != "approve")
                {
                    await using var scope = portal.Services.CreateAsyncScope();
                    var walletCall = new Guild.Chain.Licensing.WalletCall(call.Purpose, call.To, call.Data, BigInteger.Parse(call.Value, CultureInfo.InvariantCulture));
                    var checkedCall = await scope.ServiceProvider.GetRequiredService<Guild.Web.Licensing.LicenseTransactions>().CheckAsync(company.Wallet, walletCall, 6, default);
                    Assert.Null(checkedCall.Error);
                    gas = checkedCall.Value!.Gas!.Value;
                }
                var receipt = await LicensePortal.SendAsync(company, call.To, call.Data, BigInteger.Parse(call.Value, CultureInfo.InvariantCulture), gas);
                Assert.Equal(BigInteger.One, receipt.Status.Value);
                var confirmed = await company.Client.PostAsync($"/api/organisations/{company.OrganisationId}/license/transactions/{receipt.TransactionHash}", null);
                Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            }
            await portal.IndexAsync();
            var licence = await portal.LicenceAsync(company.Wallet);
            Assert.True(licence.Licensed);
            Assert.Equal((stake * LicensePortal.Agi).ToString(CultureInfo.InvariantCulture), licence.StakeWei);
            firstExpiry ??= licence.ExpiresAt;
            var expected = action == "Renewal" ? firstExpiry!.Value.AddDays(365) : firstExpiry!.Value;
            Assert.InRange(licence.ExpiresAt!.Value, expected.AddMinutes(-5), expected.AddMinutes(5));
        }
    }

    [Fact]
    public async Task BadDeclarations_AreRefusedWithTheReason_AndNeitherTheDatabaseNorTheChainChanges()
    {
        var acme = await portal.CompanyAsync(name: "Acme Labs");
        var initech = await portal.CompanyAsync(name: "Initech");
        var (_, acmeTyped) = await DeclareAsync(acme, "2,000,000");
        var acmeSigned = await Eip712Tool.SignAsync(acmeTyped, acme.PrivateKey);
        var database = await portal.DatabaseAsync();
        var money = (await portal.MoneyAsync(acme.Wallet), await portal.MoneyAsync(initech.Wallet));

        // Negative, non-numeric, a five-trillion-fold jump from the 2,000,000 just declared, and beyond uint256.
        foreach (var revenue in new[] { "-1", "abc", "11000000000000000000", new string('9', 90) })
        {
            var typed = await acme.Client.PostAsJsonAsync($"/api/organisations/{acme.OrganisationId}/license/declarations/typed-data",
                new { legalName = "Acme Labs", fiscalYear = DateTimeOffset.UtcNow.Year, revenueUsd = revenue });
            await AssertProblemAsync(typed, HttpStatusCode.BadRequest, "revenueUsd");
            var stored = await acme.Client.PostAsJsonAsync($"/api/organisations/{acme.OrganisationId}/license/declarations",
                Signed(acmeTyped, acmeSigned.Signature, revenue));
            await AssertProblemAsync(stored, HttpStatusCode.BadRequest, "revenueUsd");
        }
        // A JSON number beyond any integer type is read as text and refused the same way.
        var huge = await acme.Client.PostAsync($"/api/organisations/{acme.OrganisationId}/license/declarations/typed-data",
            new StringContent($$"""{"legalName":"Acme Labs","fiscalYear":{{DateTimeOffset.UtcNow.Year}},"revenueUsd":1{{new string('0', 90)}}}""", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(huge, HttpStatusCode.BadRequest, "revenueUsd");

        // Signed by another wallet.
        var byInitech = await Eip712Tool.SignAsync(acmeTyped, initech.PrivateKey);
        await AssertProblemAsync(await acme.Client.PostAsJsonAsync($"/api/organisations/{acme.OrganisationId}/license/declarations",
            Signed(acmeTyped, byInitech.Signature)), HttpStatusCode.BadRequest, "not " + acme.Wallet);

        // Reused by another company: Initech submits Acme's signed declaration.
        await AssertProblemAsync(await initech.Client.PostAsJsonAsync($"/api/organisations/{initech.OrganisationId}/license/declarations",
            Signed(acmeTyped, acmeSigned.Signature)), HttpStatusCode.BadRequest, "valid for its own company only");
        // ... or claims it for itself: then it is not Initech's wallet that signed it.
        var claimed = Signed(acmeTyped, acmeSigned.Signature);
        claimed["company"] = initech.Wallet;
        await AssertProblemAsync(await initech.Client.PostAsJsonAsync($"/api/organisations/{initech.OrganisationId}/license/declarations", claimed),
            HttpStatusCode.BadRequest, "not " + initech.Wallet);

        // An expired deadline, properly signed.
        var expiredTyped = WithDeadline(acmeTyped, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
        var expiredSigned = await Eip712Tool.SignAsync(expiredTyped, acme.PrivateKey);
        await AssertProblemAsync(await acme.Client.PostAsJsonAsync($"/api/organisations/{acme.OrganisationId}/license/declarations",
            Signed(expiredTyped, expiredSigned.Signature)), HttpStatusCode.BadRequest, "has expired");

        // An organisation one is not a member of does not exist for one.
        await AssertProblemAsync(await initech.Client.PostAsJsonAsync($"/api/organisations/{acme.OrganisationId}/license/declarations",
            Signed(acmeTyped, acmeSigned.Signature)), HttpStatusCode.NotFound, "no organisation");

        Assert.Equal(database, await portal.DatabaseAsync());
        Assert.Equal(money, (await portal.MoneyAsync(acme.Wallet), await portal.MoneyAsync(initech.Wallet)));
    }

    [Fact]
    public async Task PurchaseWhoseCostRoseAboveItsMaximum_IsRefused_AndNeitherTheDatabaseNorTheChainChanges()
    {
        var company = await portal.CompanyAsync(name: "Hooli");
        var (declaration, _) = await DeclareAsync(company, "11,000,000");
        var prepared = await PrepareAsync(company, declaration.GetProperty("id").GetInt64(), "Purchase", "Eth");
        var call = Assert.Single(prepared.Calls);
        Assert.Equal("3333333333333333334", call.Value);
        try
        {
            // Between the quote and the wallet's send, governance doubles X: the purchase would cost twice its maximum.
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = 2 * BigInteger.Pow(10, 15) });
            var database = await portal.DatabaseAsync();
            var money = await portal.MoneyAsync(company.Wallet);

            // The wallet's own gas estimate fails: nothing is sent.
            await Assert.ThrowsAnyAsync<RpcResponseException>(() => LicensePortal.SendAsync(company, call.To, call.Data, BigInteger.Parse(call.Value, CultureInfo.InvariantCulture)));
            // The portal's dry run, which the page makes right before asking the wallet, names the reason.
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var walletCall = new Guild.Chain.Licensing.WalletCall(call.Purpose, call.To, call.Data, BigInteger.Parse(call.Value, CultureInfo.InvariantCulture));
                var decoded = await scope.ServiceProvider.GetRequiredService<Guild.Chain.Licensing.LicenseService>().DryRunAsync(company.Wallet, walletCall);
                Assert.Equal("LicenseRegistryCostAboveMaximum", decoded?.ErrorName);
                var words = await scope.ServiceProvider.GetRequiredService<Guild.Web.Licensing.LicenseTransactions>().CheckAsync(company.Wallet, walletCall, 6, default);
                Assert.StartsWith("The price rose since the quote", words.Error?.Message);
            }
            // Prepared again, the quote is the new, dearer one.
            var again = await PrepareAsync(company, declaration.GetProperty("id").GetInt64(), "Purchase", "Eth");
            Assert.Equal("6666666666666666667", again.MaxCost);
            var unknown = await company.Client.PostAsync($"/api/organisations/{company.OrganisationId}/license/transactions/0x{new string('a', 64)}", null);
            await AssertProblemAsync(unknown, HttpStatusCode.Conflict, "does not know it");

            Assert.Equal(database, await portal.DatabaseAsync());
            Assert.Equal(money, await portal.MoneyAsync(company.Wallet));
            Assert.False(await portal.IsLicensedOnChainAsync(company.Wallet));
        }
        finally
        {
            await portal.AsTimelockAsync("LicenseRegistry", new Registry.SetRateFunction { NewRate = BigInteger.Pow(10, 15) });
        }
    }

    [Fact]
    public async Task Register_FollowsTheIndexedChain_AReorgedPurchaseDisappears()
    {
        var company = await portal.CompanyAsync(name: "Vandelay");
        var (declaration, _) = await DeclareAsync(company, "900,000");
        var prepared = await PrepareAsync(company, declaration.GetProperty("id").GetInt64(), "Purchase", "Eth");
        await portal.IndexAsync();
        var snapshot = await LicensePortal.Node.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_snapshot"));
        var call = Assert.Single(prepared.Calls); // a free attestation: no payment, one call
        Assert.Equal("0", call.Value);
        await LicensePortal.SendAsync(company, call.To, call.Data, 0);
        await portal.IndexAsync();
        Assert.True((await portal.LicenceAsync(company.Wallet)).Licensed);
        Assert.Equal(await portal.IsLicensedOnChainAsync(company.Wallet), (await portal.LicenceAsync(company.Wallet)).Licensed);

        // The block with the purchase is replaced by another branch: the indexer rewinds and the register forgets it.
        await LicensePortal.Node.Client.SendRequestAsync<bool>(new RpcRequest(2, "evm_revert", snapshot));
        await LicensePortal.Node.Client.SendRequestAsync(new RpcRequest(3, "anvil_mine", 3));
        await portal.IndexAsync();
        var after = await portal.LicenceAsync(company.Wallet);
        Assert.False(after.Licensed);
        Assert.Null(after.DeclarationHash);
        Assert.Equal(await portal.IsLicensedOnChainAsync(company.Wallet), after.Licensed);
    }

    /// <summary>Asks the API for the typed data of a declaration of <paramref name="revenue"/> USD, signs it with ethers and stores it.</summary>
    private static async Task<(JsonElement Declaration, JsonElement TypedData)> DeclareAsync(TestCompany company, string revenue)
    {
        var typed = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations/typed-data",
            new { legalName = "Globex Robotics GmbH", fiscalYear = DateTimeOffset.UtcNow.Year.ToString(CultureInfo.InvariantCulture), revenueUsd = revenue, statementUri = "https://example.org/report.pdf" });
        Assert.True(typed.IsSuccessStatusCode, await typed.Content.ReadAsStringAsync());
        var typedData = (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("typedData");
        var signed = await Eip712Tool.SignAsync(typedData, company.PrivateKey);
        Assert.Equal(company.Wallet, signed.Address);
        var stored = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/declarations", Signed(typedData, signed.Signature));
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        return (await stored.Content.ReadFromJsonAsync<JsonElement>(), typedData);
    }

    private static async Task<LicensesApi.PreparedResponse> PrepareAsync(TestCompany company, long declarationId, string action, string payment)
    {
        var response = await company.Client.PostAsJsonAsync($"/api/organisations/{company.OrganisationId}/license/transactions", new { declarationId, action, payment, termYears = 1 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LicensesApi.PreparedResponse>(Json))!;
    }

    /// <summary>The signed message's fields as the API takes them back, with <paramref name="revenue"/> replacing the signed figure when given.</summary>
    private static Dictionary<string, object?> Signed(JsonElement typedData, string signature, string? revenue = null)
    {
        var m = typedData.GetProperty("message");
        return new Dictionary<string, object?>
        {
            ["company"] = m.GetProperty("company").GetString(),
            ["legalName"] = m.GetProperty("legalName").GetString(),
            ["fiscalYear"] = m.GetProperty("fiscalYear").GetInt32().ToString(CultureInfo.InvariantCulture),
            ["revenueUsd"] = revenue ?? m.GetProperty("revenueUsd").GetString(),
            ["statementUri"] = m.GetProperty("statementUri").GetString(),
            ["statementHash"] = m.GetProperty("statementHash").GetString(),
            ["nonce"] = m.GetProperty("nonce").GetString(),
            ["deadline"] = m.GetProperty("deadline").GetString(),
            ["signature"] = signature,
        };
    }

    private static JsonElement WithDeadline(JsonElement typedData, long deadline)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(typedData.GetRawText())!;
        node["message"]!["deadline"] = deadline.ToString(CultureInfo.InvariantCulture);
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    private static Registry.RevenueDeclaration Abi(JsonElement typedData)
    {
        var m = typedData.GetProperty("message");
        return new Registry.RevenueDeclaration
        {
            Company = m.GetProperty("company").GetString(),
            LegalName = m.GetProperty("legalName").GetString(),
            FiscalYear = (ushort)m.GetProperty("fiscalYear").GetInt32(),
            RevenueUsd = BigInteger.Parse(m.GetProperty("revenueUsd").GetString()!, CultureInfo.InvariantCulture),
            StatementUri = m.GetProperty("statementUri").GetString(),
            StatementHash = Convert.FromHexString(m.GetProperty("statementHash").GetString()![2..]),
            NonceArgument = BigInteger.Parse(m.GetProperty("nonce").GetString()!, CultureInfo.InvariantCulture),
            Deadline = BigInteger.Parse(m.GetProperty("deadline").GetString()!, CultureInfo.InvariantCulture),
        };
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string contains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(contains, body, StringComparison.OrdinalIgnoreCase);
    }

    private static BigInteger RandomBig(Random random, BigInteger min, BigInteger max)
    {
        var bytes = new byte[(max - min).GetByteCount() + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        return min + new BigInteger(bytes) % (max - min + 1);
    }
}
