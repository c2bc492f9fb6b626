using System.Numerics;
using Guild.Testing;
using Nethereum.Web3;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Chain.Tests.Services;

[Collection(DeployedSuiteCollection.Name)]
public class VotingPowerReaderTests(DeployedSuiteFixture suite)
{
    private static readonly BigInteger Agi = DeployedSuiteFixture.Agi;
    private const long FourYears = 4L * 365 * 24 * 3600;

    [Fact]
    public async Task GetPastVotes_ManyLockers_ReturnsEachPowerAtTheSnapshotBlock()
    {
        await using var scope = await suite.CreateScopeAsync();
        var token = suite.Addresses["GuildToken"];
        var escrow = suite.Addresses["VoteEscrow"];
        var expected = new Dictionary<string, BigInteger>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i <= 24; i++)
        {
            var member = await suite.NewAccountAsync();
            var amount = i * 1_000 * Agi;
            long duration = i % 2 == 0 ? FourYears : FourYears / 4;
            await suite.GrantAgiAsync(member.Address, amount);
            await Send(member.Web3, token, new Token.ApproveFunction { Spender = escrow, Value = amount, FromAddress = member.Address });
            await Send(member.Web3, escrow, new Escrow.CreateLockFunction { Amount = amount, Duration = duration, FromAddress = member.Address });
            expected[member.Address] = amount * duration / FourYears; // power fixed at lock: amount × duration / 4 years
        }
        var snapshot = await AnvilFixture.BlockNumberAsync(suite.Node);
        await AnvilFixture.MineAsync(suite.Node, 1);
        var outsider = (await suite.NewAccountAsync()).Address;

        var votes = await scope.Votes.GetPastVotesAsync([.. expected.Keys, outsider], snapshot);

        Assert.Equal(25, votes.Count);
        foreach (var (account, power) in expected)
        {
            Assert.Equal(power, votes[account]);
        }
        Assert.Equal(BigInteger.Zero, votes[outsider]);
    }

    [Fact]
    public async Task GetPastVotes_NotAnAddress_IsRejected()
    {
        await using var scope = await suite.CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Votes.GetPastVotesAsync(["not-an-address"], 1));
    }

    private static async Task Send<TFunction>(IWeb3 web3, string contract, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
    }
}
