using System.Numerics;

namespace Guild.Core.Allocation.Epochs;

public enum EpochStatus
{
    /// <summary>Parameters set; nothing computed yet.</summary>
    Draft,

    /// <summary>Allocation computed and stored; stewards review it. Computing again gives the same root for the same inputs.</summary>
    Computed,

    /// <summary>The root is on-chain. Nothing about the epoch changes any more.</summary>
    Published,
}

/// <summary>What a job is doing with the epoch right now, so the page can say so (and refuse edits meanwhile).</summary>
public enum EpochActivity
{
    None,
    Computing,
    Publishing,
}

/// <summary>
/// One allocation round: its parameters, and once computed, the snapshot, weight set and report hashes and the
/// cumulative root. Moves Draft → Computed → Published only through its methods; a published epoch is immutable.
/// </summary>
public sealed class Epoch
{
    private Epoch() { }

    public Epoch(long number, bool genesis, DateTimeOffset asOf, DateTimeOffset? vestingStart, BigInteger budgetWei, int capPpm,
        BigInteger minimumPayoutWei, DateTimeOffset createdAt)
    {
        Number = number;
        Genesis = genesis;
        AsOf = asOf;
        VestingStart = vestingStart;
        BudgetWei = budgetWei;
        CapPpm = capPpm;
        MinimumPayoutWei = minimumPayoutWei;
        CreatedAt = createdAt;
    }

    /// <summary>The distributor's epoch number: 1 is the first root.</summary>
    public long Number { get; private set; }
    public bool Genesis { get; private set; }

    /// <summary>Contributions created up to this instant belong to the epoch.</summary>
    public DateTimeOffset AsOf { get; private set; }

    /// <summary>Genesis only: when the 20% pool's six-month linear vesting starts.</summary>
    public DateTimeOffset? VestingStart { get; private set; }

    public BigInteger BudgetWei { get; private set; }
    public int CapPpm { get; private set; }
    public BigInteger MinimumPayoutWei { get; private set; }
    public EpochStatus Status { get; private set; }

    public string? WeightsVersion { get; private set; }
    public string? WeightsHash { get; private set; }
    public string? SnapshotHash { get; private set; }
    public string? ReportHash { get; private set; }
    public string? Root { get; private set; }
    public BigInteger? TotalCumulativeWei { get; private set; }
    public BigInteger? AllocatedWei { get; private set; }

    /// <summary>Budget not allocated (what the cap kept back, or all of it when nobody scored): it stays in the pool for later epochs.</summary>
    public BigInteger? WithheldWei { get; private set; }

    /// <summary>The per-person cap the computation applied (the epoch's, or ten equal shares in a small community).</summary>
    public BigInteger? CapWei { get; private set; }

    public BigInteger? PaidWei { get; private set; }
    public int Contributors { get; private set; }
    public int Accounts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ComputedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>When the published root becomes claimable on-chain (the end of its challenge window).</summary>
    public DateTimeOffset? ClaimableAt { get; private set; }

    /// <summary>A root of this epoch that governance vetoed on-chain during its challenge window; it is never published again.</summary>
    public string? VetoedRoot { get; private set; }

    public EpochActivity Activity { get; private set; }
    public DateTimeOffset? ActivitySince { get; private set; }

    /// <summary>Why the last compute or publish failed (or is being retried), for the epoch page; cleared by the next success.</summary>
    public string? Failure { get; private set; }
    public DateTimeOffset? FailedAt { get; private set; }

    public bool IsPublished => Status == EpochStatus.Published;

    /// <summary>The transaction outbox's key for the transaction publishing epoch <paramref name="number"/>'s root.</summary>
    public static string PublishPurpose(long number) => $"rewards.publish-root:{number}";

    /// <summary>A job that started this long ago and never reported back is taken as dead: the epoch is not busy any more.</summary>
    public static readonly TimeSpan StaleActivity = TimeSpan.FromMinutes(15);

    public bool IsBusy(DateTimeOffset now) => Activity != EpochActivity.None && ActivitySince is { } since && now - since < StaleActivity;

    /// <summary>Why computing is impossible now, or null: a published epoch's root is on-chain and final.</summary>
    public DomainError? CannotCompute(DateTimeOffset now) =>
        IsPublished ? new EpochPublishedError(Number)
        : Activity == EpochActivity.Publishing && IsBusy(now) ? new EpochBusyError(Number, Activity)
        : null;

    /// <summary>Why publishing is impossible now, or null: only a computed epoch is published, once, and never a vetoed root.</summary>
    public DomainError? CannotPublish() => Status switch
    {
        EpochStatus.Draft => new EpochNotComputedError(Number),
        EpochStatus.Published => new EpochPublishedError(Number),
        _ when Root is not null && Root == VetoedRoot => new EpochRootVetoedError(Number, Root),
        _ => null,
    };

