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
    /// <param name="args"><c>[companies=1000] [seconds=10] [concurrency=32]</c></param>
    public static async Task<int> RunAsync(string[] args)
    {
        var companies = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        var folder = Directory.CreateTempSubdirectory("guild-license-bench-").FullName;
        var anvilPath = AnvilLocator.Find(BenchPortal.Root) ?? throw new InvalidOperationException("Run `npm ci` in solidity/ first.");
        await using var anvil = await AnvilNode.StartAsync(new AnvilStartInfo(anvilPath) { StartupTimeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var node = new Web3(anvil.RpcUrl);
        using var portal = await BenchPortal.StartAsync(anvil.RpcUrl, folder);
        var origin = portal.Origin;
        try
        {
            var http = portal.Http;
            var registry = await portal.ContractAsync("LicenseRegistry");
            Console.WriteLine($"Registry {registry}");

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
            var chainOrigin = $"http://127.0.0.1:{BenchPortal.FreePort()}";
            await using var chainEndpoint = await StartChainEndpointAsync(chainOrigin, anvil.RpcUrl, registry);
            using (var check = JsonDocument.Parse(await http.GetStringAsync($"{chainOrigin}/chain/licenses/{wallets[0]}")))
            {
                if (!check.RootElement.GetProperty("licensed").GetBoolean())
                {
                    throw new InvalidOperationException("The chain endpoint does not see the licence.");
                }
            }

            var paths = wallets.Select(w => $"api/licenses/{w}").ToArray();
            var api = await ClosedLoopLoad.RunAsync(origin, concurrency, TimeSpan.FromSeconds(seconds), (client, i) => client.GetAsync(paths[i % paths.Length]));
            var chainPaths = wallets.Select(w => $"chain/licenses/{w}").ToArray();
            var perRequest = await ClosedLoopLoad.RunAsync(chainOrigin, concurrency, TimeSpan.FromSeconds(seconds), (client, i) => client.GetAsync(chainPaths[i % chainPaths.Length]));
            var fullPaths = wallets.Select(w => $"chain/licenses/{w}/full").ToArray();
            var fullPerRequest = await ClosedLoopLoad.RunAsync(chainOrigin, concurrency, TimeSpan.FromSeconds(seconds), (client, i) => client.GetAsync(fullPaths[i % fullPaths.Length]));
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
            var chain = await ClosedLoopLoad.RunAsync(anvil.RpcUrl, concurrency, TimeSpan.FromSeconds(seconds), (client, i) =>
            {
                var content = new ByteArrayContent(calls[i % calls.Length]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                return client.PostAsync("", content);
            });

            Console.WriteLine();
            Console.WriteLine($"{companies:N0} licensed companies, {concurrency} concurrent connections, {seconds} s each, loopback, {Environment.ProcessorCount} cores shared by the generator, the portal and anvil");
            Console.WriteLine(LoadResult.Header);
            Console.WriteLine(api.Row("GET /api/licenses/{address} (indexed register)"));
            Console.WriteLine(perRequest.Row("GET /chain/licenses/{address} (eth_call isLicensed per request)"));
            Console.WriteLine(chain.Row("raw JSON-RPC eth_call isLicensed to anvil (no web server)"));
            Console.WriteLine(fullPerRequest.Row("GET /chain/licenses/{address}/full (the register's fields per request: licenceOf, isLicensed, requiredStake)"));
            Console.WriteLine($"Register vs per-request chain path: {api.PerSecond / Math.Max(perRequest.PerSecond, 1):0.0}x the requests per second (isLicensed alone), {api.PerSecond / Math.Max(fullPerRequest.PerSecond, 1):0.0}x (the same fields)");
            return 0;
        }
        finally
        {
            portal.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WebApplication> StartChainEndpointAsync(string origin, string rpc, string registry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(origin);
        var app = builder.Build();
        var web3 = new Web3(rpc);
        var query = web3.Eth.GetContractQueryHandler<Registry.IsLicensedFunction>();
        app.MapGet("/chain/licenses/{address}", async (string address) =>
            Results.Json(new ChainAnswer(address, await query.QueryAsync<bool>(registry, new Registry.IsLicensedFunction { Company = address }))));
        // The register's whole answer read from the chain: the licence, whether it is in force, and the stake its revenue requires.
        var licence = web3.Eth.GetContractQueryHandler<Registry.LicenceOfFunction>();
        var required = web3.Eth.GetContractQueryHandler<Registry.RequiredStakeFunction>();
        app.MapGet("/chain/licenses/{address}/full", async (string address) =>
        {
            var held = await licence.QueryDeserializingToObjectAsync<Registry.LicenceOfOutputDTO>(new Registry.LicenceOfFunction { Company = address }, registry);
            var licensed = await query.QueryAsync<bool>(registry, new Registry.IsLicensedFunction { Company = address });
            var requiredWei = await required.QueryAsync<BigInteger>(registry, new Registry.RequiredStakeFunction { RevenueUsd = held.DeclaredRevenueUsd });
            return Results.Json(new FullChainAnswer(address, licensed, held.Locked.ToString(CultureInfo.InvariantCulture), requiredWei.ToString(CultureInfo.InvariantCulture),
                (long)held.Expiry, (int)held.FiscalYear, Convert.ToHexStringLower(held.DeclarationHash), held.Revoked));
        });
        await app.StartAsync();
        return app;
    }

    private sealed record ChainAnswer(string Address, bool Licensed);

    private sealed record FullChainAnswer(string Address, bool Licensed, string StakeWei, string RequiredWei, long ExpiresAt, int FiscalYear, string DeclarationHash, bool Revoked);

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

    private static async Task<bool> LicensedAsync(HttpClient http, string wallet)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/licenses/{wallet}"));
        return json.RootElement.GetProperty("licensed").GetBoolean();
    }

}
