using System.Numerics;
using Guild.Chain.Deployment;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;

namespace Guild.Chain.Claims;

/// <summary>What an account has already claimed from the distributor: the tree's cumulative amount minus this is what a claim pays now.</summary>
public sealed class ClaimedAmounts(ChainConnection chain, DeployedContracts contracts)
{
    public async Task<BigInteger> OfAsync(string account, CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Distributor.ClaimedFunction>()
            .QueryAsync<BigInteger>(distributor, new Distributor.ClaimedFunction { Account = account }, BlockParameter.CreateLatest());
    }

    /// <summary>The transaction input of <c>claim(account, cumulativeAmount, proof)</c>: any sender may submit it; the tokens go to the account.</summary>
    public static string Calldata(ClaimData claim) =>
        new Distributor.ClaimFunction { Account = claim.Account, CumulativeAmount = claim.CumulativeAmount, Proof = claim.Proof.ToList() }.GetCallData().ToHex(prefix: true);
}
