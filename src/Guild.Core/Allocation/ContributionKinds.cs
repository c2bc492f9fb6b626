namespace Guild.Core.Allocation;

/// <summary>What a contribution node is. The wire names (snake_case) are part of the snapshot format.</summary>
public enum ContributionType
{
    PullRequest,
    Review,
    Issue,
    Comment,
    Commit,
    Paper,
}

/// <summary>
/// Where a pull request stands (and so the reviews and comments on it): only merged work is counted. An open one counts
/// once it is merged; one closed without merging never does.
/// </summary>
public enum ContributionState
{
    Merged,
    Open,
    Closed,
}

/// <summary>
/// A typed edge of the contribution graph. Actor edges run contributor → contribution; <see cref="References"/> and
/// <see cref="Cites"/> run contribution → contribution. Each repository also gets a <see cref="Contains"/> edge to
/// each of its contributions, implied by the contribution's repository rather than listed in the snapshot.
/// </summary>
public enum EdgeType
{
    Authored,
    Reviewed,
    Merged,
    Commented,
    CoAuthored,
    References,
    Cites,
    Contains,
}

/// <summary>Wire names of the graph's enums, fixed here rather than by a serializer policy so the format cannot drift.</summary>
public static class ContributionKinds
{
    private static readonly string[] ContributionNames = ["pull_request", "review", "issue", "comment", "commit", "paper"];
    private static readonly string[] StateNames = ["merged", "open", "closed"];
    private static readonly string[] EdgeNames = ["authored", "reviewed", "merged", "commented", "co_authored", "references", "cites", "contains"];

    public static IReadOnlyList<ContributionType> AllContributionTypes { get; } = Enum.GetValues<ContributionType>();

    public static IReadOnlyList<EdgeType> AllEdgeTypes { get; } = Enum.GetValues<EdgeType>();

    public static string Name(this ContributionType type) => ContributionNames[(int)type];

    public static string Name(this EdgeType type) => EdgeNames[(int)type];

    public static string Name(this ContributionState state) => StateNames[(int)state];

    public static ContributionType ParseContributionType(string name) =>
        Array.IndexOf(ContributionNames, name) is var i and >= 0
            ? (ContributionType)i
            : throw new FormatException($"Unknown contribution type '{name}' (expected one of {string.Join(", ", ContributionNames)}).");

    public static EdgeType ParseEdgeType(string name) =>
        Array.IndexOf(EdgeNames, name) is var i and >= 0
            ? (EdgeType)i
            : throw new FormatException($"Unknown edge type '{name}' (expected one of {string.Join(", ", EdgeNames)}).");

    /// <summary>Whether the edge's source is a contributor (true) or a contribution (false).</summary>
    public static bool IsActorEdge(this EdgeType type) => type is EdgeType.Authored or EdgeType.Reviewed or EdgeType.Merged
        or EdgeType.Commented or EdgeType.CoAuthored;
}