    /// <summary>
    /// A publish transaction went out for this epoch: it may be on-chain, so the epoch can no longer change, unless the
    /// root it published was vetoed (then the epoch is recomputed and published again).
    /// </summary>
    public bool PublishStarted(bool publishTransactionSent) => publishTransactionSent && VetoedRoot is null;

    /// <summary>Governance vetoed the published root on-chain: the epoch is computed again, not published.</summary>
    public void MarkVetoed(string root, string by, DateTimeOffset now)
    {
        if (Root != root || VetoedRoot == root)
        {
            return; // not this epoch's current root, or already recorded
        }
        Status = EpochStatus.Computed;
        VetoedRoot = root;
        PublishedAt = null;
        ClaimableAt = null;
        Activity = EpochActivity.None;
        Failure = $"Root {root} was vetoed on-chain by {by} during its challenge window. Find out why, change what was wrong, recompute and publish again.";
        FailedAt = now;
    }

    /// <summary>Why the parameters cannot change (or the draft be deleted) now, or null.</summary>
    public DomainError? CannotChange(DateTimeOffset now) =>
        IsPublished ? new EpochPublishedError(Number) : IsBusy(now) ? new EpochBusyError(Number, Activity) : null;

    public void Begin(EpochActivity activity, DateTimeOffset now)
    {
        Activity = activity;
        ActivitySince = now;
        Failure = null;
        FailedAt = null;
    }

    /// <param name="retrying">The job will try again by itself: the activity goes on, with the reason shown.</param>
    public void RecordFailure(string reason, DateTimeOffset now, bool retrying = false)
    {
        Failure = reason.Length > 1000 ? reason[..1000] : reason;
        FailedAt = now;
        if (!retrying)
        {
            Activity = EpochActivity.None;
        }
    }

    /// <summary>New parameters for an unpublished epoch: it goes back to draft and must be computed again.</summary>
    public void Change(DateTimeOffset asOf, BigInteger budgetWei, int capPpm, BigInteger minimumPayoutWei)
    {
        if (IsPublished)
        {
            throw new InvalidOperationException($"Epoch {Number} is published; its parameters are final.");
        }
        AsOf = asOf;
        BudgetWei = budgetWei;
        CapPpm = capPpm;
        MinimumPayoutWei = minimumPayoutWei;
        Status = EpochStatus.Draft;
        WeightsVersion = WeightsHash = SnapshotHash = ReportHash = Root = null;
        TotalCumulativeWei = AllocatedWei = WithheldWei = CapWei = PaidWei = null;
        Contributors = Accounts = 0;
        ComputedAt = null;
        Failure = null;
        FailedAt = null;
    }

    /// <summary>Records a computation. Refused once published: the root on-chain is final.</summary>
    public void RecordComputation(EpochAllocation allocation, string snapshotHash, string reportHash, DateTimeOffset now)
    {
        if (IsPublished)
        {
            throw new InvalidOperationException($"Epoch {Number} is published; it cannot be computed again.");
        }
        Activity = EpochActivity.None;
        Failure = null;
        FailedAt = null;
        Status = EpochStatus.Computed;
        WeightsVersion = allocation.Snapshot.Weights.Version;
        WeightsHash = allocation.WeightsHash.ToString();
        SnapshotHash = snapshotHash;
        ReportHash = reportHash;
        Root = allocation.Root.ToString();
        TotalCumulativeWei = allocation.TotalCumulativeWei;
        AllocatedWei = allocation.AllocatedWei;
        WithheldWei = allocation.WithheldWei + allocation.UnallocatedWei;
        CapWei = allocation.CapWei;
        PaidWei = allocation.PaidWei;
        Contributors = allocation.Contributors.Count;
        Accounts = allocation.Accounts.Count;
        ComputedAt = now;
    }

    /// <summary>The root is on-chain; claims against it work from <paramref name="claimableAt"/> (null: nothing to claim, no root sent).</summary>
    public void MarkPublished(DateTimeOffset now, DateTimeOffset? claimableAt)
    {
        if (Status != EpochStatus.Computed || (Root is not null && Root == VetoedRoot))
        {
            throw new InvalidOperationException($"Epoch {Number} is {Status}; only a computed epoch can be published.");
        }
        Status = EpochStatus.Published;
        PublishedAt = now;
        ClaimableAt = claimableAt;
        Activity = EpochActivity.None;
        Failure = null;
        FailedAt = null;
    }
}
