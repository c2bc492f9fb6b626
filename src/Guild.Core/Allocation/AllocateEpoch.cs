using System.Numerics;
using Guild.Core.Claims;

namespace Guild.Core.Allocation;

/// <summary>
/// Snapshot → graph → scores → exact allocation → payouts → cumulative claims tree. Pure: the same snapshot gives the
/// same allocation and root, bit for bit, whatever its order and however many threads run.
/// </summary>
public static class AllocateEpoch
{
    /// <summary>Scores use the top 62 bits below the best score when turned into integer weights.</summary>
    private const int WeightBits = 61;

    public static EpochAllocation Run(EpochSnapshot snapshot, int maxDegreeOfParallelism = -1)
    {
        SnapshotValidation.EnsureValid(snapshot);
        var graph = ContributionGraph.Build(snapshot);
        var scores = ContributionScoring.Score(graph, snapshot.Weights, maxDegreeOfParallelism);
        return Run(snapshot, graph, scores);
    }

    /// <summary>Allocates from a graph and scores already computed for <paramref name="snapshot"/> (which must be valid).</summary>
    public static EpochAllocation Run(EpochSnapshot snapshot, ContributionGraph graph, ContributionScores scores, bool buildTree = true)
    {
        var contributors = new SnapshotContributor[graph.ContributorCount];
        var byId = snapshot.Contributors.ToDictionary(c => c.Id, StringComparer.Ordinal);
        for (var i = 0; i < contributors.Length; i++)
        {
            contributors[i] = byId[graph.NodeIds[i]];
        }

        // Integer weights from scores: scaling by a power of two is exact, and truncation is the same everywhere.
        var eligibleTotal = 0.0;
        var best = 0.0;
        for (var i = 0; i < contributors.Length; i++)
        {
            if (!contributors[i].Excluded && scores.Score.Length > 0)
            {
                eligibleTotal += scores.Score[i];
                best = Math.Max(best, scores.Score[i]);
            }
        }
        var weights = new long[contributors.Length];
        if (best > 0)
        {
            var shift = WeightBits - Math.ILogB(best);
            for (var i = 0; i < contributors.Length; i++)
            {
                weights[i] = contributors[i].Excluded ? 0 : (long)Math.ScaleB(scores.Score[i], shift);
            }
        }
        // Grants come off the top: contributors share what is left, capped as a share of the whole budget.
        var grantsWei = BigInteger.Zero;
        foreach (var g in snapshot.Grants)
        {
            grantsWei += g.AmountWei;
        }
        var cap = EffectiveCap(snapshot, weights.Count(w => w > 0));
        var split = CappedApportionment.Split(snapshot.BudgetWei - grantsWei, weights, cap, snapshot.Weights.CapExcess);
        var (amounts, capped) = (split.Amounts, split.Capped);

        // Payouts: what is owed enters the tree once the contributor has a wallet and it reaches the minimum.
        var balances = FoldMerges(snapshot);
        var cumulative = new Dictionary<string, (BigInteger Previous, BigInteger Now)>(StringComparer.Ordinal);
        foreach (var a in snapshot.Cumulative)
        {
            var account = EthereumAddress.Normalize(a.Account);
            cumulative[account] = (a.CumulativeWei, a.CumulativeWei);
        }
        var rows = new ContributorAllocation[contributors.Length];
        BigInteger paidTotal = 0, carriedTotal = 0;
        for (var i = 0; i < contributors.Length; i++)
        {
            var c = contributors[i];
            var balance = balances.GetValueOrDefault(c.Id) ?? new ContributorBalance(c.Id, 0, 0, 0);
            var entitlement = balance.GenesisEntitlementWei + (snapshot.Genesis ? amounts[i] : BigInteger.Zero);
            var releasedTotal = snapshot.VestingStart is { } start
                ? BigInteger.Max(balance.GenesisReleasedWei, GenesisVesting.VestedAt(entitlement, start, snapshot.AsOf))
                : balance.GenesisReleasedWei;
            var released = releasedTotal - balance.GenesisReleasedWei;
            var owed = balance.CarriedWei + released + (snapshot.Genesis ? BigInteger.Zero : amounts[i]);

            var wallet = c.Wallet is null ? null : EthereumAddress.Normalize(c.Wallet);
            BigInteger paid = 0;
            if (wallet is not null && !c.Excluded && owed.Sign > 0 && owed >= snapshot.MinimumPayoutWei)
            {
                paid = owed;
                owed = 0;
                var (previous, now) = cumulative.GetValueOrDefault(wallet);
                cumulative[wallet] = (previous, now + paid);
            }
            paidTotal += paid;
            carriedTotal += owed;
            rows[i] = new ContributorAllocation(
                c.Id, wallet, c.Exclusion, eligibleTotal > 0 ? scores.Score[i] / eligibleTotal : 0, amounts[i], capped[i],
                released, paid, owed, entitlement, releasedTotal);
        }

        // A grant is paid whole, whatever the minimum payout: the vote named the amount and the wallet.
        var grants = snapshot.Grants.OrderBy(g => g.Proposal).Select(g => new GrantAllocation(g.Proposal, EthereumAddress.Normalize(g.Wallet), g.AmountWei)).ToArray();
        foreach (var g in grants)
        {
            var (previous, now) = cumulative.GetValueOrDefault(g.Wallet);
            cumulative[g.Wallet] = (previous, now + g.AmountWei);
            paidTotal += g.AmountWei;
        }

        var accounts = cumulative.Where(a => a.Value.Now.Sign > 0)
            .Select(a => new AccountAllocation(a.Key, a.Value.Previous, a.Value.Now))
            .OrderBy(a => a.Account, StringComparer.Ordinal)
            .ToArray();
        var total = BigInteger.Zero;
        foreach (var a in accounts)
        {
            total += a.CumulativeWei;
        }
        var tree = buildTree && accounts.Length > 0
            ? ClaimsTree.Build(accounts.Select(a => KeyValuePair.Create(a.Account, a.CumulativeWei)))
            : null;
        return new EpochAllocation
        {
            Snapshot = snapshot,
            Graph = graph,
            Scores = scores,
            Contributors = rows,
            Accounts = accounts,
            Grants = grants,
            GrantsWei = grantsWei,
            CapWei = cap,
            AllocatedWei = snapshot.BudgetWei - split.WithheldWei - split.UnallocatedWei,
            WithheldWei = split.WithheldWei,
            UnallocatedWei = split.UnallocatedWei,
            PaidWei = paidTotal,
            CarriedWei = carriedTotal,
            TotalCumulativeWei = total,
            Tree = tree,
        };
    }

