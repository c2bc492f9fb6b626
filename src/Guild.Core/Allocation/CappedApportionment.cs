using System.Numerics;

namespace Guild.Core.Allocation;

/// <summary>What happens to the part of a capped contributor's share above the cap (a governed choice, see <see cref="WeightSet.CapExcess"/>).</summary>
public enum CapExcess
{
    /// <summary>It is not allocated: it stays in the pool for later epochs. Nobody receives more than their score share.</summary>
    Withhold,

    /// <summary>It is water-filled onto everyone else in proportion to their scores, until they too reach the cap.</summary>
    Redistribute,
}

/// <summary>The split of a budget: amounts in the order of the weights, who hit the cap, what the cap withheld and what nobody could take.</summary>
/// <param name="WithheldWei">Budget the cap kept back (it stays in the pool).</param>
/// <param name="UnallocatedWei">Budget nobody could take because nobody has any weight.</param>
public sealed record Apportionment(BigInteger[] Amounts, bool[] Capped, BigInteger WithheldWei, BigInteger UnallocatedWei)
{
    public BigInteger AllocatedWei => Amounts.Aggregate(BigInteger.Zero, (sum, a) => sum + a);
}

/// <summary>
/// Splits an integer budget in proportion to integer weights, no share above a cap, exactly: largest remainder
/// (Hamilton) over the shares below the cap.
/// </summary>
/// <remarks>
/// <para>Withhold (the default): whoever's ideal share budget × w / W exceeds the cap gets the cap; everyone else gets
/// their ideal share, floored, and the units the floors lost within that group (fewer than its size) go one each to the
/// largest remainders, ties to the lower index (callers order entries by id). So nobody below the cap gets more than
/// their ideal share rounded up, a heavier weight never gets less, and what the cap cuts off is withheld.</para>
/// <para>Redistribute: while the heaviest uncapped weight's ideal share of what is left exceeds the cap, it gets the cap
/// and leaves the pool; capping one raises everybody else's ideal share, so heaviest-first finds them all. The rest is
/// split as above over the remaining pool. Budget is withheld only when everyone is capped.</para>
/// </remarks>
public static class CappedApportionment
{
    public static Apportionment Split(BigInteger budget, IReadOnlyList<long> weights, BigInteger cap, CapExcess excess = CapExcess.Withhold)
    {
        if (budget.Sign < 0) throw new ArgumentOutOfRangeException(nameof(budget), "The budget is negative.");
        if (cap.Sign < 0) throw new ArgumentOutOfRangeException(nameof(cap), "The cap is negative.");
        var n = weights.Count;
        var amounts = new BigInteger[n];
        var capped = new bool[n];
        BigInteger total = 0;
        for (var i = 0; i < n; i++)
        {
            if (weights[i] < 0) throw new ArgumentOutOfRangeException(nameof(weights), $"Weight {i} is negative.");
            total += weights[i];
        }
        if (total.IsZero || budget.IsZero)
        {
            return new Apportionment(amounts, capped, 0, budget);
        }

        var heaviestFirst = Enumerable.Range(0, n).Where(i => weights[i] > 0).ToArray();
        Array.Sort(heaviestFirst, (a, b) => weights[b].CompareTo(weights[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var pool = budget;
        var poolWeight = total;
        var next = 0;
        // Ideal share pool × w / W exceeds the cap exactly when pool × w > cap × W. Withholding measures every share
        // against the whole budget; redistributing against what is left once the heavier ones are capped.
        while (next < heaviestFirst.Length && pool * weights[heaviestFirst[next]] > cap * poolWeight)
        {
            var i = heaviestFirst[next++];
            amounts[i] = cap;
            capped[i] = true;
            if (excess == CapExcess.Redistribute)
            {
                pool -= cap;
                poolWeight -= weights[i];
            }
        }
        var rest = heaviestFirst.AsSpan(next).ToArray();
        var cappedTotal = cap * next;
        if (rest.Length == 0)
        {
            return new Apportionment(amounts, capped, budget - cappedTotal, 0);
        }

        // The uncapped group's exact share is pool × W_rest / W; it receives that, floored, by largest remainder.
        BigInteger restWeight = 0;
        foreach (var i in rest)
        {
            restWeight += weights[i];
        }
        var groupShare = pool * restWeight / poolWeight;
        var remainders = new BigInteger[n];
        var given = BigInteger.Zero;
        foreach (var i in rest)
        {
            amounts[i] = BigInteger.DivRem(pool * weights[i], poolWeight, out remainders[i]);
            given += amounts[i];
        }
        var leftover = (int)(groupShare - given); // fewer units than entries, since each floor lost less than one
        if (leftover > 0)
        {
            Array.Sort(rest, (a, b) => remainders[b].CompareTo(remainders[a]) is var c && c != 0 ? c : a.CompareTo(b));
            for (var k = 0; k < leftover; k++)
            {
                amounts[rest[k]] += 1;
            }
        }
        return new Apportionment(amounts, capped, budget - cappedTotal - groupShare, 0);
    }
}
