using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Core.Claims;
using Guild.Core.Governance;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Governor = Guild.Chain.Contracts.GuildGovernor;

namespace Guild.Chain.Voting;

/// <summary>
/// <see cref="IVotingPower"/> on the deployed suite: the vote domain is this chain and the GuildGovernor, the roadmap
/// rules are the Governor's, and power is the VoteEscrow's (which includes delegation). Power at a snapshot is
/// <c>getPastVotes(voter, snapshot time)</c> once a later block exists; while the snapshot block is still the head,
/// <c>getVotes</c> read at that very block gives the same value.
/// </summary>
public sealed class RoadmapVotingPower(ChainConnection chain, DeployedContracts contracts) : IVotingPower
{
    public async Task<VoteDomain> DomainAsync(CancellationToken cancellationToken) =>
        new(await chain.GetChainIdAsync(cancellationToken), EthereumAddress.Normalize(await contracts.AddressAsync("GuildGovernor", cancellationToken)));

    public async Task<ChainPoint> HeadAsync(CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return new ChainPoint((long)block.Number.Value, (long)block.Timestamp.Value);
    }

    public async Task<RoadmapRules> RulesAsync(CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var governor = await contracts.AddressAsync("GuildGovernor", cancellationToken);
        var threshold = await web3.Eth.GetContractQueryHandler<Governor.RoadmapProposalThresholdFunction>()
            .QueryAsync<BigInteger>(governor, new Governor.RoadmapProposalThresholdFunction());
        var quorum = await web3.Eth.GetContractQueryHandler<Governor.RoadmapQuorumFunction>()
            .QueryAsync<BigInteger>(governor, new Governor.RoadmapQuorumFunction());
        return new RoadmapRules(threshold, quorum);
    }

    public async Task<BigInteger> PowerNowAsync(string address, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Escrow.GetVotesFunction>()
            .QueryAsync<BigInteger>(await contracts.AddressAsync("VoteEscrow", cancellationToken), new Escrow.GetVotesFunction { Account = address });
    }

    public async Task<BigInteger> PowerAtAsync(string address, ChainPoint snapshot, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var escrow = await contracts.AddressAsync("VoteEscrow", cancellationToken);
        var head = await HeadAsync(cancellationToken);
        if (head.Timestamp > snapshot.Timestamp)
        {
            return await web3.Eth.GetContractQueryHandler<Escrow.GetPastVotesFunction>()
                .QueryAsync<BigInteger>(escrow, new Escrow.GetPastVotesFunction { Account = address, Timepoint = snapshot.Timestamp });
        }
        return await web3.Eth.GetContractQueryHandler<Escrow.GetVotesFunction>()
            .QueryAsync<BigInteger>(escrow, new Escrow.GetVotesFunction { Account = address }, new BlockParameter(new HexBigInteger(snapshot.Block)));
    }
}
