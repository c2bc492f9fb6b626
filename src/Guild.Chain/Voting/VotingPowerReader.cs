using System.Collections.Concurrent;
using System.Numerics;
using Guild.Chain.Deployment;
using Escrow = Guild.Chain.Contracts.VoteEscrow;

namespace Guild.Chain.Voting;

/// <summary>
/// Voting power of many accounts at one past time (the snapshot of an off-chain proposal: its block's timestamp, since
/// the escrow's ERC-6372 clock is the timestamp and power decays with it), read from the VoteEscrow's ERC-5805
/// <c>getPastVotes</c> with a bounded number of calls in flight, so a large electorate neither crawls nor floods the node.
/// </summary>
public sealed class VotingPowerReader(ChainConnection chain, DeployedContracts contracts)
{
    public const int MaxParallelCalls = 16;

    /// <param name="accounts">Addresses.</param>
    /// <param name="timestamp">A unix time before the latest block's (the escrow refuses the present and the future).</param>
    public async Task<IReadOnlyDictionary<string, BigInteger>> GetPastVotesAsync(IReadOnlyCollection<string> accounts, long timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        foreach (var account in accounts)
        {
            if (!Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(account))
            {
                throw new ArgumentException($"'{account}' is not an address.", nameof(accounts));
            }
        }
        var escrow = await contracts.AddressAsync("VoteEscrow", cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var query = web3.Eth.GetContractQueryHandler<Escrow.GetPastVotesFunction>();
        var votes = new ConcurrentDictionary<string, BigInteger>(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(accounts.Distinct(StringComparer.OrdinalIgnoreCase),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCalls, CancellationToken = cancellationToken },
            async (account, _) => votes[account] = await query.QueryAsync<BigInteger>(escrow,
                new Escrow.GetPastVotesFunction { Account = account, Timepoint = timestamp }));
        return votes;
    }
}
