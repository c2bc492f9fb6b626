using Guild.Chain.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Xunit;

namespace Guild.Testing;

/// <summary>
/// A private anvil for one test class (tests that take snapshots or need a clean chain must not share a node),
/// started from the repository's solidity/node_modules like the embedded default.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private AnvilNode? node;

    public string RpcUrl => node?.RpcUrl ?? throw new InvalidOperationException("anvil is not started");

    public Web3 Web3 { get; private set; } = null!;

    public static string AnvilPath => AnvilLocator.Find(TestEnvironment.RepositoryRoot)
        ?? throw new InvalidOperationException("anvil not found: run `npm ci` in solidity/ (./test.sh does).");

    public async Task InitializeAsync()
    {
        node = await AnvilNode.StartAsync(new AnvilStartInfo(AnvilPath), NullLogger.Instance);
        Web3 = new Web3(RpcUrl);
    }

    public Task DisposeAsync() => node?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    public static Task MineAsync(IWeb3 web3, int blocks) =>
        web3.Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString(), "anvil_mine", blocks));

    public static async Task<long> BlockNumberAsync(IWeb3 web3) => (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
}
