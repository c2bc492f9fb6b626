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
    public BigInteger? PaidWei { get; private set; }
    public int Contributors { get; private set; }
    public int Accounts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ComputedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    public bool IsPublished => Status == EpochStatus.Published;

    /// <summary>Records a computation. Refused once published: the root on-chain is final.</summary>
    public void RecordComputation(EpochAllocation allocation, string snapshotHash, string reportHash, DateTimeOffset now)
    {
        if (IsPublished)
        {
            throw new InvalidOperationException($"Epoch {Number} is published; it cannot be computed again.");
        }
        Status = EpochStatus.Computed;
        WeightsVersion = allocation.Snapshot.Weights.Version;
        WeightsHash = allocation.WeightsHash.ToString();
        SnapshotHash = snapshotHash;
        ReportHash = reportHash;
        Root = allocation.Root.ToString();
        TotalCumulativeWei = allocation.TotalCumulativeWei;
        AllocatedWei = allocation.AllocatedWei;
        PaidWei = allocation.PaidWei;
        Contributors = allocation.Contributors.Count;
        Accounts = allocation.Accounts.Count;
        ComputedAt = now;
    }

    /// <summary>The root is on-chain.</summary>
    public void MarkPublished(DateTimeOffset now)
    {
        if (Status != EpochStatus.Computed)
        {
            throw new InvalidOperationException($"Epoch {Number} is {Status}; only a computed epoch can be published.");
        }
        Status = EpochStatus.Published;
        PublishedAt = now;
    }
}
