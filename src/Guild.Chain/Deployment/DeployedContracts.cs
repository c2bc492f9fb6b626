using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Chain.Deployment;

/// <summary>The addresses the deployer recorded for the connected chain.</summary>
public sealed class DeployedContracts(ChainConnection chain, GuildDbContext db)
{
    private Dictionary<string, string>? addresses;

    public async Task<string> AddressAsync(string name, CancellationToken cancellationToken = default)
    {
        if (addresses is null)
        {
            var chainId = await chain.GetChainIdAsync(cancellationToken);
            addresses = await db.ContractDeployments.AsNoTracking()
                .Where(d => d.ChainId == chainId)
                .ToDictionaryAsync(d => d.Name, d => d.Address, cancellationToken);
        }
        return addresses.TryGetValue(name, out var address)
            ? address
            : throw new ChainUnavailableException($"No {name} deployment is recorded for this chain: run `Guild.Jobs deploy` (or start on an embedded chain).");
    }
}
