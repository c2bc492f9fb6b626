using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guild.Core.Governance;

/// <summary>
/// One exported vote: exactly what was signed, the signature, and the weight the portal counted. On a private proposal
/// the signed <see cref="Ballot"/> is the encrypted envelope; the choices and reason (empty until the reveal) are what the
/// portal opened, and <see cref="Spoiled"/> says why a ballot counted for no choice.
/// </summary>
public sealed record ExportedVote(
    string Voter,
    IReadOnlyList<int> Choices,
    string Reason,
    long Timestamp,
    string Signature,
    [property: JsonConverter(typeof(DecimalStringConverter))] BigInteger Weight,
    string? Ballot = null,
    string? Spoiled = null);

/// <summary>
/// The proposal as the export describes it: enough to recount it without the portal. A private proposal carries its
/// ballot key: the public key from the start, the private key once revealed after the end.
/// </summary>
public sealed record ExportedProposal(
    long Id,
    string Title,
    VoteType Type,
    IReadOnlyList<string> Choices,
    long SnapshotBlock,
    long SnapshotTimestamp,
    [property: JsonConverter(typeof(DecimalStringConverter))] BigInteger Quorum,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool Private = false,
    string? BallotPublicKey = null,
    string? BallotPrivateKey = null);

/// <summary>
/// Every counted vote of a roadmap proposal with its signature, the domain they were signed in and the escrow whose
/// power weighs them: the file <c>guild-audit recount</c> re-verifies and recounts. Written as JSON (this record) or
/// CSV (the votes only).
/// </summary>
public sealed record RoadmapExport(
    ExportedProposal Proposal,
    long ChainId,
    string VerifyingContract,
    string VoteEscrow,
    IReadOnlyList<ExportedVote> Votes)
{
    public const string CsvHeader = "voter,choices,reason,timestamp,signature,weight";

    /// <summary>A private proposal's CSV adds each vote's encrypted ballot and, after the reveal, why it was spoiled.</summary>
    public const string PrivateCsvHeader = CsvHeader + ",ballot,spoiled";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public VoteDomain Domain => new(ChainId, VerifyingContract);

    public static RoadmapExport Of(RoadmapProposal proposal, IEnumerable<RoadmapVote> votes, VoteDomain domain, string voteEscrow) => new(
        new ExportedProposal(proposal.Id, proposal.Title, proposal.Type, proposal.Choices, proposal.SnapshotBlock, proposal.SnapshotTimestamp,
            proposal.Quorum, proposal.StartsAt, proposal.EndsAt, proposal.IsPrivate, proposal.BallotPublicKey, proposal.RevealedBallotKey),
        domain.ChainId, domain.VerifyingContract, voteEscrow,
        votes.OrderBy(v => v.Voter, StringComparer.Ordinal)
            .Select(v => new ExportedVote(v.Voter, v.Choices, v.Reason, v.Timestamp, v.Signature, v.Weight, v.Ballot, v.Spoiled)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RoadmapExport? FromJson(string json) => JsonSerializer.Deserialize<RoadmapExport>(json, Json);

    /// <summary>The votes as CSV (RFC 4180 quoting); choices are separated by spaces, in the order signed.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(Proposal.Private ? PrivateCsvHeader : CsvHeader).Append('\n');
        foreach (var v in Votes)
        {
            csv.Append(v.Voter).Append(',')
                .Append(string.Join(' ', v.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture)))).Append(',')
                .Append(Quote(v.Reason)).Append(',')
                .Append(v.Timestamp.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(v.Signature).Append(',')
                .Append(v.Weight.ToString(CultureInfo.InvariantCulture));
            if (Proposal.Private)
            {
                csv.Append(',').Append(v.Ballot).Append(',').Append(Quote(v.Spoiled ?? ""));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 && !text.StartsWith('=') ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}

/// <summary>Wei as a JSON string of decimal digits: exact in every JSON reader (a number would lose digits in JavaScript).</summary>
public sealed class DecimalStringConverter : JsonConverter<BigInteger>
{
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BigInteger.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan), CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
