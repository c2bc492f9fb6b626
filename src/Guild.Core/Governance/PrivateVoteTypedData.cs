using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Guild.Core.Claims;

namespace Guild.Core.Governance;

/// <summary>
/// The EIP-712 typed data of a vote on a private roadmap proposal, <c>PrivateVote(uint256 proposal,bytes ballot,uint64
/// timestamp)</c> in the same <see cref="VoteDomain"/> as public votes: the wallet signs the encrypted ballot (see
/// <see cref="PrivateBallot"/>), so the portal can check who voted, and anyone can later check that the ballot opened at
/// the end is the one signed, without anyone reading the choices before the end. A separate type, so a signature of a
/// public vote never passes for a private one or the other way round.
/// </summary>
public static class PrivateVoteTypedData
{
    public const string VoteType = "PrivateVote(uint256 proposal,bytes ballot,uint64 timestamp)";

    private static readonly byte[] VoteTypeHash = VoteTypedData.Keccak(Encoding.ASCII.GetBytes(VoteType));

    /// <summary>keccak256(0x1901 ‖ domain separator ‖ hashStruct(PrivateVote)); hashStruct hashes the ballot's bytes.</summary>
    public static void Digest(ReadOnlySpan<byte> domainSeparator, long proposal, ReadOnlySpan<byte> ballot, long timestamp, Span<byte> digest)
    {
        Span<byte> vote = stackalloc byte[4 * 32];
        VoteTypeHash.CopyTo(vote);
        VoteTypedData.WriteUInt(vote[32..64], (ulong)proposal);
        Keccak256.Hash(ballot, vote[64..96]);
        VoteTypedData.WriteUInt(vote[96..128], (ulong)timestamp);

        VoteTypedData.SignedDigest(domainSeparator, vote, digest);
    }

    public static byte[] Digest(VoteDomain domain, long proposal, ReadOnlySpan<byte> ballot, long timestamp)
    {
        var digest = new byte[32];
        Digest(VoteTypedData.DomainSeparator(domain), proposal, ballot, timestamp, digest);
        return digest;
    }

    /// <summary>The typed data as <c>eth_signTypedData_v4</c> takes it (the ballot as 0x-hex bytes).</summary>
    public static JsonObject ToJson(VoteDomain domain, long proposal, string ballot, long timestamp) => new()
    {
        ["types"] = new JsonObject
        {
            ["EIP712Domain"] = VoteTypedData.DomainFields(),
            ["PrivateVote"] = VoteTypedData.Fields(("proposal", "uint256"), ("ballot", "bytes"), ("timestamp", "uint64")),
        },
        ["primaryType"] = "PrivateVote",
        ["domain"] = VoteTypedData.DomainJson(domain),
        ["message"] = new JsonObject
        {
            ["proposal"] = proposal.ToString(CultureInfo.InvariantCulture),
            ["ballot"] = ballot,
            ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
        },
    };
}
