using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>
/// The counted vote of one address on one roadmap proposal: the signed typed data as received, its signature, and the
/// weight it carries (the address's voting power at the snapshot). A later vote of the same address replaces it until
/// the proposal ends; <see cref="Replacements"/> counts how often.
/// </summary>
public sealed class RoadmapVote
{
    private RoadmapVote() { }

    internal RoadmapVote(long proposalId, string voter, IReadOnlyList<int> choices, string reason, long timestamp, string signature,
        BigInteger weight, DateTimeOffset receivedAt, string? ballot = null)
    {
        ProposalId = proposalId;
        Voter = voter;
        Choices = [.. choices];
        Reason = reason;
        Timestamp = timestamp;
        Signature = signature;
        Weight = weight;
        ReceivedAt = receivedAt;
        Ballot = ballot;
    }

    public long Id { get; private set; }

    public long ProposalId { get; private set; }

    /// <summary>Lower case, 0x-prefixed; the address the signature recovers to.</summary>
    public string Voter { get; private set; } = "";

    /// <summary>
    /// On a private proposal, the encrypted ballot as signed (0x-hex envelope, see <see cref="PrivateBallot"/>); the choices
    /// and reason stay empty until the reveal fills them in. Null on a public proposal.
    /// </summary>
    public string? Ballot { get; private set; }

    /// <summary>Why a private ballot counts for no choice (it did not open or was no valid ballot); null otherwise.</summary>
    public string? Spoiled { get; private set; }

    /// <summary>Choice numbers (from 1): one, a set, or a ranking, by the proposal's vote type.</summary>
    public List<int> Choices { get; private set; } = [];

    public string Reason { get; private set; } = "";

    /// <summary>The signed unix time: orders an address's votes (a later one replaces an earlier one).</summary>
    public long Timestamp { get; private set; }

    /// <summary>0x-prefixed 65-byte signature over the EIP-712 vote.</summary>
    public string Signature { get; private set; } = "";

    public BigInteger Weight { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public int Replacements { get; private set; }

    internal void Replace(IReadOnlyList<int> choices, string reason, long timestamp, string signature, DateTimeOffset receivedAt, string? ballot = null)
    {
        Choices = [.. choices];
        Reason = reason;
        Ballot = ballot;
        Timestamp = timestamp;
        Signature = signature;
        ReceivedAt = receivedAt;
        Replacements++;
    }

    /// <summary>Records what the private ballot said once opened at the reveal.</summary>
    internal void Reveal(OpenedBallot opened)
    {
        Choices = [.. opened.Choices];
        Reason = opened.Reason;
        Spoiled = opened.Spoiled;
    }
}
