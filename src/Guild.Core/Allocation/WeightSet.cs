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

    /// <summary>Size at which the size factor reaches 2: factor = 1 + log2(1 + size / SizeUnit).</summary>
    public double SizeUnit { get; init; } = 10;

    /// <summary>Mint per contribution type (before the size factor, decay and repository weight).</summary>
    public required IReadOnlyDictionary<ContributionType, double> Contributions { get; init; }

    public required IReadOnlyDictionary<EdgeType, EdgeWeight> Edges { get; init; }

    /// <summary>Per-repository mint multipliers; a repository not listed weighs 1.</summary>
    public IReadOnlyDictionary<string, double> Repositories { get; init; } = FrozenDictionary<string, double>.Empty;

    public double RepositoryWeight(string repository) => Repositories.TryGetValue(repository, out var w) ? w : 1.0;

    /// <summary>The defaults documented in docs/allocation.md.</summary>
    public static WeightSet Default { get; } = new()
    {
        Version = "guild-default-1",
        Contributions = new Dictionary<ContributionType, double>
        {
            [ContributionType.PullRequest] = 4,
            [ContributionType.Review] = 2,
            [ContributionType.Issue] = 1,
            [ContributionType.Comment] = 0.25,
            [ContributionType.Commit] = 1,
            [ContributionType.Paper] = 8,
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
    public static WeightSet Genesis { get; } = Default with { Version = "guild-genesis-1", HalfLifeDays = null };

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
