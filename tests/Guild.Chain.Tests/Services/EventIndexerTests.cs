using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Guild.Chain.Licensing;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;

namespace Guild.Chain.Tests.Services;

[Collection(DeployedSuiteCollection.Name)]
public class EventIndexerTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;
    private const long Year = 365L * 24 * 3600;

    private async Task<string> LicenseFreeAttestationAsync(DeployedSuiteFixture.Scope scope, BigInteger revenue)
    {
        var (company, key) = await suite.NewCompanyAsync();
        await scope.Licenses.ActAsync(company, key, LicenseAction.Purchase,
            new Guild.Core.Licensing.DeclarationFields("Indexed Ltd", 2026, revenue, "", Guild.Core.Licensing.RevenueDeclaration.ZeroHash), Year, LicensePayment.Eth);
        return company.Address.ToLowerInvariant();
    }

    [Fact]
    public async Task Run_AfterLicencesAndRoots_StoresDecodedEventsOnceAndResumes()
    {
        await using var scope = await suite.CreateScopeAsync();
        await scope.Indexer.RunAsync(); // catch up with everything before this test
        var company = await LicenseFreeAttestationAsync(scope, 900_000);
        var epoch = (long)await suite.Node.Eth.GetContractQueryHandler<Distributor.LatestEpochFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.LatestEpochFunction()) + 1;
        await suite.WarpAsync(TimeSpan.FromDays(1));
        await scope.Rewards.FundForEpochAsync(epoch);
        var total = await suite.Node.Eth.GetContractQueryHandler<Distributor.TotalCumulativeFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.TotalCumulativeFunction()) + Agi;
        var root = RandomNumberGenerator.GetBytes(32);
        await scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce);

        var pass = await scope.Indexer.RunAsync();
        var again = await scope.Indexer.RunAsync();

        Assert.True(pass.Events >= 2);
        Assert.Equal(0, again.Events);
        Assert.Equal(pass.ToBlock + 1, again.FromBlock);
        var licence = await scope.Db.ChainEvents.SingleAsync(e => e.Name == "LicenseRecorded" && e.Account == company);
        Assert.Equal("LicenseRegistry", licence.Contract);
        using (var payload = JsonDocument.Parse(licence.Payload))
        {
            Assert.Equal("900000", payload.RootElement.GetProperty("declaredRevenueUsd").GetString());
            Assert.Equal("0", payload.RootElement.GetProperty("requiredStake").GetString());
        }
        var published = await scope.Db.ChainEvents.Where(e => e.Name == "RootPublished").ToListAsync();
        var ours = Assert.Single(published, e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("epoch").GetString() == epoch.ToString());
        Assert.Equal("0x" + Convert.ToHexStringLower(root), JsonDocument.Parse(ours.Payload).RootElement.GetProperty("root").GetString());
        Assert.Equal(await scope.Db.ChainEvents.CountAsync(), await scope.Db.ChainEvents.Select(e => new { e.BlockHash, e.LogIndex }).Distinct().CountAsync());
    }

    [Fact]
    public async Task Run_WithConfirmations_LeavesTheNewestBlocksForLater()
    {
        await using var scope = await suite.CreateScopeAsync(confirmations: 3);
        await scope.Indexer.RunAsync();
        var company = await LicenseFreeAttestationAsync(scope, 800_000);

        var early = await scope.Indexer.RunAsync();
        Assert.False(await scope.Db.ChainEvents.AnyAsync(e => e.Account == company), "the licence block has 1 confirmation, 3 are required");
        await AnvilFixture.MineAsync(suite.Node, 2);
        var later = await scope.Indexer.RunAsync();

        Assert.Equal(early.FromBlock, later.FromBlock); // the unconfirmed blocks were left, not skipped
        Assert.True(await scope.Db.ChainEvents.AnyAsync(e => e.Account == company));
    }

    [Fact]
    public async Task Run_NodeFailsMidway_KeepsOnlyWholeBatchesAndResumesToTheSameResult()
    {
        await using var clean = await suite.CreateScopeAsync();
        await clean.Indexer.RunAsync();
        for (var i = 0; i < 5; i++)
        {
            await LicenseFreeAttestationAsync(clean, 100_000 + i);
            await AnvilFixture.MineAsync(suite.Node, 20); // spread the events over several ranges
        }
        await clean.Indexer.RunAsync();
        var expected = await Events(clean);

        // Index the same chain into a fresh database through a node that dies on the third eth_getLogs.
        var folder = Guild.Testing.TestEnvironment.NewTempDirectory("indexer-fault");
        await using var proxy = new FaultyRpcProxy(suite.RpcUrl);
        await using var faulty = await suite.CreateScopeAsync(proxy.Url);
        var db = new Guild.Core.Data.Providers.SqliteGuildDbContext(new DbContextOptionsBuilder<Guild.Core.Data.Providers.SqliteGuildDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "guild.db")};Pooling=False").Options);
        await using (db)
        {
            await db.Database.MigrateAsync();
            db.ContractDeployments.AddRange(await faulty.Db.ContractDeployments.AsNoTracking().ToListAsync());
            await db.SaveChangesAsync();
            var indexer = new Guild.Chain.Indexing.EventIndexer(faulty.Chain, db, Microsoft.Extensions.Options.Options.Create(suite.Options(proxy.Url)),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Guild.Chain.Indexing.EventIndexer>.Instance);
            proxy.FailAfter("eth_getLogs", succeed: 2, fail: 100);
            await Assert.ThrowsAnyAsync<Exception>(() => indexer.RunAsync());
            var partial = await db.ChainEvents.CountAsync();
            var cursor = await db.IndexedBlocks.MaxAsync(b => (long?)b.Number);
            Assert.All(await db.ChainEvents.ToListAsync(), e => Assert.True(e.BlockNumber <= cursor, "no event above the last whole batch"));

            proxy.FailNext("eth_getLogs", 0);
            await indexer.RunAsync();

            Assert.True(partial < expected.Count);
            Assert.Equal(expected, await EventsIn(db));
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Run_OnPostgres_StoresExactlyWhatSqliteStores()
    {
        await using var scope = await suite.CreateScopeAsync();
        await LicenseFreeAttestationAsync(scope, 123_456);
        await scope.Indexer.RunAsync();
        var expected = await Events(scope);
        await using var database = await Guild.Testing.PostgresDatabase.CreateAsync("indexer");
        await using var db = new Guild.Core.Data.Providers.PostgresGuildDbContext(
            new DbContextOptionsBuilder<Guild.Core.Data.Providers.PostgresGuildDbContext>().UseNpgsql(database.ConnectionString).Options);
        await db.Database.MigrateAsync();
        db.ContractDeployments.AddRange(await scope.Db.ContractDeployments.AsNoTracking().ToListAsync());
        await db.SaveChangesAsync();
        var indexer = new Guild.Chain.Indexing.EventIndexer(scope.Chain, db, Microsoft.Extensions.Options.Options.Create(suite.Options()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Guild.Chain.Indexing.EventIndexer>.Instance);

        var pass = await indexer.RunAsync();

        Assert.Equal(expected.Count, pass.Events);
        Assert.Equal(expected, await EventsIn(db));
    }

    private static Task<List<string>> Events(DeployedSuiteFixture.Scope scope) => EventsIn(scope.Db);

    private static async Task<List<string>> EventsIn(Guild.Core.Data.GuildDbContext db) =>
        (await db.ChainEvents.AsNoTracking().ToListAsync())
            .Select(e => $"{e.BlockHash}/{e.LogIndex}/{e.Contract}.{e.Name}/{e.Account}/{e.Payload}")
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Run_AfterAReorg_DropsTheOrphanedEventsAndIndexesTheNewBranch()
    {
        await using var scope = await suite.CreateScopeAsync();
        await scope.Indexer.RunAsync();
        var snapshot = await suite.SnapshotAsync();
        var orphan = await LicenseFreeAttestationAsync(scope, 700_000);
        await AnvilFixture.MineAsync(suite.Node, 3);
        await scope.Indexer.RunAsync();
        Assert.True(await scope.Db.ChainEvents.AnyAsync(e => e.Account == orphan));

        // The chain forgets those blocks and grows a different branch past the old height.
        await suite.RevertAsync(snapshot);
        var survivor = await LicenseFreeAttestationAsync(scope, 600_000);
        await AnvilFixture.MineAsync(suite.Node, 6);
        var pass = await scope.Indexer.RunAsync();

        Assert.NotNull(pass.ReorgForkBlock);
        Assert.False(await scope.Db.ChainEvents.AnyAsync(e => e.Account == orphan));
        Assert.True(await scope.Db.ChainEvents.AnyAsync(e => e.Account == survivor));
        var latest = await scope.Db.IndexedBlocks.OrderByDescending(b => b.Number).FirstAsync();
        var onChain = await suite.Node.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(latest.Number));
        Assert.Equal(onChain.BlockHash, latest.Hash);
    }
}
