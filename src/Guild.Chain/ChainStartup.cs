using Microsoft.Extensions.Hosting;

namespace Guild.Chain;

/// <summary>
/// Connects at start (starting the embedded anvil if configured), so a wrong Chain:Rpc stops the process with a clear
/// message instead of failing the first job minutes later.
/// </summary>
internal sealed class ChainStartup(ChainConnection chain) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => chain.GetWeb3Async(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
