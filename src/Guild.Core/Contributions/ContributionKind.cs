namespace Guild.Core.Contributions;

/// <summary>What a contribution is. Stored as text, so new kinds never renumber old rows.</summary>
public enum ContributionKind
{
    PullRequest,
    Review,
    Issue,
    IssueComment,
    ReviewComment,
    Commit,
    Paper,
}

/// <summary>Marks the scoring engine reads to discount a contribution; the row is stored either way.</summary>
[Flags]
public enum ContributionFlags
{
    None = 0,

    /// <summary>The author is a bot: a login ending in <c>[bot]</c> or one of <c>Contributions:BotLogins</c>.</summary>
    BotAuthor = 1,

    /// <summary>Every changed file matches <c>Contributions:FlaggedPaths</c> (generated, vendored, lock files).</summary>
    FlaggedPathsOnly = 2,

    /// <summary>A merge commit: its changes are counted on the merged commits.</summary>
    MergeCommit = 4,
}
