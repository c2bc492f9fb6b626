using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guild.Testing;
using Guild.Testing.GitHub;
using Guild.Web.Tests.Infrastructure;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// docker-compose.yml's shape, run as processes (no container engine runs here): PostgreSQL and anvil, the one-shot
/// deployer and first steward, the portal with <c>Jobs:ServerEnabled=false</c>, and two job workers, each started
/// with the environment <c>docker-compose config</c> resolves for its service. Only the service names become loopback
/// addresses. A steward who exists only because of the compose file then syncs a repository, computes and publishes
/// the genesis epoch, and the work is found done once.
/// </summary>
public partial class ProductionShapeTests : IAsyncLifetime
{
    private const string StewardPassword = "Compose-Horse-7";
    private static readonly Web3 Node = new(TestEnvironment.SharedAnvilRpc);

    private readonly string deployerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
    private readonly string publisherKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
    private readonly string stewardEmail = $"first-steward+{Guid.NewGuid():N}@guild.test";
    private readonly string scratch = TestEnvironment.NewTempDirectory("compose");
    private readonly List<(string Name, GuildProcessRunner Process)> processes = [];
    private PostgresDatabase database = null!;
    private LoopbackGitHub github = null!;

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("compose");
        github = await LoopbackGitHub.StartAsync();
        github.Token = "ghp_compose_shape";
        foreach (var key in new[] { deployerKey, publisherKey })
        {
            await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", new EthECKey(key).GetPublicAddress(), new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, process) in processes)
        {
            await process.DisposeAsync();
        }
        await github.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task ComposeShape_FirstStewardSyncsAndPublishes_AcrossTwoWorkers_AndNothingIsDoneTwice()
    {
        try
        {
            await JourneyAsync();
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException || processes.Count > 0)
        {
            // What the processes said is the first thing anyone debugging this needs.
            throw new InvalidOperationException(failure.Message + string.Concat(processes.Select(p => $"\n--- {p.Name} ---\n{p.Process.Output}")), failure);
        }
    }

    private async Task JourneyAsync()
    {
        var portalPort = GuildProcessRunner.ClosedPort();
        var origin = $"http://127.0.0.1:{portalPort}";
        var services = await ComposeServicesAsync(new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "compose-password",
            ["DEPLOYER_PRIVATE_KEY"] = deployerKey,
            ["PUBLISHER_PRIVATE_KEY"] = publisherKey,
            ["PUBLISHER_ADDRESS"] = new EthECKey(publisherKey).GetPublicAddress(),
            ["DATA_PROTECTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["FIRST_STEWARD_EMAIL"] = stewardEmail,
            ["SMTP_HOST"] = TestEnvironment.Smtp.Host,
            ["SMTP_PORT"] = TestEnvironment.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SMTP_SECURITY"] = "None", // smtp4dev offers no TLS
            ["GITHUB_TOKEN"] = github.Token!,
            ["CHAIN_RPC"] = TestEnvironment.SharedAnvilRpc,
            ["GUILD_PUBLIC_ORIGIN"] = origin,
        });

        // One-shot services run to completion first, as compose's depends_on orders them.
        Assert.Equal(["deploy"], services["deployer"].Command);
        await RunToCompletionAsync("deployer", services["deployer"]);
        Assert.Equal(["admin", "create-steward", stewardEmail], services["first-steward"].Command);
        await RunToCompletionAsync("first-steward", services["first-steward"]);

        Assert.Equal("false", services["guild-web"].Environment["Jobs__ServerEnabled"]);
        Start("guild-web", services["guild-web"], new() { ["ASPNETCORE_URLS"] = origin });
        Start("guild-jobs-1", services["guild-jobs"], new() { ["Jobs__HeartbeatFile"] = Path.Combine(scratch, "worker-1.alive") });
        Start("guild-jobs-2", services["guild-jobs"], new() { ["Jobs__HeartbeatFile"] = Path.Combine(scratch, "worker-2.alive") });
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(origin) };
        await Eventually.ReturnsAsync(async () => await ReadyAsync(client) ? "ready" : null, TimeSpan.FromSeconds(90));

        // The first steward exists only through the compose file: a mailed link to choose a password, then an authenticator.
        await BecomeStewardAsync(client);

        // A repository syncs on one of the two workers.
        var owner = "compose";
        var name = $"shape-{Guid.NewGuid():N}"[..20];
        var data = github.Repository(owner, name);
        GitHubDataBuilder.Fill(data, pullRequests: 30, issues: 20, commits: 40);
        var created = await client.PostAsJsonAsync("/api/tracked-repositories", new { host = github.BaseUrl.ToString(), owner, name, licenseName = "MIT" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var repositoryId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/tracked-repositories/{repositoryId}/sync", null)).StatusCode);
        await Eventually.ReturnsAsync(async () =>
        {
            var progress = await client.GetFromJsonAsync<JsonElement[]>("/api/ingestion/progress");
            return progress!.Any(p => p.GetProperty("trackedRepositoryId").ValueKind == JsonValueKind.Number
                && p.GetProperty("trackedRepositoryId").GetInt64() == repositoryId && p.GetProperty("status").GetString() == "Completed") ? "synced" : null;
        }, TimeSpan.FromSeconds(120));

        // The genesis epoch is computed and published by the workers, with the publisher's key.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/epochs", new { genesis = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/epochs/1/compute", null)).StatusCode);
        await EpochAsync(client, "Computed");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/epochs/1/publish", null)).StatusCode);
        var epoch = await EpochAsync(client, "Published");
        var root = epoch.GetProperty("root").GetString()!;

        // Both workers served; each job ran once; one transaction published the root; no row is there twice.
        await using var db = new NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();
        Assert.True(await ScalarAsync<long>(db, "select count(*) from hangfire.server") >= 2, "two worker servers");
        foreach (var job in new[] { "GitHubSyncJob", "ComputeEpochJob", "PublishEpochJob" })
        {
            var processed = await ScalarAsync<long>(db,
                $"select count(*) from hangfire.state s join hangfire.job j on j.id = s.jobid where s.name = 'Processing' and j.invocationdata::text like '%{job}%'");
            Assert.True(processed == 1, $"{job} was picked up {processed} times");
        }
        Assert.Equal(1, (await Node.Eth.Transactions.GetTransactionCount.SendRequestAsync(new EthECKey(publisherKey).GetPublicAddress())).Value);
        var stored = await ScalarAsync<long>(db, $"select count(*) from \"Contributions\" where \"TrackedRepositoryId\" = {repositoryId}");
        var distinct = await ScalarAsync<long>(db, $"select count(distinct (\"Kind\", \"ExternalId\")) from \"Contributions\" where \"TrackedRepositoryId\" = {repositoryId}");
        lock (data)
        {
            Assert.Equal(data.Issues.Count + data.Reviews.Count + data.IssueComments.Count + data.ReviewComments.Count + data.Commits.Count, stored);
        }
        Assert.Equal(stored, distinct);
        Assert.Equal(1, await ScalarAsync<long>(db, "select count(*) from \"Epochs\""));

        // The portal shows it.
        var page = await client.GetStringAsync("/epochs/1");
        Assert.Contains(root, page);
    }

    private async Task BecomeStewardAsync(HttpClient client)
    {
        var mail = await Mailbox.WaitForAsync(stewardEmail, timeout: TimeSpan.FromSeconds(90));
        var link = mail.Link("/Account/ResetPassword");
        Assert.Equal(client.BaseAddress!.Authority, link.Authority);
        var set = await StaticForms.SubmitAsync(client, link.PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = stewardEmail,
            ["Input.Password"] = StewardPassword,
            ["Input.ConfirmPassword"] = StewardPassword,
            ["Input.Code"] = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!,
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var login = await StaticForms.SubmitAsync(client, "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = stewardEmail, ["Input.Password"] = StewardPassword });
        var setUp = await client.GetStringAsync(login.Headers.Location);
        var key = AuthenticatorKey().Match(setUp).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enabled = await StaticForms.SubmitAndReadAsync(client, "/Account/Manage/EnableAuthenticator", "enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = GuildWebFactory.Totp(key) });
        Assert.Contains("two-factor authentication is on", enabled);
    }

    private static async Task<JsonElement> EpochAsync(HttpClient client, string status) =>
        (JsonElement)await Eventually.ReturnsAsync(async () =>
        {
            var epoch = await client.GetFromJsonAsync<JsonElement>("/api/epochs/1");
            Assert.True(epoch.GetProperty("failure").ValueKind == JsonValueKind.Null, epoch.GetProperty("failure").ToString());
            return epoch.GetProperty("status").GetString() == status ? (object)epoch : null;
        }, TimeSpan.FromSeconds(120));

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed record ComposeService(Dictionary<string, string> Environment, IReadOnlyList<string> Command);

    /// <summary>What <c>docker-compose config</c> resolves from the repository's compose file with <paramref name="variables"/>.</summary>
    private static async Task<Dictionary<string, ComposeService>> ComposeServicesAsync(Dictionary<string, string> variables)
    {
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", Path.Combine(TestEnvironment.RepositoryRoot, "docker-compose.yml"), "config" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in variables)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose is not installed (./test.sh installs it)");
        var yaml = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);

        var document = new YamlStream();
        document.Load(new StringReader(yaml));
        var services = (YamlMappingNode)((YamlMappingNode)document.Documents[0].RootNode)["services"];
        return services.Children.ToDictionary(
            s => ((YamlScalarNode)s.Key).Value!,
            s =>
            {
                var service = (YamlMappingNode)s.Value;
                var environment = service.Children.TryGetValue("environment", out var env)
                    ? ((YamlMappingNode)env).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
                    : [];
                var command = service.Children.TryGetValue("command", out var c) ? ((YamlSequenceNode)c).Children.Select(a => ((YamlScalarNode)a).Value!).ToList() : [];
                return new ComposeService(environment, command);
            });
    }

    /// <summary>The service's environment with compose's host names pointed at this machine's PostgreSQL (anvil comes in as CHAIN_RPC).</summary>
    private Dictionary<string, string> Wire(ComposeService service)
    {
        var environment = new Dictionary<string, string>(service.Environment);
        var compose = environment["Database__ConnectionString"];
        Assert.Contains("Host=postgres;", compose);
        Assert.Contains("Password=compose-password", compose);
        environment["Database__ConnectionString"] = database.ConnectionString;
        return environment;
    }

    private async Task RunToCompletionAsync(string name, ComposeService service)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;
        var environment = Wire(service);
        environment["DataDirectory"] = folder;
        await using var process = GuildProcessRunner.Start("Guild.Jobs", folder, environment, [.. service.Command]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(180));
        Assert.True(exitCode == 0, $"{name} exited with {exitCode}:\n{process.Output}");
    }

    private void Start(string name, ComposeService service, Dictionary<string, string> extra)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;
        var environment = Wire(service);
        environment["DataDirectory"] = folder;
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        processes.Add((name, GuildProcessRunner.Start(name == "guild-web" ? "Guild.Web" : "Guild.Jobs", folder, environment, [.. service.Command])));
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)</kbd>")]
    private static partial Regex AuthenticatorKey();
}
