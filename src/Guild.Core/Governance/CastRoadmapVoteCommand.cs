using Guild.Core.Claims;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Governance;

/// <summary>
/// A signed vote as a wallet produced it: the typed data's message fields, the claimed voter and the signature. On a
/// private proposal the choices and reason travel encrypted in <see cref="Ballot"/> (0x-hex) and stay null here.
/// </summary>
public sealed record SignedVoteInput(string? Voter, IReadOnlyList<int>? Choices, string? Reason, long Timestamp, string? Signature, string? Ballot = null);

/// <summary>What casting did: the counted vote, and whether it replaced an earlier one.</summary>
public sealed record CastVoteResult(RoadmapVote Vote, bool Replaced);

/// <summary>
/// Counts a signed roadmap vote. The signature must recover, over the EIP-712 vote for this proposal in this chain's
/// domain, to the claimed voter; the voter must have voting power at the snapshot; the vote must come while the
/// proposal is open and be signed within it. One vote per address counts: a later-signed vote replaces it until the
/// end, the same vote twice is refused, and an older one too. Every refusal leaves the stored votes as they were. On
/// SQLite the vote's write takes its turn (<see cref="SqliteWriteTurns"/>) rather than colliding with other votes.
/// On a private proposal the signed message is a <see cref="PrivateVoteTypedData"/> over the encrypted ballot: the same
/// rules hold, the envelope's shape is checked, and the ballot is stored as signed, unopened until the end.
/// </summary>
public sealed class CastRoadmapVoteCommand(GuildDbContext db, IVotingPower chain, TimeProvider time)
{
    public const int MaxReason = 1_000;

    /// <summary>How far ahead of the server's clock a signed timestamp may be (wallet clocks drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<Outcome<CastVoteResult>> ExecuteAsync(long proposalId, SignedVoteInput input, CancellationToken cancellationToken)
    {
        var proposal = await db.RoadmapProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        if (proposal is null)
        {
            return new RoadmapProposalNotFoundError(proposalId);
        }
        var now = time.GetUtcNow();
        if (now < proposal.StartsAt)
        {
            return new VotingNotOpenError(proposal.StartsAt);
        }
        if (proposal.HasEnded(now))
        {
            return new VotingClosedError(proposal.EndsAt);
        }
        var errors = new FieldErrors();
        var voter = EthereumAddress.TryNormalize(input.Voter);
        if (voter is null)
        {
            errors.Add("voter", "a 0x-prefixed 20-byte address is required");
        }
        var reason = input.Reason ?? "";
        byte[]? ballot = null;
        if (proposal.IsPrivate)
        {
            if (input.Choices is { Count: > 0 } || reason.Length > 0)
            {
                errors.Add("ballot", "this proposal is private: encrypt the choices and reason to its ballot key and sign a PrivateVote over the encrypted ballot; plain choices are refused");
            }
            else if ((ballot = PrivateBallot.ParseEnvelope(input.Ballot, out var problem)) is null)
            {
                errors.Add("ballot", problem!);
            }
        }
        else
        {
            if (input.Ballot is not null)
            {
                errors.Add("ballot", "this proposal is public: send the choices, not an encrypted ballot");
            }
            if (RoadmapTally.Validate(proposal.Type, proposal.Choices.Count, input.Choices) is { } why)
            {
                errors.Add("choices", why);
            }
            if (reason.Length > MaxReason)
            {
                errors.Add("reason", $"at most {MaxReason} characters");
            }
        }
        if (input.Timestamp < proposal.StartsAt.ToUnixTimeSeconds() || input.Timestamp > now.Add(ClockSkew).ToUnixTimeSeconds())
        {
            errors.Add("timestamp", "the vote must be signed while the proposal is open (a unix time in seconds)");
        }
        var signature = VoteSignature.Parse(input.Signature);
        if (signature is null)
        {
            errors.Add("signature", "65 bytes of 0x-prefixed hex are required");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var domain = await chain.DomainAsync(cancellationToken);
        var digest = ballot is not null
            ? PrivateVoteTypedData.Digest(domain, proposal.Id, ballot, input.Timestamp)
            : VoteTypedData.Digest(domain, proposal.Id, input.Choices!, reason, input.Timestamp);
        IReadOnlyList<int> choices = ballot is not null ? [] : input.Choices!;
        var ballotHex = ballot is not null ? PrivateBallot.ToHex(ballot) : null;
        var recovered = VoteSignature.Recover(digest, signature!);
        if (recovered != voter)
        {
            return new VoteSignatureMismatchError(voter!, recovered);
        }
        var signatureHex = VoteSignature.ToHex(signature!);
        var counted = await db.RoadmapVotes.SingleOrDefaultAsync(v => v.ProposalId == proposal.Id && v.Voter == voter, cancellationToken);
        if (counted is not null)
        {
            if (counted.Signature == signatureHex)
            {
                return new VoteReplayedError();
            }
            if (input.Timestamp <= counted.Timestamp)
            {
                return new VoteOutdatedError(counted.Timestamp);
            }
            counted.Replace(choices, reason, input.Timestamp, signatureHex, now, ballotHex);
            await db.SaveChangesInTurnAsync(cancellationToken);
            return new CastVoteResult(counted, true);
        }
        var weight = await chain.PowerAtAsync(voter!, new ChainPoint(proposal.SnapshotBlock, proposal.SnapshotTimestamp), cancellationToken);
        if (weight.Sign <= 0)
        {
            return new NoVotingPowerError(voter!, proposal.SnapshotBlock);
        }
        var vote = new RoadmapVote(proposal.Id, voter!, choices, reason, input.Timestamp, signatureHex, weight, now, ballotHex);
        db.RoadmapVotes.Add(vote);
        try
        {
            await db.SaveChangesInTurnAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same voter's other submission won the race for the one row: count that one, refuse this.
            db.Entry(vote).State = EntityState.Detached;
            return new VoteOutdatedError(input.Timestamp);
        }
        return new CastVoteResult(vote, false);
    }
}
