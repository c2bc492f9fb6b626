using System.Numerics;
using Guild.Chain.Claims;
using Guild.Chain.Transactions;
using Guild.Core.Claims;
using Nethereum.Signer;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Chain.Tests.Services;

/// <summary>Trees built by Guild.Core verify in the Solidity distributor: every proof of a 1,000-leaf tree, and cumulative claims across epochs.</summary>
[Collection(DeployedSuiteCollection.Name)]
public class ClaimsOnChainTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;

    private string Distributor => suite.Addresses["RewardsDistributor"];

    private async Task<BigInteger> ReadAsync<TFunction>(string contract, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
        await suite.Node.Eth.GetContractQueryHandler<TFunction>().QueryAsync<BigInteger>(contract, function);

    private async Task<ClaimsTree> PublishAsync(DeployedSuiteFixture.Scope scope, Dictionary<string, BigInteger> cumulative)
    {
        var epoch = (long)await ReadAsync(Distributor, new Distributor.LatestEpochFunction()) + 1;
        await suite.WarpAsync(TimeSpan.FromDays(20));
        await scope.Rewards.FundForEpochAsync(epoch);
        var tree = ClaimsTree.Build(cumulative);
        // The on-chain total is cumulative across every tree the distributor has seen (other tests publish too).
        var previous = await ReadAsync(Distributor, new Distributor.TotalCumulativeFunction());
        var total = BigInteger.Max(previous, 0) + cumulative.Values.Aggregate(BigInteger.Zero, (a, b) => a + b);
        await scope.Rewards.PublishRootAsync(epoch, ClaimData.Bytes(tree.Root), total, new byte[32]);
        return tree;
    }

    [Fact]
    public async Task ThousandLeafTree_EveryProofVerifiesInTheDistributor_AndClaimsPayExactly()
    {
        await using var scope = await suite.CreateScopeAsync();
        var random = new Random(1000);
        var cumulative = Enumerable.Range(0, 1000).ToDictionary(
            _ => EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(),
            _ => new BigInteger(random.NextInt64(1, 1_000)) * Agi / 1000);
        var tree = await PublishAsync(scope, cumulative);
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
                Account = data.Account, CumulativeAmount = data.CumulativeAmount, Proof = [.. data.Proof], FromAddress = claimer.Address,
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

        var first = await PublishAsync(scope, new() { [alice] = 10 * Agi, [bob] = 5 * Agi });
        await handler.SendRequestAndWaitForReceiptAsync(Distributor, Claim(first, alice));
        var second = await PublishAsync(scope, new() { [alice] = 25 * Agi, [bob] = 12 * Agi });
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
}
