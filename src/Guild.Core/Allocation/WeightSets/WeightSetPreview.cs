namespace Guild.Core.Allocation.WeightSets;

/// <summary>How concentrated an allocation is: Gini coefficient, the shares of the top 1% and 10%, and its Lorenz curve.</summary>
/// <param name="Lorenz">The share of the amount held by the poorest 5%, 10%, … 100% of the eligible contributors (20 points).</param>
public sealed record DistributionSummary(string Version, string Hash, int Eligible, int Paid, double Gini, double Top1Percent, double Top10Percent,
    double WithheldShare, IReadOnlyList<double> Lorenz);

/// <summary>A contributor whose share of the epoch's budget moves under the candidate set.</summary>
public sealed record Mover(string Contributor, double Before, double After)
{
    public double Change => After - Before;
}

/// <summary>The candidate set beside the set in force, both applied to the same epoch's snapshot.</summary>
public sealed record WeightSetComparison(long Epoch, DistributionSummary InForce, DistributionSummary Candidate, IReadOnlyList<Mover> Up, IReadOnlyList<Mover> Down);

/// <summary>
/// What a candidate weight set would have done to an epoch: the epoch's snapshot allocated with the set in force and
/// with the candidate, compared by distribution and by who gains and loses. Pure; no tree is built.
/// </summary>
public static class WeightSetPreview
{
    private const int LorenzPoints = 20;

    public static WeightSetComparison Compare(EpochSnapshot snapshot, WeightSet inForce, WeightSet candidate, int movers = 10)
    {
        var before = Allocate(snapshot with { Weights = inForce });
        var after = Allocate(snapshot with { Weights = candidate });
        var budget = (double)snapshot.BudgetWei;
        var shares = before.Contributors.Where(c => c.Exclusion is null)
            .Select(c => (c.Contributor, Before: (double)c.EpochWei / budget, After: 0.0))
            .ToDictionary(c => c.Contributor, StringComparer.Ordinal);
        foreach (var c in after.Contributors.Where(c => c.Exclusion is null))
        {
            shares[c.Contributor] = shares[c.Contributor] with { After = (double)c.EpochWei / budget };
        }
        var moves = shares.Values.Select(s => new Mover(s.Contributor, s.Before, s.After)).Where(m => m.Change != 0).ToList();
        return new WeightSetComparison(
            snapshot.Epoch,
            Summarize(before),
            Summarize(after),
            [.. moves.Where(m => m.Change > 0).OrderByDescending(m => m.Change).ThenBy(m => m.Contributor, StringComparer.Ordinal).Take(movers)],
            [.. moves.Where(m => m.Change < 0).OrderBy(m => m.Change).ThenBy(m => m.Contributor, StringComparer.Ordinal).Take(movers)]);
    }

    /// <summary>Concentration of the amounts of the eligible (not excluded) contributors.</summary>
    public static DistributionSummary Summarize(EpochAllocation allocation)
    {
        var amounts = allocation.Contributors.Where(c => c.Exclusion is null).Select(c => (double)c.EpochWei).Order().ToArray();
        var n = amounts.Length;
        var total = amounts.Sum();
        var weights = allocation.Snapshot.Weights;
        var hash = allocation.WeightsHash.ToString();
        var withheld = allocation.Snapshot.BudgetWei.IsZero ? 0 : (double)allocation.WithheldWei / (double)allocation.Snapshot.BudgetWei;
        if (n == 0 || total <= 0)
        {
            return new DistributionSummary(weights.Version, hash, n, 0, 0, 0, 0, withheld, [.. Enumerable.Repeat(0.0, LorenzPoints)]);
        }
        double weighted = 0;
        for (var i = 0; i < n; i++)
        {
            weighted += (i + 1) * amounts[i];
        }
        var gini = (2 * weighted / (n * total)) - ((n + 1.0) / n);
        double TopShare(double fraction) => amounts.TakeLast(Math.Max(1, (int)Math.Ceiling(n * fraction))).Sum() / total;
        var lorenz = new double[LorenzPoints];
        for (var p = 1; p <= LorenzPoints; p++)
        {
            lorenz[p - 1] = amounts.Take((int)Math.Round(n * p / (double)LorenzPoints)).Sum() / total;
        }
        return new DistributionSummary(weights.Version, hash, n, amounts.Count(a => a > 0), gini, TopShare(0.01), TopShare(0.10), withheld, lorenz);
    }

    private static EpochAllocation Allocate(EpochSnapshot snapshot)
    {
        SnapshotValidation.EnsureValid(snapshot);
        var graph = ContributionGraph.Build(snapshot);
        return AllocateEpoch.Run(snapshot, graph, ContributionScoring.Score(graph, snapshot.Weights), buildTree: false);
    }
}
