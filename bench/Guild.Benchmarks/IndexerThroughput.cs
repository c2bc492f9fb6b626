using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Guild.Chain;
using Guild.Chain.Embedded;
using Guild.Chain.Indexing;
using Guild.Core.Chain;
using Guild.Core.Data;
using Guild.Core.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace Guild.Benchmarks;

/// <summary>
/// Event-indexer throughput: a private anvil, a contract that emits the RewardsDistributor's <c>Claimed</c> event in
/// bulk (solidity/test/bench/EventFountain.sol, built by <c>forge build</c>), then one indexing pass from the first
/// block into a fresh SQLite database. Reports events per second and memory.
/// </summary>
public static class IndexerThroughput
{
    private const int EventsPerTransaction = 1000;

    /// <param name="events">How many events to produce and index.</param>
    /// <param name="postgresAdmin">An admin connection string to index into a fresh PostgreSQL database instead of SQLite.</param>
    public static async Task<int> RunAsync(int events, string? postgresAdmin)
    {
        var root = BenchPortal.Root;
        var folder = Directory.CreateTempSubdirectory("guild-indexer-bench-").FullName;
        var anvilPath = AnvilLocator.Find(root) ?? throw new InvalidOperationException("Run `npm ci` in solidity/ first.");
        await using var anvil = await AnvilNode.StartAsync(new AnvilStartInfo(anvilPath) { StartupTimeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var node = new Web3(anvil.RpcUrl);
        var from = (await node.Eth.Accounts.SendRequestAsync())[0];

        // Deploy the fountain with anvil's unlocked account and fire the events.
        var artifact = Path.Combine(root, "solidity", "out", "EventFountain.sol", "EventFountain.json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(artifact));
        var bytecode = json.RootElement.GetProperty("bytecode").GetProperty("object").GetString()!;
        var deployment = await node.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(bytecode, from, new HexBigInteger(1_000_000));
        var fountain = deployment.ContractAddress;
        var produce = Stopwatch.StartNew();
        for (var sent = 0; sent < events; sent += EventsPerTransaction)
        {
            var emit = new EmitClaimsFunction { FirstAccount = sent + 1, Count = Math.Min(EventsPerTransaction, events - sent), FromAddress = from, Gas = 30_000_000 };
            await node.Eth.GetContractTransactionHandler<EmitClaimsFunction>().SendRequestAndWaitForReceiptAsync(fountain, emit);
        }
        produce.Stop();

        // A database that believes the fountain is the distributor.
        var database = postgresAdmin is null ? null : await BenchPostgres.CreateAsync(postgresAdmin);
        Func<GuildDbContext> open = database is null
            ? () => new SqliteGuildDbContext(new DbContextOptionsBuilder<SqliteGuildDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "guild.db")};Pooling=False").Options)
            : () => new PostgresGuildDbContext(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database).Options);
        await using (var setup = open())
        {
            await setup.Database.MigrateAsync();
            setup.ContractDeployments.Add(new ContractDeployment(31337, "RewardsDistributor", fountain, (long)deployment.BlockNumber.Value, deployment.TransactionHash, "bench", DateTimeOffset.UtcNow));
            await setup.SaveChangesAsync();
        }

        var chainOptions = Options.Create(new ChainOptions { Rpc = anvil.RpcUrl, RequestTimeoutSeconds = 300 });
        await using var chain = new ChainConnection(chainOptions, new BenchEnvironment(root), new Guild.Core.Hosting.DataDirectory(folder), NullLogger<ChainConnection>.Instance);
        await using var db = open();
        var indexer = new EventIndexer(chain, db, chainOptions, NullLogger<EventIndexer>.Instance);
        await chain.GetWeb3Async();

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var pass = await indexer.RunAsync();
        watch.Stop();
        process.Refresh();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var stored = await db.ChainEvents.CountAsync();

        Console.WriteLine($"database             {(database is null ? "SQLite" : "PostgreSQL")}");
        Console.WriteLine($"events produced      {events:N0} in {produce.Elapsed.TotalSeconds:F1} s ({events / EventsPerTransaction} transactions)");
        Console.WriteLine($"events indexed       {pass.Events:N0} (stored {stored:N0}), blocks {pass.FromBlock}..{pass.ToBlock}");
        Console.WriteLine($"indexing time        {watch.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"throughput           {pass.Events / watch.Elapsed.TotalSeconds:N0} events/s");
        Console.WriteLine($"peak working set     {process.PeakWorkingSet64 / 1024 / 1024:N0} MB");
        Console.WriteLine($"managed allocations  {allocated / 1024 / 1024:N0} MB ({allocated / Math.Max(1, pass.Events):N0} B/event)");
        Directory.Delete(folder, recursive: true);
        if (database is not null)
        {
            await db.DisposeAsync();
            await BenchPostgres.DropAsync(postgresAdmin!, database);
        }
        return stored == events ? 0 : 1;
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.Function("emitClaims")]
    private sealed class EmitClaimsFunction : FunctionMessage
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "firstAccount", 1)]
        public BigInteger FirstAccount { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "count", 2)]
        public BigInteger Count { get; set; }
    }

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";
        public string ApplicationName { get; set; } = "Guild.Benchmarks";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
