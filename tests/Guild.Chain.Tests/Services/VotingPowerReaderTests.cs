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
    public async Task GetPastVotes_ManyLockers_ReturnsEachDecayedPowerAtTheSnapshotTime()
    {
        await using var scope = await suite.CreateScopeAsync();
        var token = suite.Addresses["GuildToken"];
        var escrow = suite.Addresses["VoteEscrow"];
        var expected = new Dictionary<string, BigInteger>(StringComparer.OrdinalIgnoreCase);
        var ends = new Dictionary<string, BigInteger>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i <= 24; i++)
        {
            var member = await suite.NewAccountAsync();
            var amount = i * 1_000 * Agi;
            long duration = i % 2 == 0 ? FourYears : FourYears / 4;
            await suite.GrantAgiAsync(member.Address, amount);
            await Send(member.Web3, token, new Token.ApproveFunction { Spender = escrow, Value = amount, FromAddress = member.Address });
            await Send(member.Web3, escrow, new Escrow.CreateLockFunction { Amount = amount, Duration = duration, FromAddress = member.Address });
            var lockOf = await suite.Node.Eth.GetContractQueryHandler<Escrow.LockOfFunction>()
                .QueryDeserializingToObjectAsync<Escrow.LockOfOutputDTO>(new Escrow.LockOfFunction { Account = member.Address }, escrow);
            ends[member.Address] = lockOf.End;
            expected[member.Address] = amount;
        }
        var head = await suite.Node.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(
            new Nethereum.RPC.Eth.DTOs.BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(await AnvilFixture.BlockNumberAsync(suite.Node))));
        var snapshot = (long)head.Timestamp.Value;
        // A day later: the powers must be those of the snapshot time, not of now.
        await suite.WarpAsync(TimeSpan.FromDays(1));
        var outsider = (await suite.NewAccountAsync()).Address;
        foreach (var account in expected.Keys.ToList())
        {
            // Decaying power: slope (amount / 4 years) times the time left, at the snapshot, to the week-rounded end.
            expected[account] = expected[account] / FourYears * (ends[account] - snapshot);
        }

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
        var handler = web3.Eth.GetContractTransactionHandler<TFunction>();
        // Other tests warp the shared chain's clock: an escrow checkpoint that lands weeks later than it was estimated
        // walks more weeks, so the estimate gets the margin a wallet adds.
        function.Gas = (await handler.EstimateGasAsync(contract, function)).Value * 2 + 100_000;
        var receipt = await handler.SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.True(receipt.Status.Value == BigInteger.One, $"{typeof(TFunction).Name} reverted (transaction {receipt.TransactionHash})");
    }
}
