using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Core.Claims;

namespace Guild.Core.Governance;

/// <summary>
/// The EIP-712 typed data of a roadmap vote, <c>Vote(uint256 proposal,uint16[] choices,string reason,uint64 timestamp)</c>
/// in the <see cref="VoteDomain"/>: the digest a wallet signs with <c>eth_signTypedData_v4</c>, and the JSON it is
/// given to sign. The proposal id in the message and the chain and contract in the domain bind a signature to one vote.
/// </summary>
public static class VoteTypedData
{
    public const string VoteType = "Vote(uint256 proposal,uint16[] choices,string reason,uint64 timestamp)";
    public const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static readonly byte[] VoteTypeHash = Keccak(Encoding.ASCII.GetBytes(VoteType));
    private static readonly byte[] DomainTypeHash = Keccak(Encoding.ASCII.GetBytes(DomainType));

    /// <summary>The domain separator; compute it once per domain when hashing many votes.</summary>
    public static byte[] DomainSeparator(VoteDomain domain)
    {
        Span<byte> encoded = stackalloc byte[5 * 32];
        DomainTypeHash.CopyTo(encoded);
        Keccak256.Hash(Encoding.UTF8.GetBytes(VoteDomain.Name), encoded[32..64]);
        Keccak256.Hash(Encoding.UTF8.GetBytes(VoteDomain.Version), encoded[64..96]);
        WriteUInt(encoded[96..128], (ulong)domain.ChainId);
        Convert.FromHexString(EthereumAddress.Normalize(domain.VerifyingContract).AsSpan(2)).CopyTo(encoded[(128 + 12)..]);
        return Keccak(encoded);
    }

    /// <summary>The 32-byte digest signed for a vote: keccak256(0x1901 ‖ domain separator ‖ hashStruct(vote)).</summary>
    public static void Digest(ReadOnlySpan<byte> domainSeparator, long proposal, IReadOnlyList<int> choices, string reason, long timestamp, Span<byte> digest)
    {
        Span<byte> vote = stackalloc byte[5 * 32];
        VoteTypeHash.CopyTo(vote);
        WriteUInt(vote[32..64], (ulong)proposal);
        var packed = choices.Count <= 64 ? stackalloc byte[choices.Count * 32] : new byte[choices.Count * 32];
        for (var i = 0; i < choices.Count; i++)
        {
            WriteUInt(packed.Slice(i * 32, 32), (ulong)choices[i]);
        }
        Keccak256.Hash(packed, vote[64..96]);
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        Keccak256.Hash(reasonBytes, vote[96..128]);
        WriteUInt(vote[128..160], (ulong)timestamp);

        SignedDigest(domainSeparator, vote, digest);
    }

    /// <summary>The signed digest of any struct in a vote domain: keccak256(0x1901 ‖ domain separator ‖ keccak256(encoded struct)).</summary>
    internal static void SignedDigest(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> encodedStruct, Span<byte> digest)
    {
        Span<byte> outer = stackalloc byte[66];
        outer[0] = 0x19;
        outer[1] = 0x01;
        domainSeparator.CopyTo(outer[2..34]);
        Keccak256.Hash(encodedStruct, outer[34..66]);
        Keccak256.Hash(outer, digest);
    }

    public static byte[] Digest(VoteDomain domain, long proposal, IReadOnlyList<int> choices, string reason, long timestamp)
    {
        var digest = new byte[32];
        Digest(DomainSeparator(domain), proposal, choices, reason, timestamp, digest);
        return digest;
    }

    /// <summary>The typed data as <c>eth_signTypedData_v4</c> takes it (numbers as decimal strings, as wallets accept).</summary>
    public static JsonObject ToJson(VoteDomain domain, long proposal, IReadOnlyList<int> choices, string reason, long timestamp) => new()
    {
        ["types"] = new JsonObject
        {
            ["EIP712Domain"] = DomainFields(),
            ["Vote"] = Fields(("proposal", "uint256"), ("choices", "uint16[]"), ("reason", "string"), ("timestamp", "uint64")),
        },
        ["primaryType"] = "Vote",
        ["domain"] = DomainJson(domain),
        ["message"] = new JsonObject
        {
            ["proposal"] = proposal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)c)]),
            ["reason"] = reason,
            ["timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The domain's fields as wallets take them; its type is <see cref="DomainFields"/>.</summary>
    internal static JsonObject DomainJson(VoteDomain domain) => new()
    {
        ["name"] = VoteDomain.Name,
        ["version"] = VoteDomain.Version,
        ["chainId"] = domain.ChainId,
        ["verifyingContract"] = EthereumAddress.Normalize(domain.VerifyingContract),
    };

    internal static JsonArray DomainFields() => Fields(("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"));

    internal static JsonArray Fields(params (string Name, string Type)[] fields) =>
        new([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);

    internal static void WriteUInt(Span<byte> word, ulong value)
    {
        word.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
    }

    internal static byte[] Keccak(ReadOnlySpan<byte> data)
    {
        var hash = new byte[32];
        Keccak256.Hash(data, hash);
        return hash;
    }
}
