using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Guild.Chain.Embedded;
using Guild.Chain.Licensing;
using Guild.Core.Licensing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Benchmarks;

/// <summary>
/// Load on the public licence check, on loopback: a private anvil, the real portal process (Guild.Web, Production,
/// SQLite in a temporary data directory) deployed on it, 1,000 companies licensed on-chain (signed declarations, free
/// attestations below the threshold) and indexed by the portal's own job. Then a closed-loop load generator (N
/// concurrent keep-alive connections, requests spread round-robin over the companies) measures
/// <c>GET /api/licenses/{address}</c>, and beside it the same load as <c>eth_call isLicensed</c> straight to the node
/// (the path that asks the chain per request, without even a web server in front). Reports requests per second and
/// p50/p99 latency for each.
/// </summary>
public static class LicenseLoad
{
    private const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"; // anvil's account 0

    /// <param name="args"><c>[companies=1000] [seconds=10] [concurrency=32]</c></param>
    public static async Task<int> RunAsync(string[] args)
    {
        var companies = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        var root = FindRoot();
        var portalDll = Path.Combine(root, "src", "Guild.Web", "bin", "Release", "net10.0", "Guild.Web.dll");
        if (!File.Exists(portalDll))
        {
            throw new InvalidOperationException($"Build the portal first: dotnet build -c Release Guild.sln ({portalDll} is missing).");
        }
        var folder = Directory.CreateTempSubdirectory("guild-license-bench-").FullName;
        var anvilPath = AnvilLocator.Find(root) ?? throw new InvalidOperationException("Run `npm ci` in solidity/ first.");
        await using var anvil = await AnvilNode.StartAsync(new AnvilStartInfo(anvilPath) { StartupTimeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var node = new Web3(anvil.RpcUrl);

        var port = FreePort();
        var origin = $"http://127.0.0.1:{port}";
        using var portal = StartPortal(portalDll, folder, anvil.RpcUrl, origin);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(origin) };
            var ready = Stopwatch.StartNew();
            while (!await ReadyAsync(http))
            {
                if (portal.HasExited || ready.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new InvalidOperationException("The portal did not become ready.");
                }
                await Task.Delay(1000); // /health is rate-limited to 60 a minute
            }
            using var contracts = JsonDocument.Parse(await http.GetStringAsync("/api/chain/contracts"));
            var registry = contracts.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "LicenseRegistry").GetProperty("address").GetString()!;
            Console.WriteLine($"Portal ready at {origin} in {ready.Elapsed.TotalSeconds:0.0} s; registry {registry}");

            // The companies: each signs its declaration (EIP-712, as a browser wallet would) and records a free attestation.
            var seed = Stopwatch.StartNew();
            var wallets = await LicenseCompaniesAsync(node, anvil.RpcUrl, registry, companies);
            Console.WriteLine($"{companies:N0} companies licensed on-chain in {seed.Elapsed.TotalSeconds:0.0} s");

            // The portal's indexer job (every minute) and the register's refresh pick them up.
            var indexed = Stopwatch.StartNew();
            while (!await LicensedAsync(http, wallets[^1]))
            {
                if (indexed.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new InvalidOperationException("The portal did not index the licences within three minutes.");
                }
                await Task.Delay(1000);
            }
            foreach (var wallet in wallets.Where((_, i) => i % 97 == 0))
            {
                if (!await LicensedAsync(http, wallet))
                {
                    throw new InvalidOperationException($"{wallet} is not licensed on the portal.");
                }
            }
            Console.WriteLine($"Indexed and served after {indexed.Elapsed.TotalSeconds:0.0} s");

            // The path that asks the chain per request: a web endpoint answering each check with eth_call isLicensed.
            var chainOrigin = $"http://127.0.0.1:{FreePort()}";
            await using var chainEndpoint = await StartChainEndpointAsync(chainOrigin, anvil.RpcUrl, registry);
            using (var check = JsonDocument.Parse(await http.GetStringAsync($"{chainOrigin}/chain/licenses/{wallets[0]}")))
            {
                if (!check.RootElement.GetProperty("licensed").GetBoolean())
                {
                    throw new InvalidOperationException("The chain endpoint does not see the licence.");
                }
            }

            var paths = wallets.Select(w => $"api/licenses/{w}").ToArray();
            var api = await LoadAsync(origin, concurrency, TimeSpan.FromSeconds(seconds), (client, i) => client.GetAsync(paths[i % paths.Length]));
            var chainPaths = wallets.Select(w => $"chain/licenses/{w}").ToArray();
            var perRequest = await LoadAsync(chainOrigin, concurrency, TimeSpan.FromSeconds(seconds), (client, i) => client.GetAsync(chainPaths[i % chainPaths.Length]));
            var calls = wallets.Select(w => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                jsonrpc = "2.0",
                id = 1,
                method = "eth_call",
                @params = new object[] { new { to = registry, data = new Registry.IsLicensedFunction { Company = w }.GetCallData().ToHex(true) }, "latest" },
            }))).ToArray();
            using (var probe = new HttpClient())
            {
                var answer = await (await probe.PostAsync(anvil.RpcUrl, new ByteArrayContent(calls[0]) { Headers = { ContentType = new("application/json") } })).Content.ReadAsStringAsync();
                if (!answer.Contains("0000000000000000000000000000000000000000000000000000000000000001\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"eth_call isLicensed did not answer true: {answer}");
                }
            }
            var chain = await LoadAsync(anvil.RpcUrl, concurrency, TimeSpan.FromSeconds(seconds), (client, i) =>
            {
                var content = new ByteArrayContent(calls[i % calls.Length]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                return client.PostAsync("", content);
            });

            Console.WriteLine();
            Console.WriteLine($"{companies:N0} licensed companies, {concurrency} concurrent connections, {seconds} s each, loopback, {Environment.ProcessorCount} cores shared by the generator, the portal and anvil");
            Console.WriteLine("| path | requests | errors | req/s | p50 | p99 |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine(api.Row("GET /api/licenses/{address} (indexed register)"));
            Console.WriteLine(perRequest.Row("GET /chain/licenses/{address} (eth_call isLicensed per request)"));
            Console.WriteLine(chain.Row("raw JSON-RPC eth_call isLicensed to anvil (no web server)"));
            Console.WriteLine($"Register vs per-request chain path: {api.PerSecond / Math.Max(perRequest.PerSecond, 1):0.0}x the requests per second");
            return 0;
        }
        finally
        {
            if (!portal.HasExited)
            {
                portal.Kill(entireProcessTree: true);
                await portal.WaitForExitAsync();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WebApplication> StartChainEndpointAsync(string origin, string rpc, string registry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(origin);
        var app = builder.Build();
        var query = new Web3(rpc).Eth.GetContractQueryHandler<Registry.IsLicensedFunction>();
        app.MapGet("/chain/licenses/{address}", async (string address) =>
            Results.Json(new ChainAnswer(address, await query.QueryAsync<bool>(registry, new Registry.IsLicensedFunction { Company = address }))));
        await app.StartAsync();
        return app;
    }

    private sealed record ChainAnswer(string Address, bool Licensed);

    private static Process StartPortal(string dll, string folder, string rpc, string origin)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(origin);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataDirectory"] = Path.Combine(folder, "data");
        start.Environment["Portal__PublicOrigin"] = origin;
        start.Environment["Chain__Rpc"] = rpc;
        start.Environment["Chain__Signer__PrivateKey"] = DeployerKey;
        start.Environment["Chain__Deployment__AutoDeploy"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("portal: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string[]> LicenseCompaniesAsync(Web3 node, string rpc, string registry, int count)
    {
        var chainId = (long)(await node.Eth.ChainId.SendRequestAsync()).Value;
        var domain = new DeclarationDomain(chainId, registry);
        var minTerm = await node.Eth.GetContractQueryHandler<Registry.MinTermFunction>().QueryAsync<BigInteger>(registry, new Registry.MinTermFunction());
        var deadline = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        var wallets = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var key = EthECKey.GenerateKey();
                var wallet = key.GetPublicAddress().ToLowerInvariant();
                await node.Client.SendRequestAsync(new RpcRequest(i, "anvil_setBalance", wallet, new HexBigInteger(BigInteger.Pow(10, 18)).HexValue));
                var declaration = new RevenueDeclaration(wallet, $"Bench Company {i:D4} Ltd", DateTimeOffset.UtcNow.Year, 500_000 + i, "", RevenueDeclaration.ZeroHash, 0, deadline);
                var web3 = new Web3(new Account(key, chainId), rpc);
                var receipt = await web3.Eth.GetContractTransactionHandler<Registry.PurchaseFunction>().SendRequestAndWaitForReceiptAsync(registry, new Registry.PurchaseFunction
                {
                    Declaration = LicenseService.ToAbi(declaration),
                    Signature = LicenseService.Sign(declaration, domain, key),
                    Term = minTerm,
                    MaxCost = 0,
                    Deadline = deadline,
                    Gas = 1_000_000,
                });
                if (receipt.Status.Value != BigInteger.One)
                {
                    throw new InvalidOperationException($"The attestation of company {i} reverted.");
                }
                wallets[i] = wallet;
            }
        }));
        return wallets;
    }

    private sealed record Result(long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
    {
        public double PerSecond => Requests / Seconds;

        public string Row(string path) => string.Create(CultureInfo.InvariantCulture,
            $"| {path} | {Requests:N0} | {Errors:N0} | {PerSecond:N0} | {P50Ms:0.00} ms | {P99Ms:0.00} ms |");
    }

    /// <summary>
    /// A closed loop: <paramref name="concurrency"/> workers, each on its own keep-alive connection, send the next
    /// request as soon as the previous answer is read, for a warm-up second and then <paramref name="duration"/>.
    /// </summary>
    private static async Task<Result> LoadAsync(string baseUrl, int concurrency, TimeSpan duration, Func<HttpClient, int, Task<HttpResponseMessage>> send)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var measuring = 0;
        var stop = 0;
        var latencies = new List<long>[concurrency];
        var errors = new long[concurrency];
        var counter = -1;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            var buffer = new byte[16 * 1024];
            while (Volatile.Read(ref stop) == 0)
            {
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    using var response = await send(client, i & int.MaxValue);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                    ok = response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                }
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (Volatile.Read(ref measuring) == 1 && Volatile.Read(ref stop) == 0)
                {
                    mine.Add(elapsed);
                    if (!ok)
                    {
                        errors[w]++;
                    }
                }
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up: connections open, JIT done
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        clock.Stop();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new Result(all.Length, errors.Sum(), clock.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> LicensedAsync(HttpClient http, string wallet)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/licenses/{wallet}"));
        return json.RootElement.GetProperty("licensed").GetBoolean();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository.");
    }
}
