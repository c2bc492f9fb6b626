using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Guild.Chain.Contracts.RewardsDistributor;
using Guild.Chain.Embedded;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Git;
using Guild.Testing;
using Guild.Testing.GitHub;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Npgsql;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// The services the portal stands on go away in the middle of a job and come back: the chain node during a publish,
/// PostgreSQL during an import. Each runs privately here (its own anvil with a state file, its own cluster), so
/// stopping it touches no other test.
/// </summary>
public class OutageTests
{
    [Fact]
    public async Task AnvilStoppedDuringAPublish_AndStartedAgain_YieldsExactlyOneRoot()
    {
        var state = Path.Combine(TestEnvironment.NewTempDirectory("outage-anvil"), "state.json");
        var info = new AnvilStartInfo(AnvilLocator.Find(TestEnvironment.RepositoryRoot)!) { StateFile = state, Port = GuildProcessRunner.ClosedPort(), BlockTimeSeconds = 1 };
        var anvil = await AnvilNode.StartAsync(info, NullLogger.Instance);
        var portal = new ChainPortal(anvil.RpcUrl);
        await portal.InitializeAsync();
        try
        {
            var steward = await portal.StewardClientAsync();
            await portal.SeedGenesisAsync(steward);
            var node = new Web3(anvil.RpcUrl);
            var sentBefore = (await node.Eth.Transactions.GetTransactionCount.SendRequestAsync(portal.Signer)).Value;

            Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync("/api/epochs/1/publish", null)).StatusCode);
            await Eventually.ReturnsAsync(async () => (await EpochAsync(steward)).Activity == "Publishing" ? "publishing" : null);
            await Task.Delay(Random.Shared.Next(0, 1500)); // a block a second: the publish's two transactions take two or more
            Assert.NotEqual("Published", (await EpochAsync(steward)).Status);
            await anvil.DisposeAsync(); // SIGTERM: anvil writes its state file, as a node that is restarted keeps its chain
            await Task.Delay(TimeSpan.FromSeconds(2));
            anvil = await AnvilNode.StartAsync(info, NullLogger.Instance);

