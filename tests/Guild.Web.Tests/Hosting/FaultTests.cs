using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Git;
using Guild.Testing;
using Guild.Testing.GitHub;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Xunit.Abstractions;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// The job worker (Guild.Jobs, a child process) is killed with SIGKILL at ten random points of a GitHub sync, a git
/// import, an epoch compute and a publish, and restarted each time; the portal only enqueues. At the end everything is
/// exactly what an uninterrupted run of the same work produces: the same contributions, allocation and root, no row
/// twice, and as many transactions as the uninterrupted run sent.
/// </summary>
public class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Web3 Node = new(TestEnvironment.SharedAnvilRpc);

    // Both runs vest from the same start and cut the epoch at the same instant, so their allocations can be compared.
    private static readonly DateTimeOffset GenesisStart = DateTimeOffset.UtcNow.AddDays(-60);
    private static readonly DateTimeOffset AsOf = DateTimeOffset.UtcNow.AddMinutes(-1);

    private readonly string history = TestEnvironment.NewTempDirectory("fault-history");
    private LoopbackGitHub github = null!;

    public async Task InitializeAsync()
    {
        github = await LoopbackGitHub.StartAsync();
        github.Latency = TimeSpan.FromMilliseconds(40); // a sync of a few seconds, long enough to be interrupted
        GitHubDataBuilder.Fill(github.Repository("fault", "synced"), pullRequests: 120, issues: 80, commits: 150);
        // peft's 1,864 commits: an import of a few seconds, in batches of 100 (Git:BatchSize), so kills land mid-way.
        await DatasetReplay.BuildAsync(CommitDataset.Read(Path.Combine(TestEnvironment.RepositoryRoot, "bench", "data", "huggingface__peft.commits.tsv.gz")),
            history, "main");
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(history, recursive: true);
    }

    private enum Phase { Sync, Import, Compute, Publish }

    [Fact]
    public async Task WorkerKilledAtTenRandomPoints_EndsExactlyAsAnUninterruptedRun()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        // Ten kills over the four phases; each lands a random time after its phase was seen under way.
        var kills = new Dictionary<Phase, int> { [Phase.Sync] = 3, [Phase.Import] = 3, [Phase.Compute] = 2, [Phase.Publish] = 2 };

        var reference = await RunAsync(new Dictionary<Phase, int>(), random, []);
        var landed = new List<string>();
        var interrupted = await RunAsync(kills, random, landed);

        var context = $"seed {seed}; kills: {string.Join(", ", landed)}";
        output.WriteLine(context);
        Assert.True(landed.Count == 10, context);
        Assert.True(reference.Contributions.Count > 500, context);
        Assert.Equal(reference.Contributions, interrupted.Contributions);
        Assert.Equal(reference.Lines, interrupted.Lines);
        Assert.Equal(reference.Epoch, interrupted.Epoch);
        Assert.Equal(reference.Transactions, interrupted.Transactions);
    }

    private sealed record Outcome(List<string> Contributions, List<string> Lines, string Epoch, BigInteger Transactions);

    private async Task<Outcome> RunAsync(Dictionary<Phase, int> kills, Random random, List<string> landed)
    {
        var portal = new FaultPortal();
        await portal.InitializeAsync();
        try
        {
            return await RunAsync(portal, kills, random, landed);
        }
        finally
        {
            await portal.DisposeAsync(); // drops the database
        }
    }

    private async Task<Outcome> RunAsync(FaultPortal portal, Dictionary<Phase, int> kills, Random random, List<string> landed)
    {
        var steward = await portal.StewardClientAsync();
        await using var workers = new Workers(portal);

        var synced = await TrackAsync(steward, "synced", null);
        var imported = await TrackAsync(steward, "imported", history);

        await RunPhaseAsync(Phase.Sync, () => steward.PostAsync($"/api/tracked-repositories/{synced}/sync", null),
            () => IngestionAsync(steward, synced, "github-sync"), workers, kills, random, landed);
        await RunPhaseAsync(Phase.Import, () => steward.PostAsync($"/api/tracked-repositories/{imported}/sync", null),
            () => IngestionAsync(steward, imported, "git-import"), workers, kills, random, landed);

        await LinkWalletsAsync(portal);
        Assert.Equal(HttpStatusCode.Created, (await steward.PostAsJsonAsync("/api/epochs", new { genesis = true, asOf = AsOf })).StatusCode);
        await RunPhaseAsync(Phase.Compute, () => steward.PostAsync("/api/epochs/1/compute", null),
            () => EpochAsync(steward, "Computing", "Computed"), workers, kills, random, landed);
        await RunPhaseAsync(Phase.Publish, () => steward.PostAsync("/api/epochs/1/publish", null),
            () => EpochAsync(steward, "Publishing", "Published"), workers, kills, random, landed);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var contributions = (await db.Contributions.AsNoTracking().Include(c => c.Author).ToListAsync())
            .Select(c => $"{c.Repository} {c.Kind} {c.ExternalId} {c.Author?.Value} +{c.Additions} -{c.Deletions} {c.State}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(contributions.Count, contributions.Distinct().Count());
        var lines = (await db.EpochContributors.AsNoTracking().ToListAsync())
            .Select(l => $"{l.Wallet} {l.Exclusion} {l.EpochWei} {l.GenesisReleasedWei} {l.PaidWei} {l.CarriedWei} {l.GenesisEntitlementWei}").Order(StringComparer.Ordinal).ToList();
        var epoch = await db.Epochs.AsNoTracking().SingleAsync();
        var transactions = (await Node.Eth.Transactions.GetTransactionCount.SendRequestAsync(portal.Signer)).Value;
        return new Outcome(contributions, lines,
            $"{epoch.Status} root {epoch.Root} total {epoch.TotalCumulativeWei} allocated {epoch.AllocatedWei} paid {epoch.PaidWei} accounts {epoch.Accounts}", transactions);
    }

    /// <summary>
    /// Starts the phase, then kills the worker its share of times, each a random moment after the phase is seen under
    /// way, restarting it each time; finally lets a worker finish the phase.
    /// </summary>
    private static async Task RunPhaseAsync(Phase phase, Func<Task<HttpResponseMessage>> start, Func<Task<PhaseState>> state,
        Workers workers, Dictionary<Phase, int> kills, Random random, List<string> landed)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await start()).StatusCode);
        for (var kill = 0; kill < kills.GetValueOrDefault(phase); kill++)
        {
            workers.Start();
            await Eventually.ReturnsAsync(async () => await state() is not PhaseState.Waiting ? "under way" : null, TimeSpan.FromSeconds(120));
            var delay = TimeSpan.FromMilliseconds(random.Next(0, phase switch { Phase.Sync => 2500, Phase.Import => 1500, _ => 400 }));
            await Task.Delay(delay);
            var before = await state();
            await workers.KillAsync();
            landed.Add($"{phase} +{delay.TotalMilliseconds:0} ms ({before})");
        }
        workers.Start();
        try
        {
            await Eventually.ReturnsAsync(async () => await state() is PhaseState.Done ? "done" : null, TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException timeout)
        {
            // What the last worker logged is the only account of why the phase never finished.
            throw new TimeoutException($"{phase} not done ({await state()}) after kills [{string.Join(", ", landed)}]. The worker's output:{Environment.NewLine}{workers.Output}", timeout);
        }
        await workers.KillAsync();
    }

    private enum PhaseState { Waiting, Running, Done }

    private static async Task<PhaseState> IngestionAsync(HttpClient steward, long repository, string job)
    {
        var progress = (await steward.GetFromJsonAsync<JsonElement[]>("/api/ingestion/progress"))!
            .FirstOrDefault(p => p.GetProperty("job").GetString() == job && p.GetProperty("trackedRepositoryId").ValueKind == JsonValueKind.Number
                && p.GetProperty("trackedRepositoryId").GetInt64() == repository);
        return progress.ValueKind == JsonValueKind.Undefined ? PhaseState.Waiting
            : progress.GetProperty("status").GetString() == "Completed" ? PhaseState.Done : PhaseState.Running;
    }

    private static async Task<PhaseState> EpochAsync(HttpClient steward, string activity, string done)
    {
        var epoch = await steward.GetFromJsonAsync<JsonElement>("/api/epochs/1");
        return epoch.GetProperty("status").GetString() == done ? PhaseState.Done
            : epoch.GetProperty("activity").GetString() == activity ? PhaseState.Running : PhaseState.Waiting;
    }

    private async Task<long> TrackAsync(HttpClient steward, string name, string? gitUrl)
    {
        var created = await steward.PostAsJsonAsync("/api/tracked-repositories", new { host = github.BaseUrl.ToString(), owner = "fault", name, licenseName = "MIT", gitUrl });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The most active authors link wallets derived from their identity, the same in both runs.</summary>
    private static async Task LinkWalletsAsync(GuildWebFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var authors = (await db.Contributions.AsNoTracking().Where(c => c.AuthorId != null).Select(c => c.Author!).ToListAsync())
            .Where(a => !a.IsBot).GroupBy(a => a.PersonId).Select(g => g.OrderBy(a => a.Value, StringComparer.Ordinal).First())
            .OrderBy(a => a.Value, StringComparer.Ordinal).Take(8).ToList();
        foreach (var author in authors)
        {
            var address = new EthECKey(SHA256.HashData(Encoding.UTF8.GetBytes(author.Value)), true).GetPublicAddress().ToLowerInvariant();
            db.ContributorWallets.Add(new Guild.Core.Contributions.ContributorWallet(author.PersonId, address, DateTimeOffset.UtcNow));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A portal that only enqueues, with its own contract suite deployed by a fresh signer the workers share.</summary>
    private sealed class FaultPortal : GuildWebFactory
    {
        public string SignerKey { get; } = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

        public string Signer => new EthECKey(SignerKey).GetPublicAddress();

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Jobs:ServerEnabled", "false"),
            ("Chain:Signer:PrivateKey", SignerKey),
            ("Chain:Deployment:AutoDeploy", "true"),
            ("Chain:Deployment:GenesisTimestamp", GenesisStart.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        protected override async Task PrepareAsync() =>
            await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", Signer, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
    }

    /// <summary>At most one Guild.Jobs worker at a time, started and killed on demand.</summary>
    private sealed class Workers(FaultPortal portal) : IAsyncDisposable
    {
        private readonly string scratch = TestEnvironment.NewTempDirectory("fault-worker");
        private GuildProcessRunner? current;
        private int started;

        public string Output => current?.Output ?? "";

        public void Start() => current = GuildProcessRunner.Start("Guild.Jobs", scratch, new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = portal.DatabaseConnectionString,
            ["Chain__Rpc"] = TestEnvironment.SharedAnvilRpc,
            ["Chain__Signer__PrivateKey"] = portal.SignerKey,
            ["DataDirectory"] = Path.Combine(scratch, $"run-{++started}"),
            ["DataProtection__KeyEncryptionKey"] = portal.KeyEncryptionKey,
            ["Git__LocalRoots__0"] = Path.Combine(Path.GetTempPath(), "guild-tests"),
            ["Jobs__PollIntervalSeconds"] = "0.2",
            ["Git__BatchSize"] = "100",
            // A killed worker's job is fetched again within seconds, not Hangfire's half hour.
            ["Jobs__InvisibilityTimeoutSeconds"] = "2",
            // And a lock it held (a schedule's, a job's state) is broken within seconds too.
            ["Jobs__DistributedLockTimeoutSeconds"] = "10",
        });

        /// <summary>SIGKILL: no graceful shutdown, no finally blocks, no flushed buffers.</summary>
        public async Task KillAsync()
        {
            if (current is not null)
            {
                await current.DisposeAsync();
                current = null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            Directory.Delete(scratch, recursive: true);
        }
    }
}
