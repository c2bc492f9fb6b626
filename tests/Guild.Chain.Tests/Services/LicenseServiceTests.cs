using System.Numerics;
using Guild.Chain.Licensing;
using Guild.Chain.Transactions;
using Guild.Core.Licensing;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Coin = Guild.Chain.Contracts.TestStablecoin;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Wallet = Guild.Chain.Contracts.TestSmartWallet;

namespace Guild.Chain.Tests.Services;

[Collection(DeployedSuiteCollection.Name)]
public class LicenseServiceTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;
    private const long Year = 365L * 24 * 3600;

    private static DeclarationFields Fields(BigInteger revenue, int year = 2026) =>
        new("Acme Robotics GmbH", year, revenue, "https://acme.example/fy.pdf", "0x" + new string('a', 64));

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
    public async Task Digest_CSharp_EqualsTheContractsHashDeclarationForRandomDeclarations()
    {
        await using var scope = await suite.CreateScopeAsync();
        var domain = await scope.Licenses.DomainAsync();
        var random = new Random(712);
        string[] names = ["Acme Robotics GmbH", "Société Générale d'IA", "株式会社ギルド", "", "\"quoted\" & <tagged>", new string('x', 200)];
        for (var i = 0; i < 40; i++)
        {
            var declaration = new RevenueDeclaration(
                "0x" + Convert.ToHexStringLower(RandomBytes(random, 20)), names[i % names.Length], 2000 + random.Next(60),
                RandomBig(random, 0, BigInteger.Pow(2, 255)), i % 3 == 0 ? "" : $"https://example.org/{i}?q=é",
                "0x" + Convert.ToHexStringLower(RandomBytes(random, 32)), RandomBig(random, 0, 1000), random.NextInt64(0, long.MaxValue));

            Assert.Equal(await scope.Licenses.HashDeclarationAsync(declaration), declaration.Digest(domain));
            // Nethereum's EIP-712 encoder over the JSON a wallet receives agrees too.
            Assert.Equal(declaration.Digest(domain), Sha3(new Nethereum.Signer.EIP712.Eip712TypedDataSigner().EncodeTypedData(declaration.TypedDataJson(domain))));
        }
    }

    [Fact]
    public async Task Purchase_WithEth_LicensesTheCompanyAndRecordsTheDeclarationHash()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.GrantAgiAsync(suite.Addresses["LicenseRegistry"], 1_000_000 * Agi); // the sale reserve
        var (company, key) = await suite.NewCompanyAsync(eth: 100);

        var sent = await scope.Licenses.ActAsync(company, key, LicenseAction.Purchase, Fields(11_000_000), Year, LicensePayment.Eth);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(100_000 * Agi, status.Locked);
        Assert.Equal(11_000_000, status.DeclaredRevenueUsd);
        Assert.Equal(2026, status.FiscalYear);
        Assert.Equal(1, status.DeclarationNonce);
        Assert.Equal(sent.Declaration.Digest(await scope.Licenses.DomainAsync()), status.DeclarationHash);
        Assert.InRange(status.Expiry!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366 + 400));
    }

    [Fact]
    public async Task Purchase_WithStablecoin_ThenTopUp_LocksForTheHigherRevenue()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.GrantAgiAsync(suite.Addresses["LicenseRegistry"], 1_000_000 * Agi);
        var (company, key) = await suite.NewCompanyAsync();
        var coin = suite.Addresses["TestStablecoin"];
        await company.Web3.Eth.GetContractTransactionHandler<Coin.MintFunction>()
            .SendRequestAndWaitForReceiptAsync(coin, new Coin.MintFunction { To = company.Address, Amount = 100_000 * BigInteger.Pow(10, 6), FromAddress = company.Address });

        await scope.Licenses.ActAsync(company, key, LicenseAction.Purchase, Fields(2_000_000), Year, LicensePayment.Stablecoin);
        await scope.Licenses.ActAsync(company, key, LicenseAction.TopUp, Fields(3_000_000), 0, LicensePayment.Stablecoin);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(LicenseTerms.Default.RequiredStake(3_000_000), status.Locked); // 20,000 $AGI
        Assert.Equal(3_000_000, status.DeclaredRevenueUsd);
        Assert.Equal(2, status.DeclarationNonce);
    }

    [Fact]
    public async Task Purchase_AtOrBelowThreshold_IsAFreeAttestation()
    {
        await using var scope = await suite.CreateScopeAsync();
        var (company, key) = await suite.NewCompanyAsync();

        await scope.Licenses.ActAsync(company, key, LicenseAction.Purchase, Fields(750_000), Year, LicensePayment.Eth);

        var status = await scope.Licenses.GetStatusAsync(company.Address);
        Assert.True(status.IsLicensed);
        Assert.Equal(BigInteger.Zero, status.Locked);
    }

    [Fact]
    public async Task Purchase_TermShorterThanTheMinimum_ThrowsTheDecodedCustomError()
    {
        await using var scope = await suite.CreateScopeAsync();
        var (company, key) = await suite.NewCompanyAsync();

        var error = await Assert.ThrowsAsync<ContractRevertedException>(() =>
            scope.Licenses.ActAsync(company, key, LicenseAction.Purchase, Fields(750_000), 30L * 24 * 3600, LicensePayment.Eth));

        Assert.Equal("LicenseRegistryInvalidTerm", error.ErrorName);
        var invalidTerm = Assert.IsType<Registry.LicenseRegistryInvalidTermError>(error.Error);
        Assert.Equal(30L * 24 * 3600, invalidTerm.Term);
        Assert.Equal(Year, invalidTerm.MinTerm);
        Assert.False((await scope.Licenses.GetStatusAsync(company.Address)).IsLicensed);
    }

    [Fact]
    public async Task Signatures_TheServerAcceptsExactlyWhatTheRegistryAccepts()
    {
        await using var scope = await suite.CreateScopeAsync();
        var signatures = new DeclarationSignatures(scope.Chain);
        var domain = await scope.Licenses.DomainAsync();
        var (company, key) = await suite.NewCompanyAsync();
        var (_, otherKey) = await suite.NewCompanyAsync();
        var now = await scope.Licenses.ChainTimeAsync();
        var declaration = DeclarationRules.Declare(Fields(900_000), company.Address, 0, now.AddHours(1).ToUnixTimeSeconds());
        var digest = declaration.Digest(domain);
        var good = LicenseService.Sign(declaration, domain, key);
        var byAnother = LicenseService.Sign(declaration, domain, otherKey);
        var highS = Malleate(good); // the same signature with s' = n - s, which ecrecover accepts but OpenZeppelin refuses
        var wrongV = good.ToArray();
        wrongV[64] -= 27;

        foreach (var (signature, valid) in new[] { (good, true), (byAnother, false), (highS, false), (wrongV, false), (good[..64], false) })
        {
            Assert.Equal(valid, await signatures.IsValidAsync(company.Address, digest, signature, default));
            var quote = await scope.Licenses.QuoteAsync(900_000, company.Address);
            var call = (await scope.Licenses.CallsAsync(LicenseAction.Purchase, declaration, signature, Year, LicensePayment.Eth, quote, now)).Single();
            var refused = await scope.Licenses.DryRunAsync(company.Address, call);
            Assert.Equal(valid, refused is null);
            if (!valid)
            {
                Assert.Equal("RevenueDeclarationInvalidSignature", refused!.ErrorName);
            }
        }
    }

    [Fact]
    public async Task Signatures_AContractWalletSignsUnderErc1271()
    {
        await using var scope = await suite.CreateScopeAsync();
        var (owner, key) = await suite.NewCompanyAsync();
        var artifacts = Guild.Chain.Deployment.ContractArtifacts.Find(null, Guild.Testing.TestEnvironment.RepositoryRoot)!;
        var deployed = await owner.Web3.Eth.GetContractDeploymentHandler<Wallet.TestSmartWalletDeployment>()
            .SendRequestAndWaitForReceiptAsync(new Wallet.TestSmartWalletDeployment(artifacts.Get("TestSmartWallet").Bytecode) { Owner = owner.Address });
        var wallet = deployed.ContractAddress.ToLowerInvariant();
        var domain = await scope.Licenses.DomainAsync();
        var declaration = DeclarationRules.Declare(Fields(900_000), wallet, 0, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
        var signatures = new DeclarationSignatures(scope.Chain);

        Assert.True(await signatures.IsValidAsync(wallet, declaration.Digest(domain), LicenseService.Sign(declaration, domain, key), default));
        Assert.False(await signatures.IsValidAsync(wallet, declaration.Digest(domain), LicenseService.Sign(declaration, domain, EthECKey.GenerateKey()), default));
    }

    [Fact]
    public async Task GetStatus_NotAnAddress_IsRejected()
    {
        await using var scope = await suite.CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Licenses.GetStatusAsync("0x1234"));
    }

    private static byte[] Sha3(byte[] encoded) => Nethereum.Util.Sha3Keccack.Current.CalculateHash(encoded);

    private static byte[] Malleate(byte[] signature)
    {
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = signature.ToArray();
        Array.Clear(result, 32, 32);
        flipped.CopyTo(result, 64 - flipped.Length);
        result[64] = (byte)(result[64] == 27 ? 28 : 27);
        return result;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static BigInteger RandomBig(Random random, BigInteger min, BigInteger max)
    {
        var bytes = new byte[(max - min).GetByteCount() + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0; // positive
        return min + new BigInteger(bytes) % (max - min + 1);
    }
}
