namespace Guild.Core.Contributions;

/// <summary>
/// A steward's decision on whether a contribution counts: flag it (it leaves the graph) or unflag it (a rule's flag no
/// longer applies), always with a note saying why. Decisions are kept as a history; the latest one stands, and its note
/// travels into the next epoch's snapshot and report.
/// </summary>
public sealed class ContributionFlagReview
{
    private ContributionFlagReview() { }

    internal ContributionFlagReview(long contributionId, bool flagged, string note, string decidedBy, DateTimeOffset decidedAt)
    {
        ContributionId = contributionId;
        Flagged = flagged;
        Note = note;
        DecidedBy = decidedBy;
        DecidedAt = decidedAt;
    }

    public long Id { get; private set; }
    public long ContributionId { get; private set; }
    public bool Flagged { get; private set; }
    public string Note { get; private set; } = "";

    /// <summary>The steward's account name; kept here for the audit, never written into public files.</summary>
    public string DecidedBy { get; private set; } = "";

    public DateTimeOffset DecidedAt { get; private set; }

    /// <summary>What a snapshot note of a steward's decision says after "flagged" or "unflagged" (a rule's says "rules: ").</summary>
    public const string StewardMarker = " by a steward: ";

    /// <summary>What the snapshot and the report say about a contribution: the latest decision if any, else the rules' flags.</summary>
    public static (bool Flagged, string? Note) Explain(ContributionFlags rules, ContributionFlagReview? latest) => latest is not null
        ? (latest.Flagged, $"{(latest.Flagged ? "flagged" : "unflagged")}{StewardMarker}{latest.Note}")
        : rules == ContributionFlags.None ? (false, null) : (true, "rules: " + Describe(rules));

    /// <summary>The rules' flags in words.</summary>
    public static string Describe(ContributionFlags flags) => string.Join(", ", new[]
    {
        flags.HasFlag(ContributionFlags.BotAuthor) ? "bot author" : null,
        flags.HasFlag(ContributionFlags.FlaggedPathsOnly) ? "only generated, vendored or lock files" : null,
        flags.HasFlag(ContributionFlags.MergeCommit) ? "merge commit" : null,
    }.Where(f => f is not null));
}
