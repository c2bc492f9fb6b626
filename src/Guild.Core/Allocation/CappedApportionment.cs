using System.Numerics;

namespace Guild.Core.Allocation;

/// <summary>
/// Splits an integer budget in proportion to integer weights, no share above a cap, exactly: largest remainder
/// (Hamilton) after water-filling the cap.
/// </summary>
/// <remarks>
/// Water-filling: while the heaviest uncapped weight's ideal share exceeds the cap, it gets the cap and leaves the
/// pool; capping one raises everybody else's ideal share, so heaviest-first finds them all. The rest is split
/// floor(remaining × w / W), and the units left over go one each to the largest remainders, ties to the lower
/// index (callers order entries by id). A share that got a remainder unit had a fractional ideal share at most the
/// cap, so the unit never breaks the cap. Only when every entry is capped can budget be left over.
/// </remarks>
public static class CappedApportionment
{
    /// <returns>The amounts (same order as <paramref name="weights"/>), which of them hit the cap, and what is left unallocated.</returns>
    public static (BigInteger[] Amounts, bool[] Capped, BigInteger Unallocated) Split(BigInteger budget, IReadOnlyList<long> weights, BigInteger cap)
    {
        if (budget.Sign < 0) throw new ArgumentOutOfRangeException(nameof(budget), "The budget is negative.");
        if (cap.Sign < 0) throw new ArgumentOutOfRangeException(nameof(cap), "The cap is negative.");
        var n = weights.Count;
        var amounts = new BigInteger[n];
        var capped = new bool[n];
        BigInteger poolWeight = 0;
        for (var i = 0; i < n; i++)
        {
            if (weights[i] < 0) throw new ArgumentOutOfRangeException(nameof(weights), $"Weight {i} is negative.");
            poolWeight += weights[i];
        }
        if (poolWeight.IsZero || budget.IsZero)
        {
            return (amounts, capped, budget);
        }

        var heaviestFirst = Enumerable.Range(0, n).Where(i => weights[i] > 0).ToArray();
        Array.Sort(heaviestFirst, (a, b) => weights[b].CompareTo(weights[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var pool = budget;
        var next = 0;
        // Ideal share pool × w / W exceeds the cap exactly when pool × w > cap × W.
        while (next < heaviestFirst.Length && pool * weights[heaviestFirst[next]] > cap * poolWeight)
        {
            var i = heaviestFirst[next++];
            amounts[i] = cap;
            capped[i] = true;
            pool -= cap;
            poolWeight -= weights[i];
        }
        if (next == heaviestFirst.Length)
        {
            return (amounts, capped, pool);
        }

        var rest = heaviestFirst.AsSpan(next).ToArray();
        var remainders = new BigInteger[n];
        var given = BigInteger.Zero;
        foreach (var i in rest)
        {
            amounts[i] = BigInteger.DivRem(pool * weights[i], poolWeight, out remainders[i]);
            given += amounts[i];
        }
        var leftover = (int)(pool - given); // fewer units than entries, since each floor lost less than one
        if (leftover > 0)
        {
            Array.Sort(rest, (a, b) => remainders[b].CompareTo(remainders[a]) is var c && c != 0 ? c : a.CompareTo(b));
            for (var k = 0; k < leftover; k++)
            {
                amounts[rest[k]] += 1;
            }
        }
        return (amounts, capped, BigInteger.Zero);
    }
}
