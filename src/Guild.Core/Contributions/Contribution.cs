namespace Guild.Core.Contributions;

/// <summary>
/// One unit of work in the contribution graph: a pull request, review, issue, comment, commit or paper. Its natural key
/// (<see cref="Host"/>, <see cref="Repository"/>, <see cref="Kind"/>, <see cref="ExternalId"/>) is unique, so every
/// job upserts: a re-run, a retry or a second source for the same commit (git history and the GitHub API) updates
/// the one row. Fields a source does not know stay as another source left them.
/// </summary>
public sealed class Contribution
{
    private readonly List<ContributionCoAuthor> coAuthors = [];

    private Contribution() { }

    internal Contribution(string host, string repository, ContributionKind kind, string externalId, long? trackedRepositoryId, DateTimeOffset now)
    {
        Host = host;
        Repository = repository;
        Kind = kind;
        ExternalId = externalId;
        TrackedRepositoryId = trackedRepositoryId;
        FirstSeenAt = now;
    }

    public long Id { get; private set; }

    /// <summary><c>github.com</c>, an Enterprise server's authority, or <c>doi.org</c> for papers.</summary>
    public string Host { get; private set; } = "";

    /// <summary><c>owner/name</c> in lower case; <c>papers</c> for papers.</summary>
    public string Repository { get; private set; } = "";

    public ContributionKind Kind { get; private set; }

    /// <summary>The source's id: PR or issue number, review or comment id, commit sha, DOI.</summary>
    public string ExternalId { get; private set; } = "";

    public long? TrackedRepositoryId { get; private set; }

    public long? AuthorId { get; private set; }
    public ContributorIdentity? Author { get; private set; }
    public IReadOnlyCollection<ContributionCoAuthor> CoAuthors => coAuthors;

    public string? Title { get; private set; }
    public string? State { get; private set; }

    /// <summary>The PR or issue number: its own, the one a review or comment belongs to, or the one a commit subject names.</summary>
    public int? Number { get; private set; }

    public int? Additions { get; private set; }
    public int? Deletions { get; private set; }
    public int? ChangedFiles { get; private set; }

    /// <summary>Lines in files matching the flagged-path patterns (generated, vendored, lock files), when the files are known.</summary>
    public int? FlaggedAdditions { get; private set; }
    public int? FlaggedDeletions { get; private set; }

    public string? Labels { get; private set; }
    /// <summary>The login that merged a pull request, as GitHub named it then; <see cref="MergerId"/> is that account.</summary>
    public string? MergedBy { get; private set; }

    public long? MergerId { get; private set; }
    public ContributorIdentity? Merger { get; private set; }
    public int? CitationCount { get; private set; }
    public string? Url { get; private set; }
    public ContributionFlags Flags { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The source's last update; a job skips follow-up requests for rows that are already this fresh.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
    public DateTimeOffset? MergedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }

    internal void Apply(ContributionRecord record, ContributorIdentity? author, ContributorIdentity? merger, bool botAuthor, DateTimeOffset now)
    {
        if (author is not null)
        {
            Author = author;
        }
        if (merger is not null)
        {
            Merger = merger;
        }
        Title = record.Title ?? Title;
        State = record.State ?? State;
        Number = record.Number ?? Number;
        Additions = record.Additions ?? Additions;
        Deletions = record.Deletions ?? Deletions;
        ChangedFiles = record.ChangedFiles ?? ChangedFiles;
        FlaggedAdditions = record.FlaggedAdditions ?? FlaggedAdditions;
        FlaggedDeletions = record.FlaggedDeletions ?? FlaggedDeletions;
        Labels = record.Labels ?? Labels;
        MergedBy = record.MergedBy ?? MergedBy;
        CitationCount = record.CitationCount ?? CitationCount;
        Url = record.Url ?? Url;
        CreatedAt = record.CreatedAt;
        UpdatedAt = record.UpdatedAt ?? UpdatedAt;
        MergedAt = record.MergedAt ?? MergedAt;
        ClosedAt = record.ClosedAt ?? ClosedAt;
        // Flags a source can judge are replaced; the bot flag sticks once any source saw a bot.
        Flags = (Flags & ~record.FlagsKnown) | (record.Flags & record.FlagsKnown) | (botAuthor ? ContributionFlags.BotAuthor : ContributionFlags.None);
        LastSeenAt = now;
    }

    internal void ReplaceCoAuthors(IEnumerable<ContributorIdentity> identities)
    {
        coAuthors.Clear();
        foreach (var identity in identities)
        {
            coAuthors.Add(new ContributionCoAuthor(identity));
        }
    }
}

/// <summary>Someone credited on a contribution besides its author: a <c>Co-authored-by:</c> trailer, a paper's co-author.</summary>
public sealed class ContributionCoAuthor
{
    private ContributionCoAuthor() { }

    internal ContributionCoAuthor(ContributorIdentity identity) => Identity = identity;

    public long ContributionId { get; private set; }
    public long IdentityId { get; private set; }
    public ContributorIdentity? Identity { get; private set; }
}
