namespace Guild.Core.Contributions;

/// <summary>
/// What a job observed about one contribution, before it is stored. Null fields mean "this source does not say", so a
/// record from the GitHub API and one from the git history can describe the same commit without erasing each other.
/// </summary>
public sealed record ContributionRecord(ContributionKind Kind, string ExternalId, DateTimeOffset CreatedAt)
{
    public IdentityRef? Author { get; init; }

    /// <summary>Null keeps the stored co-authors; a list (even empty) replaces them.</summary>
    public IReadOnlyList<IdentityRef>? CoAuthors { get; init; }

    public string? Title { get; init; }
    public string? State { get; init; }
    public int? Number { get; init; }
    public int? Additions { get; init; }
    public int? Deletions { get; init; }
    public int? ChangedFiles { get; init; }
    public int? FlaggedAdditions { get; init; }
    public int? FlaggedDeletions { get; init; }
    public string? Labels { get; init; }
    public string? MergedBy { get; init; }

    /// <summary>The numeric id of <see cref="MergedBy"/>'s GitHub account, when the source knows it.</summary>
    public long? MergedByGitHubId { get; init; }
    public int? CitationCount { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? MergedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    public ContributionFlags Flags { get; init; }

    /// <summary>The flags this source can judge (the git history knows merges and paths; the API knows neither).</summary>
    public ContributionFlags FlagsKnown { get; init; }
}

/// <summary>
/// An identity as a source spelled it. <see cref="Login"/> is a GitHub login the source tied to it (a noreply email,
/// the commit API's author), recorded with <see cref="Source"/>. <see cref="GitHubId"/> is the numeric id of the GitHub
/// account: the identity's own for a GitHub reference, the one of <see cref="Login"/> otherwise (null when not known).
/// </summary>
public sealed record IdentityRef(IdentityKind Kind, string Value, string? DisplayName = null, string? Login = null, LoginSource Source = LoginSource.None)
{
    public long? GitHubId { get; init; }

    public static IdentityRef GitHub(string login, long? id = null) => new(IdentityKind.GitHubLogin, login) { GitHubId = id };

    public string Key => Kind == IdentityKind.GitHubLogin && GitHubId is { } id
        ? $"{Kind}#{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : $"{Kind}:{ContributorIdentity.Normalize(Kind, Value)}";
}
