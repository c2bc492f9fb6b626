using System.Collections.Frozen;

namespace Guild.Core.Allocation;

/// <summary>Transition weights of one edge type: along the edge (source → target) and against it.</summary>
public sealed record EdgeWeight(double Forward, double Backward);

/// <summary>
/// The governed scoring parameters. Versioned, and hashed (<see cref="WeightSetJson.Hash"/>) into every epoch's
/// snapshot and report so a published root names exactly the weights behind it. See docs/allocation.md.
/// </summary>
public sealed record WeightSet
{
    public required string Version { get; init; }

    /// <summary>Teleport probability: the share of score that returns to the mint each step (PageRank's 1 - damping).</summary>
    public double Alpha { get; init; } = 0.15;

    /// <summary>Stop when the L1 change of the score vector (total mass 1) falls below this.</summary>
    public double Tolerance { get; init; } = 1e-10;

    public int MaxIterations { get; init; } = 1000;

    /// <summary>A contribution's mint halves every this many days before the epoch's as-of time; null turns decay off.</summary>
    public double? HalfLifeDays { get; init; } = 180;

    /// <summary>
    /// The work one author does in one repository, of one type, in one week, is one piece: its mass is
    /// unit × log2(1 + size / unit), shared by its contributions in proportion to their sizes. Below the unit a piece
    /// counts almost linearly (so how it is sliced into commits or pull requests does not matter); far above it each
    /// further line counts less (so a vendored or generated dump cannot buy a share).
    /// </summary>
    public double SizeUnit { get; init; } = 100;

    /// <summary>Mint per unit of mass, per contribution type (before decay and the repository weight).</summary>
    public required IReadOnlyDictionary<ContributionType, double> Contributions { get; init; }

    /// <summary>Whether a capped contributor's excess is withheld (stays in the pool) or water-filled onto the others.</summary>
    public CapExcess CapExcess { get; init; } = CapExcess.Withhold;

    /// <summary>
    /// The cap is never below this many equal shares (budget × n / scored contributors), so in a small community it
    /// binds only on outliers; 0 leaves the epoch's cap as it is.
    /// </summary>
    public int CapFloorEqualShares { get; init; } = 10;

    /// <summary>
    /// How much of a review (its mint and its share of the reviewed work) is lost when its reviewer and the reviewed
    /// author review each other: the share of reciprocated reviews times this, so a closed ring of mutual approvals
    /// counts for less than reviews of outsiders. 0 turns the discount off, 1 ignores fully reciprocated reviews.
    /// </summary>
    public double ReciprocalReviewDiscount { get; init; } = 0.5;

    public required IReadOnlyDictionary<EdgeType, EdgeWeight> Edges { get; init; }

    /// <summary>Per-repository mint multipliers; a repository not listed weighs 1.</summary>
    public IReadOnlyDictionary<string, double> Repositories { get; init; } = FrozenDictionary<string, double>.Empty;

    public double RepositoryWeight(string repository) => Repositories.TryGetValue(repository, out var w) ? w : 1.0;

    /// <summary>The defaults documented in docs/allocation.md.</summary>
    public static WeightSet Default { get; } = new()
    {
        Version = "guild-default-2",
        // Merged code earns: once as commits, once more as an accepted pull request (a direct push is accepted by its
        // own author). Reviews and comments earn a share of the work they are on (see the edges) rather than minting on
        // their own, so splitting, spamming or trading them creates nothing.
        Contributions = new Dictionary<ContributionType, double>
        {
            [ContributionType.PullRequest] = 1,
            [ContributionType.Review] = 0,
            [ContributionType.Issue] = 5,
            [ContributionType.Comment] = 0,
            [ContributionType.Commit] = 1,
            [ContributionType.Paper] = 5,
        }.ToFrozenDictionary(),
        Edges = new Dictionary<EdgeType, EdgeWeight>
        {
            // Actor edges: a little of a contributor's score flows back to their work (forward), most of a
            // contribution's score flows to the people behind it (backward).
            [EdgeType.Authored] = new(0.0625, 1),
            [EdgeType.CoAuthored] = new(0.0625, 0.5),
            [EdgeType.Reviewed] = new(0.0625, 0.5),
            [EdgeType.Merged] = new(0.0625, 0.25),
            [EdgeType.Commented] = new(0.0625, 0.25),
            // Work-to-work edges: credit flows to what is referenced or cited.
            [EdgeType.References] = new(0.5, 0.0625),
            [EdgeType.Cites] = new(1, 0),
            // A repository spreads what its contributions hand it evenly over them.
            [EdgeType.Contains] = new(1, 0.125),
        }.ToFrozenDictionary(),
    };

    /// <summary>
    /// The genesis epoch's weights: the defaults without time decay, so the full history counts by what was done,
    /// not by when (the retroactive distribution rewards the past on purpose).
    /// </summary>
    public static WeightSet Genesis { get; } = Default with { Version = "guild-genesis-2", HalfLifeDays = null };

    /// <summary>Problems that make the weight set unusable; empty when it is fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Version)) problems.Add("weights: version is empty");
        if (!(Alpha > 0 && Alpha < 1)) problems.Add($"weights: alpha {Alpha} is not in (0, 1)");
        if (!(Tolerance > 0 && Tolerance < 1)) problems.Add($"weights: tolerance {Tolerance} is not in (0, 1)");
        if (MaxIterations < 1) problems.Add($"weights: maxIterations {MaxIterations} is below 1");
        if (HalfLifeDays is { } h && !(h > 0 && double.IsFinite(h))) problems.Add($"weights: halfLifeDays {h} is not positive");
        if (!(SizeUnit > 0 && double.IsFinite(SizeUnit))) problems.Add($"weights: sizeUnit {SizeUnit} is not positive");
        if (!Enum.IsDefined(CapExcess)) problems.Add($"weights: capExcess {CapExcess} is unknown");
        if (CapFloorEqualShares < 0) problems.Add($"weights: capFloorEqualShares {CapFloorEqualShares} is negative");
        if (!(ReciprocalReviewDiscount is >= 0 and <= 1)) problems.Add($"weights: reciprocalReviewDiscount {ReciprocalReviewDiscount} is not in [0, 1]");
        foreach (var type in ContributionKinds.AllContributionTypes)
        {
            if (!Contributions.TryGetValue(type, out var w)) problems.Add($"weights: no weight for contribution type {type.Name()}");
            else if (!(w >= 0 && double.IsFinite(w))) problems.Add($"weights: contribution type {type.Name()} weighs {w}");
        }
        foreach (var type in ContributionKinds.AllEdgeTypes)
        {
            if (!Edges.TryGetValue(type, out var w)) problems.Add($"weights: no weight for edge type {type.Name()}");
            else if (!(w.Forward >= 0 && w.Backward >= 0 && double.IsFinite(w.Forward) && double.IsFinite(w.Backward)))
                problems.Add($"weights: edge type {type.Name()} weighs {w.Forward}/{w.Backward}");
        }
        foreach (var (repository, w) in Repositories)
        {
            if (!(w >= 0 && double.IsFinite(w))) problems.Add($"weights: repository {repository} weighs {w}");
        }
        return problems;
    }
}
