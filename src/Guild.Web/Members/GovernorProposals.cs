using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Guild.Chain;
using Guild.Chain.Deployment;
using Guild.Core.Claims;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Governor = Guild.Chain.Contracts.GuildGovernor;

namespace Guild.Web.Members;

/// <summary>
/// A Governor proposal as the governance page shows it: what it does (from its indexed <c>ProposalCreated</c> event), its
/// state, votes and timings read from the chain, and the calldata of the next step (queue, then execute).
/// </summary>
public sealed record GovernorProposal(
    BigInteger Id,
    string Proposer,
    string Description,
    string State,
    BigInteger For,
    BigInteger Against,
    BigInteger Abstain,
    long VoteStart,
    long VoteEnd,
    long Eta,
    BigInteger Quorum,
    string QueueCalldata,
    string ExecuteCalldata);

/// <summary>The Governor's rules now.</summary>
public sealed record GovernorRules(BigInteger ProposalThreshold, BigInteger QuorumFloor, long VotingDelay, long VotingPeriod, BigInteger RoadmapThreshold, BigInteger RoadmapQuorum);

public sealed class GovernorProposals(GuildDbContext db, ChainConnection chain, DeployedContracts contracts)
{
    private static readonly string[] States = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

    public async Task<string> AddressAsync(CancellationToken cancellationToken) => await contracts.AddressAsync("GuildGovernor", cancellationToken);

    public async Task<GovernorRules> RulesAsync(CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var governor = await AddressAsync(cancellationToken);
        Task<BigInteger> Read<TFunction>() where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
            web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<BigInteger>(governor, new TFunction());
        return new GovernorRules(await Read<Governor.ProposalThresholdFunction>(), await Read<Governor.QuorumFloorFunction>(),
            (long)await Read<Governor.VotingDelayFunction>(), (long)await Read<Governor.VotingPeriodFunction>(),
            await Read<Governor.RoadmapProposalThresholdFunction>(), await Read<Governor.RoadmapQuorumFunction>());
    }

    public async Task<IReadOnlyList<GovernorProposal>> ListAsync(CancellationToken cancellationToken)
    {
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var payloads = await db.ChainEvents.AsNoTracking()
            .Where(e => e.ChainId == chainId && e.Contract == "GuildGovernor" && e.Name == "ProposalCreated")
            .OrderByDescending(e => e.BlockNumber).ThenByDescending(e => e.LogIndex).Select(e => e.Payload).ToListAsync(cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var governor = await AddressAsync(cancellationToken);
        var list = new List<GovernorProposal>();
        foreach (var payload in payloads)
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            var id = BigInteger.Parse(root.GetProperty("proposalId").GetString()!, CultureInfo.InvariantCulture);
            var targets = Array(root, "targets");
            var values = Array(root, "values").Select(v => BigInteger.Parse(v, CultureInfo.InvariantCulture)).ToList();
            var calldatas = Array(root, "calldatas").Select(c => c.HexToByteArray()).ToList();
            var description = root.GetProperty("description").GetString() ?? "";
            var descriptionHash = new byte[32];
            Keccak256.Hash(Encoding.UTF8.GetBytes(description), descriptionHash);

            var state = await web3.Eth.GetContractQueryHandler<Governor.StateFunction>().QueryAsync<byte>(governor, new Governor.StateFunction { ProposalId = id });
            var votes = await web3.Eth.GetContractQueryHandler<Governor.ProposalVotesFunction>()
                .QueryDeserializingToObjectAsync<Governor.ProposalVotesOutputDTO>(new Governor.ProposalVotesFunction { ProposalId = id }, governor);
            var eta = await web3.Eth.GetContractQueryHandler<Governor.ProposalEtaFunction>().QueryAsync<BigInteger>(governor, new Governor.ProposalEtaFunction { ProposalId = id });
            var snapshot = long.Parse(root.GetProperty("voteStart").GetString()!, CultureInfo.InvariantCulture);
            var quorum = state == 0 ? BigInteger.Zero : await web3.Eth.GetContractQueryHandler<Governor.QuorumFunction>()
                .QueryAsync<BigInteger>(governor, new Governor.QuorumFunction { Timepoint = snapshot });
            list.Add(new GovernorProposal(id, root.GetProperty("proposer").GetString()!, description, States[state], votes.ForVotes, votes.AgainstVotes,
                votes.AbstainVotes, snapshot, long.Parse(root.GetProperty("voteEnd").GetString()!, CultureInfo.InvariantCulture), (long)eta, quorum,
                new Governor.QueueFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = descriptionHash }.GetCallData().ToHex(true),
                new Governor.ExecuteFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = descriptionHash }.GetCallData().ToHex(true)));
        }
        return list;
    }

    /// <summary>Array fields are stored as a JSON array inside the string (see EventDecoder).</summary>
    private static List<string> Array(JsonElement root, string name)
    {
        var text = root.GetProperty(name).GetString() ?? "[]";
        return JsonSerializer.Deserialize<List<string>>(text) ?? [];
    }
}
