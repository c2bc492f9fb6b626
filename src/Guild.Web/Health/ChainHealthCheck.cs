using Guild.Chain;
using Guild.Chain.Blocks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guild.Web.Health;

/// <summary>Ready when the chain answers with its latest block within a few seconds.</summary>
internal sealed class ChainHealthCheck(BlockReader blocks, ChainConnection chain) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var head = await blocks.GetLatestAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy($"block {head.Number} on chain {head.ChainId}", new Dictionary<string, object>
            {
                ["chainId"] = head.ChainId,
                ["block"] = head.Number,
                ["embedded"] = chain.IsEmbedded,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // No RPC URL here: hosted nodes carry API keys in it.
            return HealthCheckResult.Unhealthy($"the chain does not answer: {ex.GetBaseException().GetType().Name}");
        }
    }
}
