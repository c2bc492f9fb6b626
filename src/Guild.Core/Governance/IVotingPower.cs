using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>A block of the chain: its number and unix time.</summary>
public sealed record ChainPoint(long Block, long Timestamp);

/// <summary>The roadmap rules in force on the Governor (voting power, wei).</summary>
public sealed record RoadmapRules(BigInteger ProposalThreshold, BigInteger Quorum);

/// <summary>
/// What roadmap voting needs from the chain, answered by Guild.Chain (the VoteEscrow and the GuildGovernor): Guild.Core
/// stays free of chain libraries, and tests can count on a real chain behind it.
/// </summary>
public interface IVotingPower
{
    /// <summary>The domain votes are signed in: this chain and the Governor.</summary>
    Task<VoteDomain> DomainAsync(CancellationToken cancellationToken);

    /// <summary>The latest block.</summary>
    Task<ChainPoint> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The roadmap rules now.</summary>
    Task<RoadmapRules> RulesAsync(CancellationToken cancellationToken);

    /// <summary>An address's voting power (its lock and what is delegated to it) now.</summary>
    Task<BigInteger> PowerNowAsync(string address, CancellationToken cancellationToken);

    /// <summary>An address's voting power at a snapshot (including delegation).</summary>
    Task<BigInteger> PowerAtAsync(string address, ChainPoint snapshot, CancellationToken cancellationToken);
}
