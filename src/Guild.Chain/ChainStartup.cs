using Guild.Chain.Deployment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Chain;

/// <summary>
/// Connects at start (starting the embedded anvil if configured), so a wrong Chain:Rpc stops the process with a clear
/// message instead of failing the first job minutes later. On an embedded chain (or with Chain:Deployment:AutoDeploy)
/// it then makes sure the contract suite is deployed, once. On the embedded chain it also stocks the licence sale reserve
/// from the treasury up to <see cref="EmbeddedSaleReserveWei"/>, as a governance proposal would, so a demo company can buy.
/// </summary>
internal sealed class ChainStartup(ChainConnection chain, IOptions<ChainOptions> options, IServiceScopeFactory scopes) : IHostedService
{
    /// <summary>100,000,000 $AGI: licences for a thousand companies of the demo's size (100,000 $AGI each).</summary>
    public static readonly System.Numerics.BigInteger EmbeddedSaleReserveWei = 100_000_000 * System.Numerics.BigInteger.Pow(10, 18);

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
                if (chainOptions.IsEmbedded)
                {
                    var reserve = await scope.ServiceProvider.GetRequiredService<Licensing.LicenseService>().SaleReserveAsync(cancellationToken);
                    if (reserve < EmbeddedSaleReserveWei)
                    {
                        await scope.ServiceProvider.GetRequiredService<Embedded.DevTreasury>().FundLicenseReserveAsync(EmbeddedSaleReserveWei - reserve, cancellationToken);
                    }
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