            var root = await Eventually.ReturnsAsync(async () => await EpochAsync(steward) is { Status: "Published" } e ? e.Root : null, TimeSpan.FromSeconds(120));
            node = new Web3(anvil.RpcUrl);
            var published = node.Eth.GetEvent<RootPublishedEventDTO>(await portal.AddressAsync("RewardsDistributor"));
            var roots = await published.GetAllChangesAsync(published.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest()));
            var root1 = Assert.Single(roots, r => r.Event.Epoch == 1);
            Assert.Equal(root, "0x" + Convert.ToHexStringLower(root1.Event.Root));
            // Funding and the root: two transactions, each sent once.
            Assert.Equal(sentBefore + 2, (await node.Eth.Transactions.GetTransactionCount.SendRequestAsync(portal.Signer)).Value);
        }
        finally
        {
            await portal.DisposeAsync();
            await anvil.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(state)!, recursive: true);
        }
    }

    [Fact]
    public async Task PostgresRestartedDuringAnImport_TheJobRetriesAndCompletes_WithEveryCommitOnce()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var github = await LoopbackGitHub.StartAsync();
        github.Repository("outage", "peft"); // exists, with nothing to sync: the import is the job under test
        var history = TestEnvironment.NewTempDirectory("outage-history");
        var commits = await DatasetReplay.BuildAsync(CommitDataset.Read(Path.Combine(TestEnvironment.RepositoryRoot, "bench", "data", "huggingface__peft.commits.tsv.gz")), history);
        var portal = new DatabasePortal(postgres.ConnectionString);
        await portal.InitializeAsync();
        try
        {
            var steward = await portal.StewardClientAsync();
            var created = await steward.PostAsJsonAsync("/api/tracked-repositories", new { host = github.BaseUrl.ToString(), owner = "outage", name = "peft", licenseName = "MIT", gitUrl = history });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/tracked-repositories/{id}/sync", null)).StatusCode);

            // Mid-import (some batches stored, not all), the database goes down hard and comes back.
            var underWay = await Eventually.ReturnsAsync(async () => await ImportAsync(steward, id) is { } p && p.GetProperty("done").GetInt64() > 0 ? (object)p : null,
                TimeSpan.FromSeconds(60));
            await postgres.RestartAsync();
            Assert.Equal("Running", ((JsonElement)underWay).GetProperty("status").GetString());

            await Eventually.ReturnsAsync(async () =>
            {
                try
                {
                    return await ImportAsync(steward, id) is { } p && p.GetProperty("status").GetString() == "Completed" ? "done" : null;
                }
                catch (HttpRequestException)
                {
                    return null; // the portal answers 500 while its pooled connections are found broken
                }
            }, TimeSpan.FromSeconds(180));
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var stored = await db.Contributions.AsNoTracking().Where(c => c.TrackedRepositoryId == id && c.Kind == Guild.Core.Contributions.ContributionKind.Commit)
                .Select(c => c.ExternalId).ToListAsync();
            Assert.Equal(commits.Count, stored.Count);
            Assert.Equal(commits.Select(c => c.Sha).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }
        finally
        {
            await portal.DisposeAsync();
            Directory.Delete(history, recursive: true);
        }
    }

    /// <summary>Epoch 1's status, activity and root; nulls while the portal cannot answer.</summary>
    private static async Task<(string? Status, string? Activity, string? Root)> EpochAsync(HttpClient steward)
    {
        try
        {
            var epoch = await steward.GetFromJsonAsync<JsonElement>("/api/epochs/1");
            return (epoch.GetProperty("status").GetString(), epoch.GetProperty("activity").GetString(), epoch.GetProperty("root").GetString());
        }
        catch (HttpRequestException)
        {
            return default; // an error page during the outage; ask again
        }
    }

    private static async Task<JsonElement?> ImportAsync(HttpClient steward, long id)
    {
        var progress = await steward.GetFromJsonAsync<JsonElement[]>("/api/ingestion/progress");
        return progress!.Where(p => p.GetProperty("job").GetString() == "git-import" && p.GetProperty("trackedRepositoryId").ValueKind == JsonValueKind.Number
            && p.GetProperty("trackedRepositoryId").GetInt64() == id).Select(p => (JsonElement?)p).FirstOrDefault();
    }

    /// <summary>A portal with its in-process job server on a private chain node; the genesis epoch has paying accounts.</summary>
    private sealed class ChainPortal(string rpc) : GuildWebFactory
    {
        private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
        private readonly string history = TestEnvironment.NewTempDirectory("outage-nanogpt");

        public string Signer => new EthECKey(signerKey).GetPublicAddress();

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Chain:Rpc", rpc),
            ("Chain:Signer:PrivateKey", signerKey),
            ("Chain:Deployment:AutoDeploy", "true"),
            ("Chain:Deployment:GenesisTimestamp", DateTimeOffset.UtcNow.AddDays(-60).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        protected override async Task PrepareAsync() =>
            await new Web3(rpc).Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", Signer, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));

        public async Task<string> AddressAsync(string contract)
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContractDeployments.Where(d => d.Name == contract).Select(d => d.Address).SingleAsync();
        }

        /// <summary>nanoGPT's history imported, its five most active authors with wallets, and the genesis epoch computed.</summary>
        public async Task SeedGenesisAsync(HttpClient steward)
        {
            await DatasetReplay.BuildAsync(RewardsLoopPortal.History.Reverse(), history, "master");
            var created = await steward.PostAsJsonAsync("/api/tracked-repositories", new { host = "github.com", owner = "karpathy", name = "nanoGPT", licenseName = "MIT", gitUrl = history });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await using (var scope = Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<GitImportJob>().RunAsync(id, null, default);
                var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
                var people = await db.Contributions.Where(c => c.AuthorId != null).GroupBy(c => c.Author!.PersonId)
                    .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(5).ToListAsync();
                foreach (var person in people)
                {
                    db.ContributorWallets.Add(new Guild.Core.Contributions.ContributorWallet(person, EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), DateTimeOffset.UtcNow));
                }
                await db.SaveChangesAsync();
            }
            Assert.Equal(HttpStatusCode.Created, (await steward.PostAsJsonAsync("/api/epochs", new { genesis = true })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync("/api/epochs/1/compute", null)).StatusCode);
            await Eventually.ReturnsAsync(async () => (await EpochAsync(steward)).Status == "Computed" ? "computed" : null, TimeSpan.FromSeconds(60));
        }

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(history, recursive: true);
        }
    }

    /// <summary>A portal (and its job server) on a private PostgreSQL cluster.</summary>
    private sealed class DatabasePortal(string connectionString) : GuildWebFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Database:ConnectionString", connectionString),
            // A job orphaned by the outage is fetched again within seconds.
            ("Jobs:InvisibilityTimeoutSeconds", "5"),
            ("Git:BatchSize", "100"),
        ];
    }

    /// <summary>A throw-away PostgreSQL cluster of its own (as test.sh starts one), which a test may restart.</summary>
    private sealed class PrivatePostgres : IAsyncDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("guild-pg-outage-").FullName;
        private readonly string bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(Directory.Exists)
            .OrderBy(v => v, StringComparer.Ordinal).Last();
        private readonly int port = GuildProcessRunner.ClosedPort();

        public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";

        public static async Task<PrivatePostgres> StartAsync()
        {
            var postgres = new PrivatePostgres();
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres", postgres.directory);
            }
            await postgres.PgAsync("initdb", "-D", postgres.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8");
            await postgres.StartServerAsync();
            return postgres;
        }

        private string Data => Path.Combine(directory, "data");

        private Task StartServerAsync() => PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off");

        /// <summary>An immediate stop (as a crash) and a start, a few seconds apart.</summary>
        public async Task RestartAsync()
        {
            await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await StartServerAsync();
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
            Directory.Delete(directory, recursive: true);
        }

        // PostgreSQL refuses to run as root: as root, run it as the postgres user (as scripts/lib.sh does).
        private Task PgAsync(string tool, params string[] args) => Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args])
            : RunAsync(Path.Combine(bin, tool), args);

        private static async Task RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {output}");
        }
    }
}
