using System.Numerics;
using Guild.Chain.Claims;
using Guild.Chain.Transactions;
using Guild.Core.Claims;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Chain.Tests.Services;

/// <summary>
/// Trees built by Guild.Core verify in the Solidity distributor: every proof of a 1,000-leaf tree, cumulative claims
/// across epochs, and only once a root's challenge window has passed (a vetoed root never pays).
/// </summary>
[Collection(DeployedSuiteCollection.Name)]
public class ClaimsOnChainTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;

    private string Distributor => suite.Addresses["RewardsDistributor"];

    private async Task<BigInteger> ReadAsync<TFunction>(string contract, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
        await suite.Node.Eth.GetContractQueryHandler<TFunction>().QueryAsync<BigInteger>(contract, function);

    /// <summary>Funds and publishes the next epoch's tree, then (unless told not to) lets its challenge window pass.</summary>
    private async Task<(ClaimsTree Tree, long Epoch)> PublishAsync(DeployedSuiteFixture.Scope scope, Dictionary<string, BigInteger> cumulative, bool passWindow = true)
    {
        var epoch = (long)await ReadAsync(Distributor, new Distributor.LatestEpochFunction()) + 1;
        await suite.WarpAsync(TimeSpan.FromDays(20));
        await scope.Rewards.FundForEpochAsync(epoch);
        var tree = ClaimsTree.Build(cumulative);
        // The on-chain total is cumulative across every tree the distributor has seen (other tests publish too).
        var previous = await ReadAsync(Distributor, new Distributor.TotalCumulativeFunction());
        var total = BigInteger.Max(previous, 0) + cumulative.Values.Aggregate(BigInteger.Zero, (a, b) => a + b);
        await scope.Rewards.PublishRootAsync(epoch, ClaimData.Bytes(tree.Root), total, new byte[32], DeployedSuiteFixture.WeightsInForce);
        if (passWindow)
        {
            await suite.PassChallengeWindowAsync();
        }
        return (tree, epoch);
    }

    private static Distributor.ClaimFunction Claim(ClaimsTree tree, string account, string from)
    {
        var data = ClaimData.From(tree, account);
        return new Distributor.ClaimFunction { Account = data.Account, CumulativeAmount = data.CumulativeAmount, Proof = [.. data.Proof], FromAddress = from };
    }

    private static string RevertName(Exception error) => Assert.IsType<ContractRevertedException>(RevertDecoder.Decode(error, "claim")).ErrorName;

    [Fact]
    public async Task ThousandLeafTree_EveryProofVerifiesInTheDistributor_AndClaimsPayExactly()
    {
        await using var scope = await suite.CreateScopeAsync();
        var random = new Random(1000);
        var cumulative = Enumerable.Range(0, 1000).ToDictionary(
            _ => EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(),
            _ => new BigInteger(random.NextInt64(1, 1_000)) * Agi / 1000);
        var (tree, _) = await PublishAsync(scope, cumulative);
        var claimer = await suite.NewAccountAsync();
        var claim = claimer.Web3.Eth.GetContractTransactionHandler<Distributor.ClaimFunction>();

        // Every proof: a static call of claim() succeeds only if the distributor accepts it.
        foreach (var account in cumulative.Keys)
        {
            var data = ClaimData.From(tree, account);
            var function = new Distributor.ClaimFunction { Account = data.Account, CumulativeAmount = data.CumulativeAmount, Proof = [.. data.Proof], FromAddress = claimer.Address };
            await claim.EstimateGasAsync(Distributor, function);
        }

        // A few real claims pay exactly the cumulative amount to the account, whoever sends them.
        foreach (var account in cumulative.Keys.Take(5))
        {
            var data = ClaimData.From(tree, account);
            await claim.SendRequestAndWaitForReceiptAsync(Distributor, new Distributor.ClaimFunction
            {
                Account = data.Account,
                CumulativeAmount = data.CumulativeAmount,
                Proof = [.. data.Proof],
                FromAddress = claimer.Address,
            });
            Assert.Equal(cumulative[account], await ReadAsync(suite.Addresses["GuildToken"], new Token.BalanceOfFunction { Account = account }));
        }
    }

    [Fact]
    public async Task NextEpoch_HigherCumulativeAmount_OneClaimPaysOnlyTheDifference()
    {
        await using var scope = await suite.CreateScopeAsync();
        var alice = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var bob = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var claimer = await suite.NewAccountAsync();
        var handler = claimer.Web3.Eth.GetContractTransactionHandler<Distributor.ClaimFunction>();
        Distributor.ClaimFunction Claim(ClaimsTree tree, string account)
        {
            var data = ClaimData.From(tree, account);
            return new Distributor.ClaimFunction { Account = data.Account, CumulativeAmount = data.CumulativeAmount, Proof = [.. data.Proof], FromAddress = claimer.Address };
        }

        var (first, _) = await PublishAsync(scope, new() { [alice] = 10 * Agi, [bob] = 5 * Agi });
        await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(first, alice));
        var (second, _) = await PublishAsync(scope, new() { [alice] = 25 * Agi, [bob] = 12 * Agi });
        await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(second, alice));
        await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(second, bob)); // bob skipped epoch one: one claim covers both

        var token = suite.Addresses["GuildToken"];
        Assert.Equal(25 * Agi, await ReadAsync(token, new Token.BalanceOfFunction { Account = alice }));
        Assert.Equal(12 * Agi, await ReadAsync(token, new Token.BalanceOfFunction { Account = bob }));
        Assert.Equal(25 * Agi, await ReadAsync(Distributor, new Distributor.ClaimedFunction { Account = alice }));
        var again = await Assert.ThrowsAnyAsync<Exception>(() => handler.EstimateGasAsync(Distributor, Claim(second, alice)));
        var decoded = Assert.IsType<ContractRevertedException>(RevertDecoder.Decode(again, "claim again"));
        Assert.Equal("RewardsDistributorNothingToClaim", decoded.ErrorName);
    }

    [Fact]
    public async Task Claim_BeforeTheChallengeWindowPasses_IsRefused_AfterEvmIncreaseTime_Pays()
    {
        await using var scope = await suite.CreateScopeAsync();
        var alice = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var claimer = await suite.NewAccountAsync();
        var handler = claimer.Web3.Eth.GetContractTransactionHandler<Distributor.ClaimFunction>();
        var (tree, _) = await PublishAsync(scope, new() { [alice] = 7 * Agi }, passWindow: false);

        var early = await Assert.ThrowsAnyAsync<Exception>(() => handler.EstimateGasAsync(Distributor, Claim(tree, alice, claimer.Address)));
        Assert.Equal("RewardsDistributorInvalidProof", RevertName(early));

        await suite.Node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", (long)DeployedSuiteFixture.ChallengePeriod.TotalSeconds));
        await suite.Node.Client.SendRequestAsync(new RpcRequest(2, "evm_mine"));
        var receipt = await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(tree, alice, claimer.Address));

        Assert.Equal(BigInteger.One, receipt.Status.Value);
        Assert.Equal(7 * Agi, await ReadAsync(suite.Addresses["GuildToken"], new Token.BalanceOfFunction { Account = alice }));
    }

    [Fact]
    public async Task VetoByTheTimelock_TheVetoedRootNeverPays_AndThePreviousRootStillDoes()
    {
        await using var scope = await suite.CreateScopeAsync();
        var alice = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var mallory = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var claimer = await suite.NewAccountAsync();
        var handler = claimer.Web3.Eth.GetContractTransactionHandler<Distributor.ClaimFunction>();
        var (honest, _) = await PublishAsync(scope, new() { [alice] = 10 * Agi });
        // The publisher's key turns rogue: the next root pays a stranger a million $AGI.
        var (drain, epoch) = await PublishAsync(scope, new() { [alice] = 10 * Agi, [mallory] = 1_000_000 * Agi }, passWindow: false);

        var receipt = await suite.AsTimelock(Distributor, new Distributor.VetoRootFunction { Epoch = epoch });

        var vetoed = Assert.Single(receipt.DecodeAllEvents<Distributor.RootVetoedEventDTO>()).Event;
        Assert.Equal(epoch, (long)vetoed.Epoch);
        Assert.Equal(ClaimData.Bytes(drain.Root), vetoed.Root);
        Assert.Equal(suite.Addresses["TimelockController"], vetoed.By, ignoreCase: true);
        await suite.PassChallengeWindowAsync();
        var state = await scope.Rewards.StateAsync();
        Assert.Equal(epoch - 1, state.LatestEpoch);
        Assert.Equal(epoch - 1, state.ClaimableEpoch);
        Assert.Null(state.Pending);

        var stolen = await Assert.ThrowsAnyAsync<Exception>(() => handler.EstimateGasAsync(Distributor, Claim(drain, mallory, claimer.Address)));
        Assert.Equal("RewardsDistributorInvalidProof", RevertName(stolen));
        await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(honest, alice, claimer.Address));
        Assert.Equal(10 * Agi, await ReadAsync(suite.Addresses["GuildToken"], new Token.BalanceOfFunction { Account = alice }));
        Assert.Equal(BigInteger.Zero, await ReadAsync(suite.Addresses["GuildToken"], new Token.BalanceOfFunction { Account = mallory }));
    }
}
