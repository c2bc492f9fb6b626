using System.Numerics;

namespace Guild.Core.Governance;

public sealed record RoadmapProposalNotFoundError(long Id) : DomainError($"There is no roadmap proposal {Id}.");

public sealed record NoWalletError()
    : DomainError("Link a wallet first (on My rewards): proposals and votes are weighed by the voting power of your wallet.");

public sealed record ProposerPowerTooLowError(BigInteger Power, BigInteger Threshold)
    : DomainError($"Opening a roadmap proposal takes {Agi(Threshold)} of voting power; your wallet has {Agi(Power)}. Lock more $AGI, or for longer, on the Stake page.")
{
    internal static string Agi(BigInteger wei) => AgiAmount.Format(wei);
}

public sealed record MarkdownUnsafeError(IReadOnlyList<string> Removed)
    : DomainError("The body carries markup that is not allowed in a proposal (" + string.Join(", ", Removed) + "): remove it and submit again.");

public sealed record VotingNotOpenError(DateTimeOffset StartsAt)
    : DomainError($"Voting on this proposal opens at {StartsAt:u}.");

public sealed record VotingClosedError(DateTimeOffset EndsAt)
    : DomainError($"Voting on this proposal closed at {EndsAt:u}; the result is final.");

public sealed record VoteSignatureMismatchError(string Claimed, string? Recovered)
    : DomainError(Recovered is null
        ? "The signature is not a valid signature of anyone."
        : $"The signature is not {Claimed}'s signature of this vote: it was signed for another proposal, chain or content (it recovers to {Recovered}).");

public sealed record VoteReplayedError()
    : DomainError("This exact vote is already counted: a signed vote counts once.");

public sealed record VoteOutdatedError(long CountedTimestamp)
    : DomainError($"A vote of yours signed later (at {CountedTimestamp}) is already counted: sign a new vote to change it.");

public sealed record NoVotingPowerError(string Voter, long SnapshotBlock)
    : DomainError($"{Voter} had no voting power at the proposal's snapshot (block {SnapshotBlock}): only $AGI locked (or delegated) before it counts.");

public sealed record DelegationSignatureError(string Reason) : DomainError($"The delegation was not sent: {Reason}.");
