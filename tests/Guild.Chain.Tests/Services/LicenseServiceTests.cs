using System.Numerics;
using Guild.Chain.Licensing;
using Guild.Chain.Transactions;
using Guild.Core.Licensing;
using Nethereum.Util;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Coin = Guild.Chain.Contracts.TestStablecoin;

namespace Guild.Chain.Tests.Services;

[Collection(DeployedSuiteCollection.Name)]
public class LicenseServiceTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;
    private const long Year = 365L * 24 * 3600;

    [Fact]
    public async Task RequiredStake_CSharpFormula_EqualsTheContractOverThousandsOfRandomTerms()
    {
        var snapshot = await suite.SnapshotAsync();
        try
        {
            await using var scope = await suite.CreateScopeAsync();
            var registry = suite.Addresses["LicenseRegistry"];
            var random = new Random(20261128);
            var compared = 0;
            for (var set = 0; set < 25; set++)
            {
                var threshold = RandomBig(random, 0, BigInteger.Pow(10, 12));
                var rate = RandomBig(random, 1, BigInteger.Pow(10, 18));
                var price = RandomBig(random, 1, BigInteger.Pow(10, 24));
                await suite.AsTimelock(registry, new Registry.SetRevenueThresholdFunction { ThresholdUsd = threshold });
                await suite.AsTimelock(registry, new Registry.SetRateFunction { NewRate = rate });
                await suite.AsTimelock(registry, new Registry.SetAgiPriceFunction { PriceUsd = price });

                var terms = await scope.Licenses.GetTermsAsync();
                Assert.Equal((threshold, rate, price), (terms.RevenueThresholdUsd, terms.Rate, terms.AgiPriceUsd));
                var revenues = Enumerable.Range(0, 100).Select(_ => RandomBig(random, 0, BigInteger.Pow(10, 15)))
                    .Concat([BigInteger.Zero, threshold, threshold + 1, threshold + 1_000_000_007]);
                foreach (var revenue in revenues)
                {
                    Assert.Equal(await scope.Licenses.RequiredStakeAsync(revenue), terms.RequiredStake(revenue));
                    compared++;
                }
            }
            Assert.Equal(2600, compared);
        }
        finally
        {
            await suite.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task Purchase_WithEth_LicensesTheCompanyAndLocksTheStake()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.GrantAgiAsync(suite.Addresses["LicenseRegistry"], 1_000_000 * Agi); // the sale reserve
        var company = await suite.NewAccountAsync(eth: 100);
        var declaration = Sha3Keccack.Current.CalculateHash("revenue 11,000,000 USD, FY2026"u8.ToArray());

        await scope.Licenses.PurchaseAsync(company, 11_000_000, Year, declaration, LicensePayment.Eth);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(100_000 * Agi, status.Locked);
        Assert.Equal(11_000_000, status.DeclaredRevenueUsd);
        Assert.Equal(declaration, status.DeclarationHash);
        Assert.InRange(status.Expiry!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366 + 60));
    }

    [Fact]
    public async Task Purchase_WithStablecoin_ThenTopUp_LocksForTheHigherRevenue()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.GrantAgiAsync(suite.Addresses["LicenseRegistry"], 1_000_000 * Agi);
        var company = await suite.NewAccountAsync();
        var coin = suite.Addresses["TestStablecoin"];
        await company.Web3.Eth.GetContractTransactionHandler<Coin.MintFunction>()
            .SendRequestAndWaitForReceiptAsync(coin, new Coin.MintFunction { To = company.Address, Amount = 100_000 * BigInteger.Pow(10, 6), FromAddress = company.Address });
        var declaration = new byte[32];

        await scope.Licenses.PurchaseAsync(company, 2_000_000, Year, declaration, LicensePayment.Stablecoin);
        await scope.Licenses.TopUpAsync(company, 3_000_000, declaration, LicensePayment.Stablecoin);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(LicenseTerms.Default.RequiredStake(3_000_000), status.Locked); // 20,000 $AGI
        Assert.Equal(3_000_000, status.DeclaredRevenueUsd);
    }

    [Fact]
    public async Task Purchase_AtOrBelowThreshold_IsAFreeAttestation()
    {
        await using var scope = await suite.CreateScopeAsync();
        var company = await suite.NewAccountAsync();

        await scope.Licenses.PurchaseAsync(company, 750_000, Year, new byte[32], LicensePayment.Eth);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(BigInteger.Zero, status.Locked);
    }

    [Fact]
    public async Task Purchase_TermShorterThanTheMinimum_ThrowsTheDecodedCustomError()
    {
        await using var scope = await suite.CreateScopeAsync();
        var company = await suite.NewAccountAsync();

        var error = await Assert.ThrowsAsync<ContractRevertedException>(() =>
            scope.Licenses.PurchaseAsync(company, 750_000, 30L * 24 * 3600, new byte[32], LicensePayment.Eth));

        Assert.Equal("LicenseRegistryInvalidTerm", error.ErrorName);
        var invalidTerm = Assert.IsType<Registry.LicenseRegistryInvalidTermError>(error.Error);
        Assert.Equal(30L * 24 * 3600, invalidTerm.Term);
        Assert.Equal(Year, invalidTerm.MinTerm);
        Assert.False((await scope.Licenses.GetStatusAsync(company.Address)).IsLicensed);
    }

    [Fact]
    public async Task GetStatus_NotAnAddress_IsRejected()
    {
        await using var scope = await suite.CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Licenses.GetStatusAsync("0x1234"));
    }

    private static BigInteger RandomBig(Random random, BigInteger min, BigInteger max)
    {
        var bytes = new byte[(max - min).GetByteCount() + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0; // positive
        return min + new BigInteger(bytes) % (max - min + 1);
    }
}
