using System.Net;
using System.Net.Sockets;
using Guild.Chain;
using Guild.Chain.Blocks;
using Guild.Core.Hosting;
using Guild.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Guild.Chain.Tests;

public class ChainConnectionTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static ChainConnection Connect(ChainOptions options, string? dataDirectory = null) => new(
        Options.Create(options),
        new TestHostEnvironment(),
        new DataDirectory(dataDirectory ?? Path.GetTempPath()),
        NullLogger<ChainConnection>.Instance);

    [Fact]
    public async Task GetChainIdAsync_RpcUrl_ReturnsNodeChainId()
    {
        await using var chain = Connect(new ChainOptions { Rpc = anvil.RpcUrl });

        Assert.Equal(31337, await chain.GetChainIdAsync());
        Assert.Equal(anvil.RpcUrl, chain.RpcUrl);
    }

    [Fact]
    public async Task GetWeb3Async_WrongExpectedChainId_ThrowsNamingBoth()
    {
        await using var chain = Connect(new ChainOptions { Rpc = anvil.RpcUrl, ExpectedChainId = 1 });

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.GetWeb3Async());

        Assert.Contains("chain id 31337", error.Message);
        Assert.Contains("Chain:ExpectedChainId is 1", error.Message);
        Assert.Equal(StartupFailure.ChainUnavailableExitCode, error.ExitCode);
    }

    [Fact]
    public async Task GetWeb3Async_NothingListening_ThrowsAfterStartupTimeout()
    {
        var port = ClosedPort();
        await using var chain = Connect(new ChainOptions { Rpc = $"http://127.0.0.1:{port}", StartupTimeoutSeconds = 1 });

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.GetWeb3Async());

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("Chain:Rpc", error.Message);
    }

    [Fact]
    public async Task GetWeb3Async_EmbeddedWithMissingAnvil_ThrowsNamingTheSetting()
    {
        await using var chain = Connect(new ChainOptions { Embedded = new EmbeddedChainOptions { AnvilPath = "/nonexistent/anvil" } });

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.GetWeb3Async());

        Assert.Contains("/nonexistent/anvil", error.Message);
        Assert.Contains("Chain:Embedded:AnvilPath", error.Message);
    }

    [Fact]
    public async Task GetWeb3Async_Embedded_StartsAnvilKeepsStateAndStopsIt()
    {
        var data = TestEnvironment.NewTempDirectory("embedded");
        try
        {
            var options = new ChainOptions { Embedded = new EmbeddedChainOptions { AnvilPath = AnvilFixture.AnvilPath, ChainId = 4242 } };
            long mined;
            string rpc;
            await using (var chain = Connect(options, data))
            {
                var web3 = await chain.GetWeb3Async();
                rpc = chain.RpcUrl!;
                Assert.Equal(4242, await chain.GetChainIdAsync());
                await AnvilFixture.MineAsync(web3, 7);
                mined = await AnvilFixture.BlockNumberAsync(web3);
                Assert.True(File.Exists(Path.Combine(data, "anvil-state.json.pid")));
            }

            // Stopped: nothing answers on its port, the pid file is gone and the chain was dumped.
            Assert.False(File.Exists(Path.Combine(data, "anvil-state.json.pid")));
            Assert.True(File.Exists(Path.Combine(data, "anvil-state.json")));
            Assert.False(IsListening(new Uri(rpc).Port));

            await using (var again = Connect(options, data))
            {
                var head = await new BlockReader(again).GetLatestAsync();
                Assert.Equal(mined, head.Number);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task GetLatestAsync_AfterMining_ReturnsNewHead()
    {
        await using var chain = Connect(new ChainOptions { Rpc = anvil.RpcUrl });
        var blocks = new BlockReader(chain);
        var before = await blocks.GetLatestAsync();

        await AnvilFixture.MineAsync(anvil.Web3, 3);
        var after = await blocks.GetLatestAsync();

        Assert.Equal(before.Number + 3, after.Number);
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Matches("^0x[0-9a-f]{64}$", after.Hash);
        Assert.Equal(31337, after.ChainId);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
