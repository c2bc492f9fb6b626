using System.Security.Cryptography;

namespace Guild.Core.Allocation.Epochs;

public enum EpochArtifactKind
{
    /// <summary>The canonical snapshot (guild-epoch-snapshot/1): what anyone needs to recompute the root with guild-audit.</summary>
    Snapshot,

    /// <summary>The report (guild-epoch-report/1); its SHA-256 is the reportHash published with the root.</summary>
    Report,

    ReportCsv,

    /// <summary>The claims tree as an OpenZeppelin StandardMerkleTree dump.</summary>
    Tree,

    /// <summary>The stewards' flag decisions the epoch was computed with (<see cref="StewardNotes"/>), for its page.</summary>
    StewardNotes,

    /// <summary>The retroactive grants the epoch pays, by proposal id: marked paid when its root is published.</summary>
    Grants,
}

/// <summary>A file an epoch's computation produced, kept in the database so every worker and the portal see the same bytes.</summary>
public sealed class EpochArtifact
{
    private EpochArtifact() { }

    public EpochArtifact(long epoch, EpochArtifactKind kind, byte[] content)
    {
        Epoch = epoch;
        Kind = kind;
        Content = content;
        Sha256 = "0x" + Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public long Epoch { get; private set; }
    public EpochArtifactKind Kind { get; private set; }
    public byte[] Content { get; private set; } = [];
    public string Sha256 { get; private set; } = "";
}
