using System.Text;

namespace Guild.Core.Allocation.WeightSets;

/// <summary>Where a stored weight set came from.</summary>
public enum WeightSetOrigin
{
    /// <summary>Shipped with Guild: the default set and the genesis set.</summary>
    BuiltIn,

    /// <summary>Drafted by a steward in the portal, for a governance proposal.</summary>
    Candidate,
}

/// <summary>
/// A weight set as a document: its canonical JSON (<c>guild-weights/2</c>), keyed by the SHA-256 of those bytes, which
/// is what the Timelock records on-chain. An epoch computes with the document whose hash is in force; the document is
/// never edited (a change is a new document, with a new hash), and its version names it for people.
/// </summary>
public sealed class WeightSetDocument
{
    private WeightSetDocument() { }

    internal WeightSetDocument(WeightSet weights, WeightSetOrigin origin, string? note, string? createdBy, DateTimeOffset createdAt)
    {
        var canonical = WeightSetJson.Canonical(weights);
        Hash = WeightSetJson.Hash(weights).ToString();
        Version = weights.Version;
        Json = Encoding.UTF8.GetString(canonical);
        Origin = origin;
        Note = note;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    /// <summary>0x-prefixed SHA-256 of <see cref="Json"/>'s bytes.</summary>
    public string Hash { get; private set; } = "";
    public string Version { get; private set; } = "";

    /// <summary>The canonical JSON; hashing its UTF-8 bytes gives <see cref="Hash"/>.</summary>
    public string Json { get; private set; } = "";

    public WeightSetOrigin Origin { get; private set; }

    /// <summary>What the steward says the candidate changes, and why.</summary>
    public string? Note { get; private set; }

    /// <summary>The steward's account name (candidates only).</summary>
    public string? CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public WeightSet Weights => WeightSetJson.Parse(Json);
}
