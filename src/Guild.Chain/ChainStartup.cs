using Guild.Chain.Deployment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Chain;

/// <summary>
/// Connects at start (starting the embedded anvil if configured), so a wrong Chain:Rpc stops the process with a clear
/// message instead of failing the first job minutes later. On an embedded chain (or with Chain:Deployment:AutoDeploy)
/// it then makes sure the contract suite is deployed, once.
/// </summary>
internal sealed class ChainStartup(ChainConnection chain, IOptions<ChainOptions> options, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await chain.GetWeb3Async(cancellationToken);
        var chainOptions = options.Value;
        if (chainOptions.Deployment.AutoDeploy ?? chainOptions.IsEmbedded)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<SuiteDeployer>() is { } deployer)
            {
                await deployer.EnsureDeployedAsync(cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
