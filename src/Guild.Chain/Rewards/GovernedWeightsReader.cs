using Guild.Chain.Deployment;
using Guild.Core.Allocation.WeightSets;
using Nethereum.RPC.Eth.DTOs;
using Weights = Guild.Chain.Contracts.RewardsWeights;

namespace Guild.Chain.Rewards;

/// <summary>
/// Reads which weight sets governance binds from the <c>RewardsWeights</c> registry: the hash in force (the Timelock
/// sets it after a vote) and the genesis set's, fixed at deployment. Epochs compute with the matching stored document,
/// and the distributor refuses a root computed with any other.
/// </summary>
public sealed class GovernedWeightsReader(ChainConnection chain, DeployedContracts contracts)
{
    public async Task<GovernedWeights> ReadAsync(CancellationToken cancellationToken = default)
    {
        var registry = await contracts.AddressAsync("RewardsWeights", cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var latest = BlockParameter.CreateLatest();
        var inForce = web3.Eth.GetContractQueryHandler<Weights.WeightsHashFunction>().QueryAsync<byte[]>(registry, new Weights.WeightsHashFunction(), latest);
        var genesis = web3.Eth.GetContractQueryHandler<Weights.GenesisWeightsHashFunction>().QueryAsync<byte[]>(registry, new Weights.GenesisWeightsHashFunction(), latest);
        return new GovernedWeights(Hex(await inForce), Hex(await genesis));
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