    /// <summary>
    /// The per-contributor cap: the epoch's (budget × capPpm / 10⁶), but never below <see cref="WeightSet.CapFloorEqualShares"/>
    /// equal shares of the budget among the <paramref name="scored"/> contributors, so that in a small community the cap
    /// binds on outliers rather than on everyone above average.
    /// </summary>
    public static BigInteger EffectiveCap(EpochSnapshot snapshot, int scored)
    {
        var cap = snapshot.BudgetWei * snapshot.CapPpm / 1_000_000;
        if (snapshot.Weights.CapFloorEqualShares > 0 && scored > 0)
        {
            cap = BigInteger.Max(cap, BigInteger.Min(snapshot.BudgetWei, snapshot.BudgetWei * snapshot.Weights.CapFloorEqualShares / scored));
        }
        return cap;
    }

    /// <summary>
    /// Balances by contributor, a merged person's added to the survivor's: carried amounts, entitlements and what vesting
    /// released of them add up, so nothing is lost or doubled by a merge.
    /// </summary>
    private static Dictionary<string, ContributorBalance> FoldMerges(EpochSnapshot snapshot)
    {
        var into = snapshot.Merges.ToDictionary(m => m.From, m => m.Into, StringComparer.Ordinal);
        var balances = new Dictionary<string, ContributorBalance>(StringComparer.Ordinal);
        foreach (var b in snapshot.Balances)
        {
            var owner = into.GetValueOrDefault(b.Contributor) ?? b.Contributor;
            balances[owner] = balances.TryGetValue(owner, out var sum)
                ? new ContributorBalance(owner, sum.CarriedWei + b.CarriedWei, sum.GenesisEntitlementWei + b.GenesisEntitlementWei, sum.GenesisReleasedWei + b.GenesisReleasedWei)
                : b with { Contributor = owner };
        }
        return balances;
    }
}
