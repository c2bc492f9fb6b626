using System.Diagnostics;
using System.Globalization;
using Guild.Chain;
using Guild.Chain.Embedded;
using Guild.Chain.Rewards;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Data.Providers;
using Guild.Core.People;
using Guild.Jobs;
using Guild.Jobs.Allocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Npgsql;

namespace Guild.Benchmarks;

/// <summary>
/// The epoch through the database, as deployed: a private anvil, a fresh PostgreSQL database, the portal process
/// (Production, PostgreSQL, with its in-process jobs server and their recurring jobs, as the embedded default runs) deploying the suite, and a contribution store of N
/// contributions by M contributors written with COPY (power-law activity over people and repositories, pull requests
/// with reviews, comments and squash-merged commits, 70% of people with a wallet). Then a child process builds the
/// jobs worker's host (<c>AddGuildData</c>, <c>AddGuildChain</c>, <c>AddGuildJobs</c>) and runs the real
/// <see cref="ComputeEpochJob"/> for a genesis epoch, reporting its wall time, its stages (the command logs them) and
/// the process's peak working set, then <see cref="PublishEpochJob"/>. Last, the portal's epoch page, contributor
/// pages, explanations and <c>/api/claims/{wallet}</c> are loaded with a closed loop and their p50/p99 reported.
/// <c>epoch-db [contributions=1000000] [contributors=100000] [seconds=10] [postgres admin connection string]</c>
/// (default: <c>GUILD_TEST_POSTGRES</c>). <c>GUILD_BENCH_KEEP_DATABASE=1</c> keeps the database to study afterwards.
/// </summary>
public static class EpochDatabaseHarness
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddYears(-2);

    public static async Task<int> RunAsync(string[] args)
    {
        var contributions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var contributors = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var admin = args.Length > 3 ? args[3] : Environment.GetEnvironmentVariable("GUILD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Pass a PostgreSQL admin connection string or set GUILD_TEST_POSTGRES.");
        Console.WriteLine($"Epoch through PostgreSQL: {contributions:N0} contributions by {contributors:N0} contributors · {Environment.ProcessorCount} cores");

        var folder = Directory.CreateTempSubdirectory("guild-epoch-db-bench-").FullName;
        var database = await BenchPostgres.CreateAsync(admin);
        var anvilPath = AnvilLocator.Find(BenchPortal.Root) ?? throw new InvalidOperationException("Run `npm ci` in solidity/ first.");
        await using var anvil = await AnvilNode.StartAsync(new AnvilStartInfo(anvilPath) { StartupTimeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = database,
            ["RateLimits__ClaimsPerMinute"] = "1000000",
            ["RateLimits__ExplanationsPerMinute"] = "1000000",
        };
        try
        {
            using var portal = await BenchPortal.StartAsync(anvil.RpcUrl, folder, settings);

            var seed = Stopwatch.StartNew();
            var wallets = await SeedAsync(database, contributions, contributors);
            Console.WriteLine($"Stored {contributions:N0} contributions, {contributors:N0} people and identities, {wallets:N0} wallets with COPY in {seed.Elapsed.TotalSeconds:0.0} s (not counted)");

            // The jobs run in a process of their own, so its peak working set is the epoch's alone.
            var job = Stopwatch.StartNew();
            var exit = await RunChildAsync("epoch-db-job", new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSQL",
                ["Database__ConnectionString"] = database,
                ["DataDirectory"] = Path.Combine(folder, "jobs"),
                ["Chain__Rpc"] = anvil.RpcUrl,
                ["Chain__Signer__PrivateKey"] = BenchPortal.DeployerKey,
                ["Jobs__ServerEnabled"] = "false",
                ["Jobs__ScheduleRecurringJobs"] = "false",
            });
            if (exit != 0)
            {
                throw new InvalidOperationException($"The epoch jobs failed (exit {exit}).");
            }
            Console.WriteLine($"Epoch jobs' process, start to exit: {job.Elapsed.TotalSeconds:0.0} s");

            // The root waits out its challenge window; move the chain's clock past it instead of waiting.
            var node = new Web3(anvil.RpcUrl);
            await node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", 7 * 86_400));
            await node.Client.SendRequestAsync(new RpcRequest(2, "evm_mine"));

            await using var db = Open(database);
            var epoch = await db.Epochs.AsNoTracking().SingleAsync();
            if (epoch.Status != EpochStatus.Published)
            {
                throw new InvalidOperationException($"Epoch {epoch.Number} is {epoch.Status}: {epoch.Failure}");
            }
            var accounts = await db.EpochAccounts.AsNoTracking().Where(a => a.Epoch == epoch.Number).Select(a => a.Account).ToArrayAsync();
            var lines = await db.EpochContributors.CountAsync(c => c.Epoch == epoch.Number);
            var people = await db.EpochContributors.AsNoTracking().Where(c => c.Epoch == epoch.Number).OrderBy(c => c.Contributor)
                .Select(c => c.Contributor).Take(5_000).ToArrayAsync();
            Console.WriteLine($"Epoch {epoch.Number} published: {lines:N0} lines, {accounts.Length:N0} accounts in the tree, root {epoch.Root}");

            var random = new Random(7);
            string[] Sample(IReadOnlyList<string> from, Func<string, string> path) => [.. Enumerable.Range(0, 10_000).Select(_ => path(from[random.Next(from.Count)]))];
            var claims = Sample(accounts, a => $"api/claims/{a}");
            var pages = Enumerable.Range(0, 10_000).Select(_ => $"api/epochs/{epoch.Number}/contributors?skip={random.Next(0, lines - 100)}&take=100").ToArray();
            var explanations = Sample(people, p => $"api/epochs/{epoch.Number}/explanation?contributor={Uri.EscapeDataString(p)}");
            var first = await portal.Http.GetAsync(claims[0]);
            if (!first.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{claims[0]} answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
            }

            var duration = TimeSpan.FromSeconds(seconds);
            (string Name, Func<HttpClient, int, Task<HttpResponseMessage>> Send)[] paths =
            [
                ($"GET /epochs/{epoch.Number} (the epoch page: summary, chart, first 25 lines)", (c, _) => c.GetAsync($"epochs/{epoch.Number}")),
                ($"GET /api/epochs/{epoch.Number}/contributors (100 lines from a random offset)", (c, i) => c.GetAsync(pages[i % pages.Length])),
                ($"GET /api/epochs/{epoch.Number}/explanation (a random contributor's stored explanation)", (c, i) => c.GetAsync(explanations[i % explanations.Length])),
                ("GET /api/claims/{wallet} (a random wallet in the tree; reads the distributor on anvil)", (c, i) => c.GetAsync(claims[i % claims.Length])),
            ];
            var failed = false;
            // One visitor at a time (the latency a person sees), then eight at once (the portal under load).
            foreach (var concurrency in new[] { 1, 8 })
            {
                Console.WriteLine();
                Console.WriteLine($"{concurrency} concurrent connection(s), {seconds} s each, loopback; the generator, the portal (and its jobs server), PostgreSQL and anvil share {Environment.ProcessorCount} cores");
                Console.WriteLine(LoadResult.Header);
                foreach (var (name, send) in paths)
                {
                    var result = await ClosedLoopLoad.RunAsync(portal.Origin, concurrency, duration, send);
                    failed |= result.Errors > 0;
                    Console.WriteLine(result.Row(name));
                }
            }
            return failed ? 1 : 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("GUILD_BENCH_KEEP_DATABASE") == "1")
            {
                Console.WriteLine($"Kept the database: {database}");
            }
            else
            {
                await BenchPostgres.DropAsync(admin, database);
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The child: the jobs worker's host without its Hangfire server, a genesis epoch opened as the demo opens it, then
    /// the compute job (timed, with the peak working set of this process since the host was built) and the publish job.
    /// </summary>
    public static async Task<int> RunJobsAsync(string[] args)
    {
        // Configured by the environment the parent set, as a worker is (the signer key is refused from any other source).
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Guild.Core.Allocation.Epochs", LogLevel.Information);
        var registered = builder.AddGuildData();
        builder.AddGuildChain();
        builder.AddGuildJobs(registered);
        using var host = builder.Build();
        await host.StartAsync();

        long number;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var rewards = scope.ServiceProvider.GetRequiredService<RewardsPublisher>();
            var created = await scope.ServiceProvider.GetRequiredService<CreateEpochCommand>()
                .ExecuteAsync(new EpochInput(null, null, null, null, true, await rewards.PoolVestingStartAsync()), default);
            number = created.Value?.Number ?? throw new InvalidOperationException(created.Error!.Message);
        }

        ResetPeakWorkingSet();
        var startedWith = Process.GetCurrentProcess().WorkingSet64;
        var compute = Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ComputeEpochJob>().RunAsync(number, default);
        }
        compute.Stop();
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"ComputeEpochJob (epoch {number}): {compute.Elapsed.TotalSeconds:0.0} s, peak working set {process.PeakWorkingSet64 / 1024 / 1024:N0} MB (the process held {startedWith / 1024 / 1024:N0} MB before), {GC.CollectionCount(2)} gen-2 collections");

        var publish = Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PublishEpochJob>().RunAsync(number, null, default);
        }
        Console.WriteLine($"PublishEpochJob: {publish.Elapsed.TotalSeconds:0.0} s (funding, the root on anvil, the epoch marked published)");
        await host.StopAsync();
        return 0;
    }

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set, so the peak read later is the compute's.</summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<int> RunChildAsync(string mode, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false };
        start.ArgumentList.Add(typeof(EpochDatabaseHarness).Assembly.Location);
        start.ArgumentList.Add(mode);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    private static PostgresGuildDbContext Open(string database) =>
        new(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database).Options);

    /// <summary>People, their GitHub identities and wallets, and the contributions, written with binary COPY. Returns the wallets written.</summary>
    private static async Task<int> SeedAsync(string database, int contributionCount, int contributorCount)
    {
        await using var db = Open(database);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var random = new Random(42);
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-1);

        await CopyAsync(connection, db.Model.FindEntityType(typeof(Person))!, ["Id", "CreatedAt"],
            Enumerable.Range(1, contributorCount).Select(i => new object?[] { (long)i, Start }));
        await CopyAsync(connection, db.Model.FindEntityType(typeof(ContributorIdentity))!, ["Id", "Kind", "Value", "Login", "LoginSource", "IsBot", "PersonId"],
            Enumerable.Range(1, contributorCount).Select(i => new object?[]
            {
                (long)i, IdentityKind.GitHubLogin, Login(i), Login(i), LoginSource.None, i % 50 == 0, (long)i,
            }));
        var wallets = Enumerable.Range(1, contributorCount).Where(i => i % 10 < 7).ToList();
        await CopyAsync(connection, db.Model.FindEntityType(typeof(ContributorWallet))!, ["PersonId", "Address", "LinkedAt"],
            wallets.Select(i => new object?[] { (long)i, SyntheticCommunity.Wallet(i), Start }));

        var repositories = Math.Max(1, contributorCount / 50);
        var pickPerson = SyntheticCommunity.Zipf(contributorCount, 1.1);
        var pickRepository = SyntheticCommunity.Zipf(repositories, 1.2);
        var threads = new List<int>[repositories]; // each repository's pull request and issue numbers so far
        var span = (asOf - Start).TotalSeconds;
        await CopyAsync(connection, db.Model.FindEntityType(typeof(Contribution))!,
            ["Id", "Host", "Repository", "Kind", "ExternalId", "AuthorId", "Title", "State", "Number", "Additions", "Deletions", "MergedBy", "MergerId", "Flags", "CreatedAt", "MergedAt", "FirstSeenAt", "LastSeenAt"],
            Enumerable.Range(1, contributionCount).Select(i =>
            {
                var r = pickRepository(random);
                var repository = $"org{r % 97}/repo{r}";
                var known = threads[r] ??= [];
                var author = (long)pickPerson(random) + 1;
                var created = Start.AddSeconds(span * i / contributionCount);
                var size = (int)Math.Min(100_000, 5 / Math.Pow(1 - random.NextDouble(), 1 / 1.2));
                var roll = random.NextDouble();
                // pull request 25%, issue 8%, review 15%, comment 20%, commit 32%; the first item of a repository is a pull request
                var kind = known.Count == 0 || roll < 0.25 ? ContributionKind.PullRequest : roll < 0.33 ? ContributionKind.Issue
                    : roll < 0.48 ? ContributionKind.Review : roll < 0.68 ? ContributionKind.IssueComment : ContributionKind.Commit;
                object? number = null, state = null, mergedBy = null, merger = null, mergedAt = null, additions = null, deletions = null, title = null;
                string external;
                if (kind is ContributionKind.PullRequest or ContributionKind.Issue)
                {
                    known.Add(known.Count + 1);
                    number = known.Count;
                    external = known.Count.ToString(CultureInfo.InvariantCulture);
                    title = $"Change {i}";
                    if (kind == ContributionKind.PullRequest)
                    {
                        var merged = random.Next(10) < 8;
                        state = merged ? "merged" : random.Next(2) == 0 ? "open" : "closed";
                        (additions, deletions) = (size * 3 / 4, size / 4);
                        if (merged)
                        {
                            var by = pickPerson(random) + 1;
                            (mergedBy, merger, mergedAt) = (Login(by), (long)by, created.AddHours(6));
                        }
                    }
                }
                else
                {
                    external = kind == ContributionKind.Commit ? i.ToString("x40", CultureInfo.InvariantCulture) : i.ToString(CultureInfo.InvariantCulture);
                    // reviews and comments are on a thread; half of the commits are squash merges of a pull request
                    if (kind != ContributionKind.Commit || random.Next(2) == 0)
                    {
                        number = known[random.Next(known.Count)];
                    }
                    if (kind == ContributionKind.Commit)
                    {
                        (additions, deletions) = (size * 3 / 4, size / 4);
                    }
                }
                return new object?[]
                {
                    (long)i, "github.com", repository, kind, external, author, title, state, number, additions, deletions, mergedBy, merger,
                    random.Next(100) == 0 ? ContributionFlags.FlaggedPathsOnly : ContributionFlags.None, created, mergedAt, created, created,
                };
            }));

        // COPY wrote explicit ids: move the identity sequences past them.
        foreach (var table in new[] { "People", "ContributorIdentities", "Contributions" })
        {
            await using var command = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", connection);
            await command.ExecuteNonQueryAsync();
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        return wallets.Count;
    }

    private static string Login(int person) => $"dev{person}";

    /// <summary>Rows by property name into the entity's table, with the model's column names, store types and value converters.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, IEntityType entity, string[] properties, IEnumerable<object?[]> rows)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = properties.Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.ClrType.Name} has no {name}"))
            .Select(p => (Name: p.GetColumnName(table)!, Type: StoreType(p.GetColumnType()), Converter: p.GetTypeMapping().Converter))
            .ToArray();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            for (var c = 0; c < columns.Length; c++)
            {
                var value = row[c] is { } v && columns[c].Converter is { } converter ? converter.ConvertToProvider(v) : row[c];
                if (value is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(value, columns[c].Type);
                }
            }
        }
        await writer.CompleteAsync();
    }

    // "character varying(320)" → "character varying": COPY's binary format carries no length.
    private static string StoreType(string type) => type.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? type[..open].Trim() : type;
}
