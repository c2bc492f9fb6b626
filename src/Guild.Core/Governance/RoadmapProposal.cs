using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>
/// An off-chain (gasless) roadmap proposal: members vote on it by EIP-712 signatures weighted by their voting power at
/// the snapshot fixed when it was created. Its rules (quorum) are copied from the Governor at creation, so a later
/// change of the rules never moves a result already under way.
/// </summary>
public sealed class RoadmapProposal
{
    private RoadmapProposal() { }

    internal RoadmapProposal(string title, string bodyMarkdown, string bodyHtml, IReadOnlyList<string> choices, VoteType type,
        DateTimeOffset startsAt, DateTimeOffset endsAt, long snapshotBlock, long snapshotTimestamp, BigInteger quorum,
        string proposer, string proposerUserId, DateTimeOffset createdAt, RetroactiveGrant? grant, string? ballotPublicKey = null, string? sealedBallotKey = null)
    {
        Title = title;
        BodyMarkdown = bodyMarkdown;
        BodyHtml = bodyHtml;
        Choices = [.. choices];
        Type = type;
        StartsAt = startsAt;
        EndsAt = endsAt;
        SnapshotBlock = snapshotBlock;
        SnapshotTimestamp = snapshotTimestamp;
        Quorum = quorum;
        Proposer = proposer;
        ProposerUserId = proposerUserId;
        CreatedAt = createdAt;
        Grant = grant;
        BallotPublicKey = ballotPublicKey;
        SealedBallotKey = sealedBallotKey;
    }

    public long Id { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>What the proposer wrote.</summary>
    public string BodyMarkdown { get; private set; } = "";

    /// <summary>The markdown rendered and sanitised once, at creation (see <see cref="ProposalMarkdown"/>).</summary>
    public string BodyHtml { get; private set; } = "";

    /// <summary>The options, numbered from 1 in votes.</summary>
    public List<string> Choices { get; private set; } = [];

    public VoteType Type { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>The chain head when the proposal was created; votes weigh the power at its timestamp.</summary>
    public long SnapshotBlock { get; private set; }

    /// <summary>The snapshot block's unix time: the escrow's clock is the timestamp.</summary>
    public long SnapshotTimestamp { get; private set; }

    /// <summary>Voting power the ballots need in total for the result to stand (wei).</summary>
    public BigInteger Quorum { get; private set; }

    /// <summary>The proposer's wallet (lower case).</summary>
    public string Proposer { get; private set; } = "";

    public string ProposerUserId { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For a retroactive funding application: who asked for what; null for an ordinary proposal.</summary>
    public RetroactiveGrant? Grant { get; private set; }

    /// <summary>
    /// For a private proposal, the P-256 public key (0x04 ‖ X ‖ Y, hex) ballots are encrypted to; null for a public one.
    /// </summary>
    public string? BallotPublicKey { get; private set; }

    /// <summary>The matching private key, sealed by <see cref="BallotKeys"/> until the reveal; never shown or logged.</summary>
    public string? SealedBallotKey { get; private set; }

    /// <summary>The private key, published at the reveal (after the end) so anyone can open the ballots again.</summary>
    public string? RevealedBallotKey { get; private set; }

    public DateTimeOffset? RevealedAt { get; private set; }

    /// <summary>Choices hidden until the end: ballots are encrypted to <see cref="BallotPublicKey"/>.</summary>
    public bool IsPrivate => BallotPublicKey is not null;

    /// <summary>Whether the choices are still unknown to everyone but the key's holder (private and not revealed yet).</summary>
    public bool ChoicesHidden => IsPrivate && RevealedAt is null;

    /// <summary>Whether the open-notice and closing-reminder notifications went out (so the job sends each once).</summary>
    public bool OpenNoticeSent { get; private set; }

    public bool ClosingReminderSent { get; private set; }

    public bool IsOpen(DateTimeOffset now) => now >= StartsAt && now < EndsAt;

    public bool HasEnded(DateTimeOffset now) => now >= EndsAt;

    public void MarkOpenNoticeSent() => OpenNoticeSent = true;

    public void MarkClosingReminderSent() => ClosingReminderSent = true;
}
