using System.Numerics;
using Guild.Core.Claims;

namespace Guild.Core.Allocation;

/// <summary>One contributor's line of an epoch's allocation.</summary>
/// <param name="ScoreShare">Share of the eligible contributors' total score (excluded contributors show theirs against the same total).</param>
/// <param name="EpochWei">This epoch's share of the budget; in the genesis epoch, the genesis entitlement.</param>
/// <param name="GenesisReleasedWei">Genesis entitlement released by vesting during this epoch.</param>
/// <param name="PaidWei">What entered the claims tree this epoch (added to the wallet's cumulative amount).</param>
/// <param name="CarriedWei">Owed but not in the tree after this epoch: below the minimum, no wallet yet, or excluded.</param>
public sealed record ContributorAllocation(
    string Contributor,
    string? Wallet,
    string? Exclusion,
    double ScoreShare,
    BigInteger EpochWei,
    bool Capped,
    BigInteger GenesisReleasedWei,
    BigInteger PaidWei,
    BigInteger CarriedWei,
    BigInteger GenesisEntitlementWei,
    BigInteger GenesisReleasedTotalWei)
{
    /// <summary>The state the next epoch's snapshot carries for this contributor.</summary>
    public ContributorBalance NextBalance => new(Contributor, CarriedWei, GenesisEntitlementWei, GenesisReleasedTotalWei);
}

/// <summary>An account of the claims tree: its cumulative amount before and after the epoch.</summary>
public sealed record AccountAllocation(string Account, BigInteger PreviousWei, BigInteger CumulativeWei);

/// <summary>A retroactive grant this epoch pays: the roadmap vote that granted it, the wallet and the amount.</summary>
public sealed record GrantAllocation(long Proposal, string Wallet, BigInteger AmountWei);

/// <summary>The result of allocating one epoch: per contributor, per account, the totals and the claims tree.</summary>
public sealed class EpochAllocation
{
    public required EpochSnapshot Snapshot { get; init; }
    public required ContributionGraph Graph { get; init; }
    public required ContributionScores Scores { get; init; }

    /// <summary>Every contributor of the snapshot, by id.</summary>
    public required IReadOnlyList<ContributorAllocation> Contributors { get; init; }

    /// <summary>Every account of the new tree, by address.</summary>
    public required IReadOnlyList<AccountAllocation> Accounts { get; init; }

    /// <summary>Every grant the epoch pays, by proposal.</summary>
    public IReadOnlyList<GrantAllocation> Grants { get; init; } = [];

    /// <summary>What the grants take from the budget (part of <see cref="AllocatedWei"/> and <see cref="PaidWei"/>).</summary>
    public BigInteger GrantsWei { get; init; }

    /// <summary>The per-contributor cap this epoch applied (see <see cref="AllocateEpoch.EffectiveCap"/>).</summary>
    public required BigInteger CapWei { get; init; }

    /// <summary>The budget given out this epoch; with <see cref="WithheldWei"/> and <see cref="UnallocatedWei"/> it makes the budget exactly.</summary>
    public required BigInteger AllocatedWei { get; init; }

    /// <summary>Budget the cap kept back: it stays in the pool for later epochs (see <see cref="CapExcess"/>).</summary>
    public required BigInteger WithheldWei { get; init; }

    /// <summary>Budget nobody could take because nobody eligible scored; it stays in the pool too.</summary>
    public required BigInteger UnallocatedWei { get; init; }

    /// <summary>Everything that entered the tree this epoch: contributors' payouts and grants.</summary>
    public required BigInteger PaidWei { get; init; }
    public required BigInteger CarriedWei { get; init; }
    public required BigInteger TotalCumulativeWei { get; init; }

    /// <summary>Null when no account has anything yet (no root can be published then).</summary>
    public ClaimsTree? Tree { get; init; }

    public Hash32 Root => Tree?.Root ?? Hash32.Zero;

    public Hash32 WeightsHash => WeightSetJson.Hash(Snapshot.Weights);

    /// <summary>The balances to put into the next epoch's snapshot (contributors with nothing owed are left out).</summary>
    public IEnumerable<ContributorBalance> NextBalances =>
        Contributors.Where(c => c.CarriedWei.Sign > 0 || c.GenesisEntitlementWei.Sign > 0).Select(c => c.NextBalance);

    /// <summary>The cumulative amounts to put into the next epoch's snapshot.</summary>
    public IEnumerable<AccountTotal> NextCumulative => Accounts.Select(a => new AccountTotal(a.Account, a.CumulativeWei));
}
