using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Core.Allocation;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;

namespace Guild.Chain.Rewards;

/// <summary>
/// What the rewards distributor can ever pay: what it has been funded (its balance plus what it has paid out), and what
/// the initial-distribution pool will still release into it as it vests (of which <paramref name="ReleasableNowWei"/>
/// has vested already and is released when a root is published).
/// </summary>
public sealed record RewardsFundingState(BigInteger FundedWei, BigInteger PoolStillToReleaseWei, BigInteger ReleasableNowWei)
{
    public BigInteger AvailableWei => FundedWei + PoolStillToReleaseWei;

    /// <summary>What a claims tree published now can total: the contract refuses a root above what it holds.</summary>
    public BigInteger PayableNowWei => FundedWei + ReleasableNowWei;
}

/// <summary>Reads the distributor's funding from the chain (see <see cref="RewardsFundingState"/>).</summary>
public sealed class RewardsFunding(ChainConnection chain, DeployedContracts contracts)
{
    public async Task<RewardsFundingState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        var pool = await contracts.AddressAsync(SuiteDeployer.DistributionVesting, cancellationToken);
        var balance = await web3.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = distributor });
        var paid = await web3.Eth.GetContractQueryHandler<Token.RewardsPaidFunction>().QueryAsync<BigInteger>(token, new Token.RewardsPaidFunction { Payer = distributor });
        var released = await web3.Eth.GetContractQueryHandler<Vesting.ReleasedTokenFunction>().QueryAsync<BigInteger>(pool, new Vesting.ReleasedTokenFunction { Token = token });
        var releasable = await web3.Eth.GetContractQueryHandler<Vesting.ReleasableTokenFunction>().QueryAsync<BigInteger>(pool, new Vesting.ReleasableTokenFunction { Token = token });
        return new RewardsFundingState(balance + paid, BigInteger.Max(BigInteger.Zero, GenesisVesting.PoolWei - released), releasable);
    }
}
