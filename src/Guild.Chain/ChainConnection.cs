using System.Net.Http;
using Guild.Chain.Embedded;
using Guild.Chain.Transactions;
using Guild.Core.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Accounts;
using Nethereum.Web3;

namespace Guild.Chain;

/// <summary>
/// The one connection to the chain: a configured JSON-RPC URL, or an anvil this process starts on first use
/// (<c>Chain:Rpc = embedded</c>) and stops when the host shuts down. Verifies the chain id before anyone uses it.
/// </summary>
public sealed partial class ChainConnection(
    IOptions<ChainOptions> options,
    IHostEnvironment environment,
    DataDirectory data,
    ILogger<ChainConnection> logger) : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds) };
    private AnvilNode? anvil;
    private AsyncOnce<Connected>? connection;

    private sealed record Connected(Web3 Web3, IClient Client, string RpcUrl, long ChainId);

    /// <summary>The RPC URL once connected (for an embedded chain, the anvil's loopback URL).</summary>
    public string? RpcUrl => connection?.ValueOrNull?.RpcUrl;

    public bool IsEmbedded => options.Value.IsEmbedded;

    public async Task<IWeb3> GetWeb3Async(CancellationToken cancellationToken = default) =>
        (await ConnectAsync(cancellationToken)).Web3;

    public async Task<long> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        (await ConnectAsync(cancellationToken)).ChainId;

    /// <summary>A Web3 that signs locally with <paramref name="account"/> and sends through this connection.</summary>
    public async Task<IWeb3> GetWeb3Async(IAccount account, CancellationToken cancellationToken = default) =>
        new Web3(account, (await ConnectAsync(cancellationToken)).Client);

    private Task<Connected> ConnectAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref connection, () => new AsyncOnce<Connected>(OpenAsync)).GetAsync(cancellationToken);

    private async Task<Connected> OpenAsync(CancellationToken cancellationToken)
    {
        var chain = options.Value;
        var rpcUrl = chain.IsEmbedded ? await StartEmbeddedAsync(chain.Embedded, chain, cancellationToken) : chain.Rpc;
        var client = new RpcClient(new Uri(rpcUrl), http) { OverridingRequestInterceptor = new RetryingRpcInterceptor() };
        var web3 = new Web3(client);

        var chainId = await WaitForChainIdAsync(web3, rpcUrl, TimeSpan.FromSeconds(chain.StartupTimeoutSeconds), cancellationToken);
        if (chain.ExpectedChainId is { } expected && expected != chainId)
        {
            throw new ChainUnavailableException(
                $"The node at {rpcUrl} reports chain id {chainId}, but Chain:ExpectedChainId is {expected}. Point Chain:Rpc at the right network.");
        }
        LogConnected(logger, rpcUrl, chainId);
        return new Connected(web3, client, rpcUrl, chainId);
    }

    private static async Task<long> WaitForChainIdAsync(Web3 web3, string rpcUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;
            }
            catch (Exception ex) when (ex is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException)
            {
                if (DateTime.UtcNow + delay > deadline)
                {
                    throw new ChainUnavailableException(
                        $"Cannot reach the chain at {rpcUrl} (Chain:Rpc) within {timeout.TotalSeconds:0} s: {ex.GetBaseException().Message}", ex);
                }
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private async Task<string> StartEmbeddedAsync(EmbeddedChainOptions embedded, ChainOptions chain, CancellationToken cancellationToken)
    {
        var anvilPath = embedded.AnvilPath
            ?? AnvilLocator.Find(environment.ContentRootPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new ChainUnavailableException(
                "Chain:Rpc is 'embedded' but no anvil was found under solidity/node_modules. Run `npm ci` in solidity/, " +
                "set Chain:Embedded:AnvilPath, or point Chain:Rpc at a node.");

        var stateFile = StateFile;
        if (stateFile is not null)
        {
            EmbeddedPidFile.StopOrphan(stateFile, logger);
        }

        anvil = await AnvilNode.StartAsync(new AnvilStartInfo(anvilPath)
        {
            ChainId = embedded.ChainId,
            StateFile = stateFile,
            BlockTimeSeconds = embedded.BlockTimeSeconds,
            StartupTimeout = TimeSpan.FromSeconds(chain.StartupTimeoutSeconds),
        }, logger, cancellationToken);
        if (stateFile is not null)
        {
            EmbeddedPidFile.Write(stateFile, anvil.ProcessId);
            await KeepClockAsync(anvil.RpcUrl);
        }
        return anvil.RpcUrl;
    }

    /// <summary>
    /// anvil reloads a chain's blocks but not a clock moved forward (<c>evm_increaseTime</c>, as the demo does to pass
    /// governance delays): its next block would be older than the last one, and contracts that checkpoint by time
    /// (the vote escrow) refuse that. So a reloaded chain whose last block is ahead of the wall clock goes on from there.
    /// </summary>
    private static async Task KeepClockAsync(string rpcUrl)
    {
        var web3 = new Web3(rpcUrl);
        var latest = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        var last = (long)latest.Timestamp.Value;
        if (last >= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            await web3.Client.SendRequestAsync(new RpcRequest(1, "evm_setTime", last + 1));
        }
    }

    private string? StateFile => options.Value.Embedded.Ephemeral ? null : data.File(options.Value.Embedded.StateFile);

    public async ValueTask DisposeAsync()
    {
        if (anvil is not null)
        {
            await anvil.DisposeAsync();
            if (StateFile is { } stateFile)
            {
                EmbeddedPidFile.Delete(stateFile);
            }
        }
        http.Dispose();
        connection?.Dispose();
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Chain connected: {RpcUrl}, chain id {ChainId}")]
    private static partial void LogConnected(ILogger logger, string rpcUrl, long chainId);
}
