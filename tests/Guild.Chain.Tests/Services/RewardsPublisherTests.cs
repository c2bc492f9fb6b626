using System.Numerics;
using System.Security.Cryptography;
using Guild.Chain.Rewards;
using Guild.Chain.Transactions;
using Guild.Core.Chain;
using Microsoft.EntityFrameworkCore;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;

namespace Guild.Chain.Tests.Services;

[Collection(DeployedSuiteCollection.Name)]
public class RewardsPublisherTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;

    /// <summary>The epoch to publish next. Lets the latest root's challenge window pass first, so that it can be published.</summary>
    private async Task<long> NextEpochAsync()
    {
        await suite.PassChallengeWindowAsync();
        return (long)await suite.Node.Eth.GetContractQueryHandler<Distributor.LatestEpochFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.LatestEpochFunction()) + 1;
    }

    /// <summary>Totals are cumulative: each epoch's is the previous one (claimable by now) plus this epoch's budget.</summary>
    private async Task<BigInteger> NextTotalAsync(BigInteger budget) =>
        await suite.Node.Eth.GetContractQueryHandler<Distributor.TotalCumulativeFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["RewardsDistributor"], new Distributor.TotalCumulativeFunction()) + budget;

    private async Task<(long Epoch, byte[] Root, BigInteger Total)> PublishFundedAsync(DeployedSuiteFixture.Scope scope)
    {
        var epoch = await NextEpochAsync();
        await scope.Rewards.FundForEpochAsync(epoch);
        var root = RandomNumberGenerator.GetBytes(32);
        var total = await NextTotalAsync(Agi);
        Assert.Equal(PublishOutcome.Published, await scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce));
        return (epoch, root, total);
    }

    private async Task<byte[]> RootOnChainAsync(long epoch) =>
        await suite.Node.Eth.GetContractQueryHandler<Distributor.RootOfFunction>()
            .QueryAsync<byte[]>(suite.Addresses["RewardsDistributor"], new Distributor.RootOfFunction { Epoch = epoch });

    [Fact]
    public async Task PublishRoot_ThenSameRootAgain_PublishesOnceAndReportsAlreadyPublished()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.WarpAsync(TimeSpan.FromDays(10));
        var epoch = await NextEpochAsync();
        var funded = await scope.Rewards.FundForEpochAsync(epoch);
        var root = RandomNumberGenerator.GetBytes(32);
        var total = await NextTotalAsync(Agi);
        Assert.True(funded >= total);

        var first = await scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce);
        var second = await scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce);

        Assert.Equal(PublishOutcome.Published, first);
        Assert.Equal(PublishOutcome.AlreadyPublished, second);
        Assert.Equal(root, await RootOnChainAsync(epoch));
        var sent = await scope.Db.ChainTransactions.SingleAsync(t => t.Purpose == $"rewards.publish-root:{epoch}");
        Assert.Equal(ChainTransactionStatus.Confirmed, sent.Status);
    }

    [Fact]
    public async Task PublishRoot_DifferentRootForAPublishedEpoch_FailsLoudly()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var epoch = await NextEpochAsync();
        await scope.Rewards.FundForEpochAsync(epoch);
        var root = RandomNumberGenerator.GetBytes(32);
        var total = await NextTotalAsync(Agi);
        await scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce);

        var error = await Assert.ThrowsAsync<EpochRootConflictException>(() =>
            scope.Rewards.PublishRootAsync(epoch, RandomNumberGenerator.GetBytes(32), total, new byte[32], DeployedSuiteFixture.WeightsInForce));

        Assert.Equal(epoch, error.Epoch);
        Assert.Equal(root, await RootOnChainAsync(epoch));
    }

    [Fact]
    public async Task PublishRoot_TotalAboveFunding_IsRefusedWithTheDecodedErrorAndNothingStored()
    {
        await using var scope = await suite.CreateScopeAsync();
        var epoch = await NextEpochAsync();
        var tooMuch = 3_000_000_000 * Agi; // more than the whole distribution pool

        var error = await Assert.ThrowsAsync<ContractRevertedException>(() =>
            scope.Rewards.PublishRootAsync(epoch, RandomNumberGenerator.GetBytes(32), tooMuch, new byte[32], DeployedSuiteFixture.WeightsInForce));

        Assert.Equal("RewardsDistributorUnderfunded", error.ErrorName);
        Assert.Equal(tooMuch, Assert.IsType<Distributor.RewardsDistributorUnderfundedError>(error.Error).TotalCumulative);
        Assert.False(await scope.Db.ChainTransactions.AnyAsync(t => t.Purpose == $"rewards.publish-root:{epoch}"));
    }

    [Fact]
    public async Task PublishRoot_NodeFailsWhileBroadcasting_ResumesWithTheSameSignedTransaction()
    {
        await using var proxy = new FaultyRpcProxy(suite.RpcUrl);
        await using var scope = await suite.CreateScopeAsync(proxy.Url);
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var epoch = await NextEpochAsync();
        await scope.Rewards.FundForEpochAsync(epoch);
        var root = RandomNumberGenerator.GetBytes(32);
        var total = await NextTotalAsync(Agi);
        var signer = (await scope.Signer.GetAsync()).Address;
        var nonceBefore = await suite.Node.Eth.Transactions.GetTransactionCount.SendRequestAsync(signer);

        // The job "crashes": every broadcast attempt fails after the transaction was signed and stored.
        proxy.FailNext("eth_sendRawTransaction", 100);
        await Assert.ThrowsAnyAsync<Exception>(() => scope.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce));
        var stored = await scope.Db.ChainTransactions.AsNoTracking().SingleAsync(t => t.Purpose == $"rewards.publish-root:{epoch}");
        Assert.Equal(ChainTransactionStatus.Signed, stored.Status);
        Assert.True(proxy.Failed >= 1);

        // The retry (a new job run, a new scope) finds the stored transaction and sends those same bytes.
        proxy.FailNext("eth_sendRawTransaction", 0);
        await using var retry = await suite.CreateScopeAsync(proxy.Url);
        var outcome = await retry.Rewards.PublishRootAsync(epoch, root, total, new byte[32], DeployedSuiteFixture.WeightsInForce);

        Assert.Equal(PublishOutcome.Published, outcome);
        var confirmed = await retry.Db.ChainTransactions.AsNoTracking().SingleAsync(t => t.Purpose == $"rewards.publish-root:{epoch}");
        Assert.Equal(stored.Hash, confirmed.Hash);
        Assert.Equal(ChainTransactionStatus.Confirmed, confirmed.Status);
        Assert.Equal(nonceBefore.Value + 1, (await suite.Node.Eth.Transactions.GetTransactionCount.SendRequestAsync(signer)).Value);
        Assert.Equal(root, await RootOnChainAsync(epoch));
    }

    [Fact]
    public async Task PublishRoot_WhileTheLatestRootIsInItsWindow_IsRefusedWithWhenItBecomesClaimable()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var (epoch, _, total) = await PublishFundedAsync(scope);

        var error = await Assert.ThrowsAsync<ContractRevertedException>(() =>
            scope.Rewards.PublishRootAsync(epoch + 1, RandomNumberGenerator.GetBytes(32), total, new byte[32], DeployedSuiteFixture.WeightsInForce));

        Assert.Equal("RewardsDistributorRootPending", error.ErrorName);
        var pending = Assert.IsType<Distributor.RewardsDistributorRootPendingError>(error.Error);
        var state = await scope.Rewards.StateAsync();
        Assert.Equal(epoch, (long)pending.PendingEpoch);
        Assert.Equal(state.Pending!.ClaimableAt.ToUnixTimeSeconds(), (long)pending.ClaimableAt);
        Assert.False(await scope.Db.ChainTransactions.AnyAsync(t => t.Purpose == $"rewards.publish-root:{epoch + 1}"));
    }

    [Fact]
    public async Task State_AfterPublishing_ShowsThePendingRootUntilItsWindowPasses()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var before = await scope.Rewards.StateAsync();
        var (epoch, root, total) = await PublishFundedAsync(scope);
        var hex = "0x" + Convert.ToHexStringLower(root);

        var pending = await scope.Rewards.StateAsync();

        Assert.Equal(epoch, pending.LatestEpoch);
        Assert.Equal(epoch - 1, pending.ClaimableEpoch);
        Assert.Equal(before.ClaimableRoot, pending.ClaimableRoot);
        Assert.Equal(new PendingRoot(epoch, hex, total, pending.ChainTime + DeployedSuiteFixture.ChallengePeriod), pending.Pending);
        Assert.Equal(DeployedSuiteFixture.ChallengePeriod, pending.ChallengePeriod);
        Assert.Null(pending.Guardian);
        Assert.False(pending.Paused);
        Assert.True(pending.Funded >= total);
        Assert.Equal(pending.Funded - pending.TotalClaimed, await BalanceAsync(suite.Addresses["RewardsDistributor"]));

        await suite.PassChallengeWindowAsync();
        var claimable = await scope.Rewards.StateAsync();

        Assert.Equal(epoch, claimable.LatestEpoch);
        Assert.Equal(epoch, claimable.ClaimableEpoch);
        Assert.Equal(hex, claimable.ClaimableRoot);
        Assert.Equal(total, claimable.ClaimableTotal);
        Assert.Null(claimable.Pending);
    }

    [Fact]
    public async Task PublishRoot_VetoedByTheTimelock_IsNotSentAgain_AndARecomputedRootPublishes()
    {
        await using var scope = await suite.CreateScopeAsync();
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var (epoch, vetoed, total) = await PublishFundedAsync(scope);
        await suite.AsTimelock(suite.Addresses["RewardsDistributor"], new Distributor.VetoRootFunction { Epoch = epoch });

        var error = await Assert.ThrowsAsync<EpochRootVetoedException>(() => scope.Rewards.PublishRootAsync(epoch, vetoed, total, new byte[32], DeployedSuiteFixture.WeightsInForce));
        Assert.Equal(epoch, error.Epoch);
        Assert.Equal(epoch - 1, (await scope.Rewards.StateAsync()).LatestEpoch);

        var recomputed = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(PublishOutcome.Published, await scope.Rewards.PublishRootAsync(epoch, recomputed, total, new byte[32], DeployedSuiteFixture.WeightsInForce));
        Assert.Equal(PublishOutcome.AlreadyPublished, await scope.Rewards.PublishRootAsync(epoch, recomputed, total, new byte[32], DeployedSuiteFixture.WeightsInForce));
        Assert.Equal(recomputed, await RootOnChainAsync(epoch));
        var purposes = await scope.Db.ChainTransactions.Where(t => t.Purpose.StartsWith($"rewards.publish-root:{epoch}")).Select(t => t.Purpose).ToListAsync();
        Assert.Equal([$"rewards.publish-root:{epoch}", $"rewards.publish-root:{epoch}:0x{Convert.ToHexStringLower(recomputed)}"], purposes.Order());
    }

    private async Task<BigInteger> BalanceAsync(string account) =>
        await suite.Node.Eth.GetContractQueryHandler<Contracts.GuildToken.BalanceOfFunction>()
            .QueryAsync<BigInteger>(suite.Addresses["GuildToken"], new Contracts.GuildToken.BalanceOfFunction { Account = account });

    [Fact]
    public async Task PublishRoot_BadInput_IsRejectedBeforeTouchingTheChain()
    {
        await using var scope = await suite.CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Rewards.PublishRootAsync(1, new byte[31], 1, new byte[32], DeployedSuiteFixture.WeightsInForce));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Rewards.PublishRootAsync(-1, new byte[32], 1, new byte[32], DeployedSuiteFixture.WeightsInForce));
    }
}
