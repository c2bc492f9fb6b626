using System.Numerics;
using System.Security.Cryptography;
using Guild.Chain.Rewards;
using Guild.Chain.Transactions;
using Guild.Core.Allocation.WeightSets;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;

namespace Guild.Chain.Tests.Services;

/// <summary>The weight set in force on-chain: the built-in sets at deployment, then what the Timelock records; roots bound by it.</summary>
[Collection(DeployedSuiteCollection.Name)]
public class GovernedWeightsTests(DeployedSuiteFixture suite)
{
    [Fact]
    public async Task Read_FreshDeployment_TheBuiltInDefaultInForceAndTheGenesisSet()
    {
        await using var scope = await suite.CreateScopeAsync();

        var governed = await scope.Weights.ReadAsync();

        Assert.Equal(GovernedWeights.BuiltIn, governed);
    }

    /// <summary>
    /// The Timelock (impersonated on anvil, as an executed proposal would send it) puts a candidate in force: a root
    /// computed with the old set is refused by the distributor, one computed with the candidate is published.
    /// </summary>
    [Fact]
    public async Task SetThroughTheTimelock_RootWithTheOldSetRefused_RootWithTheNewSetPublished()
    {
        await using var scope = await suite.CreateScopeAsync();
        var candidate = "0x" + Convert.ToHexStringLower(SHA256.HashData("a candidate weight set"u8));
        await suite.PassChallengeWindowAsync();
        var epoch = (long)await suite.Node.Eth.GetContractQueryHandler<Distributor.LatestEpochFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.LatestEpochFunction()) + 1;
        await scope.Rewards.FundForEpochAsync(epoch);
        var total = await suite.Node.Eth.GetContractQueryHandler<Distributor.TotalCumulativeFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.TotalCumulativeFunction()) + 1;

        await scope.Treasury.SetWeightsHashAsync(candidate);
        try
        {
            Assert.Equal(candidate, (await scope.Weights.ReadAsync()).InForce);
            var refused = await Assert.ThrowsAsync<ContractRevertedException>(() =>
                scope.Rewards.PublishRootAsync(epoch, RandomNumberGenerator.GetBytes(32), total, new byte[32], DeployedSuiteFixture.WeightsInForce));
            Assert.Equal("RewardsDistributorWeightsNotInForce", refused.ErrorName);
            var error = Assert.IsType<Distributor.RewardsDistributorWeightsNotInForceError>(refused.Error);
            Assert.Equal(candidate, "0x" + Convert.ToHexStringLower(error.InForce));

            Assert.Equal(PublishOutcome.Published,
                await scope.Rewards.PublishRootAsync(epoch, RandomNumberGenerator.GetBytes(32), total, new byte[32], Convert.FromHexString(candidate[2..])));
        }
        finally
        {
            // The suite is shared: put the default back in force.
            await scope.Treasury.SetWeightsHashAsync(GovernedWeights.BuiltIn.InForce);
        }
    }
}
