using System.Numerics;

namespace Guild.Core.Allocation;

/// <summary>
/// Everything an epoch's allocation depends on, frozen: the graph, the money rules and the state carried from the
/// previous epoch. The epoch job exports it from the database; the auditor (Guild.Audit) reads it back. Its canonical
/// JSON (<see cref="EpochSnapshotJson"/>) is hashed into the report, so the same snapshot always names the same root.
/// </summary>
public sealed record EpochSnapshot
{
    public required long Epoch { get; init; }

    /// <summary>The genesis epoch pays entitlements from the initial-distribution pool, vesting linearly (see <see cref="GenesisVesting"/>).</summary>
    public bool Genesis { get; init; }

    /// <summary>The epoch's cut-off: time decay counts a contribution's age from here, and vesting is released up to here.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>When the genesis pool started vesting; needed once any genesis entitlement exists.</summary>
    public DateTimeOffset? VestingStart { get; init; }

    public required BigInteger BudgetWei { get; init; }

    /// <summary>Per-contributor cap as parts per million of the budget (50,000 = 5%).</summary>
    public required int CapPpm { get; init; }

    /// <summary>An owed amount below this carries forward instead of entering the tree.</summary>
    public required BigInteger MinimumPayoutWei { get; init; }

    public required WeightSet Weights { get; init; }

    public required IReadOnlyList<SnapshotContributor> Contributors { get; init; }

    public required IReadOnlyList<SnapshotContribution> Contributions { get; init; }

    public required IReadOnlyList<SnapshotEdge> Edges { get; init; }

    /// <summary>What the previous epoch left owed but unpaid, per contributor (from its report).</summary>
    public IReadOnlyList<ContributorBalance> Balances { get; init; } = [];

    /// <summary>The previous tree's cumulative amount per account; every one of them stays in the new tree.</summary>
    public IReadOnlyList<AccountTotal> Cumulative { get; init; } = [];

    /// <summary>
    /// People merged since the previous epoch whose balance moves: <see cref="Balances"/> keep the previous report's ids,
    /// and the allocation adds each <see cref="SnapshotMerge.From"/> balance to its <see cref="SnapshotMerge.Into"/>.
    /// </summary>
    public IReadOnlyList<SnapshotMerge> Merges { get; init; } = [];

    /// <summary>
    /// Retroactive grants members voted for, paid by this epoch: each comes out of <see cref="BudgetWei"/> before
    /// scoring and goes whole into its wallet's cumulative amount, so the root covers them and the report names the vote.
    /// </summary>
    public IReadOnlyList<SnapshotGrant> Grants { get; init; } = [];
}

/// <summary>A retroactive grant the roadmap vote <see cref="Proposal"/> passed: <see cref="AmountWei"/> to <see cref="Wallet"/>.</summary>
public sealed record SnapshotGrant(long Proposal, string Wallet, BigInteger AmountWei);

/// <summary>A person of an earlier epoch (<see cref="From"/>) who is now part of <see cref="Into"/>, a contributor of this snapshot.</summary>
public sealed record SnapshotMerge(string From, string Into);

/// <summary>
/// A person, or an identity nobody has claimed yet (then <see cref="Wallet"/> is null and the share accrues under
/// <see cref="Id"/> until a wallet is linked). <see cref="Exclusion"/> names why someone is scored but never paid
/// (for example "bot").
/// </summary>
public sealed record SnapshotContributor(string Id, IReadOnlyList<string> Identities, string? Wallet, string? Exclusion = null)
{
    public bool Excluded => Exclusion is not null;
}

/// <summary>
/// A contribution. <see cref="Size"/> is what its type measures (changed lines for commits and pull requests,
/// citations for papers, characters for comments). <see cref="State"/> is a pull request's (for a review or a comment,
/// that of the pull request it is on; null when there is none or the source does not say, which counts as merged).
/// Only counted contributions (<see cref="Counts"/>) enter the graph: not flagged, and not on a pull request that is
/// still open or was closed without merging. <see cref="Note"/> says why it is flagged, or why a steward unflagged it.
/// </summary>
public sealed record SnapshotContribution(
    string Id,
    ContributionType Type,
    string Repository,
    DateTimeOffset CreatedAt,
    long Size,
    bool Flagged = false,
    string? Title = null,
    ContributionState? State = null,
    string? Note = null)
{
    /// <summary>Whether the contribution enters the graph: not flagged, and merged (or not on a pull request at all).</summary>
    public bool Counts => !Flagged && State is null or ContributionState.Merged;
}

/// <summary>An edge from <see cref="Source"/> to <see cref="Target"/>, by node id (see <see cref="EdgeType"/> for directions).</summary>
public sealed record SnapshotEdge(EdgeType Type, string Source, string Target);

/// <summary>
/// A contributor's running state: owed but not yet in the tree (below the minimum, no wallet yet, or excluded),
/// and their genesis entitlement with how much of it vesting has released so far.
/// </summary>
public sealed record ContributorBalance(string Contributor, BigInteger CarriedWei, BigInteger GenesisEntitlementWei, BigInteger GenesisReleasedWei);

/// <summary>An account's cumulative amount in a claims tree.</summary>
public sealed record AccountTotal(string Account, BigInteger CumulativeWei);
