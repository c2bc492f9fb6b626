using System.Numerics;
using CsCheck;
using Guild.Core.Allocation;

namespace Guild.Core.Tests.Allocation;

public class CappedApportionmentTests
{
    private static BigInteger Sum(IEnumerable<BigInteger> values) => values.Aggregate(BigInteger.Zero, (s, v) => s + v);

    [Fact]
    public void Split_EqualWeights_TiesGoToLowerIndex()
    {
        var split = CappedApportionment.Split(10, [1, 1, 1], cap: 10);

        Assert.Equal(new BigInteger[] { 4, 3, 3 }, split.Amounts);
        Assert.Equal(BigInteger.Zero, split.WithheldWei);
        Assert.Equal(BigInteger.Zero, split.UnallocatedWei);
    }

    [Fact]
    public void Split_OneHeavyWeight_CapsItAndWithholdsTheExcess()
    {
        // 1000/1/1 of 100: the heavy one's ideal share (99.8) is cut to 40; the others keep their own share, no more.
        var split = CappedApportionment.Split(100, [1000, 1, 1], cap: 40);

        Assert.Equal(new BigInteger[] { 40, 0, 0 }, split.Amounts);
        Assert.Equal(new[] { true, false, false }, split.Capped);
        Assert.Equal(new BigInteger(60), split.WithheldWei);
    }

    [Fact]
    public void Split_OneHeavyWeightRedistributed_SpreadsTheRestLikeBefore()
    {
        var split = CappedApportionment.Split(100, [1000, 1, 1], cap: 40, CapExcess.Redistribute);

        Assert.Equal(new BigInteger[] { 40, 30, 30 }, split.Amounts);
        Assert.Equal(BigInteger.Zero, split.WithheldWei);
    }

    [Fact]
    public void Split_CapFallsOnSecondOnlyWhenRedistributing_WithholdCapsOne()
    {
        // 60/30/10 of 100 with cap 35: withholding caps the first only; redistributing its excess lifts the second over the cap too.
        var withheld = CappedApportionment.Split(100, [60, 30, 10], cap: 35);
        var redistributed = CappedApportionment.Split(100, [60, 30, 10], cap: 35, CapExcess.Redistribute);

        Assert.Equal(new BigInteger[] { 35, 30, 10 }, withheld.Amounts);
        Assert.Equal(new BigInteger(25), withheld.WithheldWei);
        Assert.Equal(new BigInteger[] { 35, 35, 30 }, redistributed.Amounts);
        Assert.Equal(new[] { true, true, false }, redistributed.Capped);
    }

    [Fact]
    public void Split_NoWeight_LeavesEverythingUnallocated()
    {
        var split = CappedApportionment.Split(100, [0, 0], cap: 100);

        Assert.All(split.Amounts, a => Assert.Equal(BigInteger.Zero, a));
        Assert.Equal(new BigInteger(100), split.UnallocatedWei);
        Assert.Equal(BigInteger.Zero, split.WithheldWei);
    }

    /// <summary>The properties, for both policies where they hold: exact sums, the cap, monotonicity.</summary>
    [Fact]
    public void Split_RandomWeights_SumsExactlyWithinCapAndMonotone()
    {
        Gen.Select(Gen.Long[0, long.MaxValue / 4].Array[1, 60], Gen.ULong, Gen.Int[0, 30], Gen.Int[1, 1_000_000], Gen.Bool).Sample((weights, budgetBase, scale, capPpm, redistribute) =>
        {
            var budget = new BigInteger(budgetBase) * BigInteger.Pow(10, scale);
            var cap = budget * capPpm / 1_000_000;

            var split = CappedApportionment.Split(budget, weights, cap, redistribute ? CapExcess.Redistribute : CapExcess.Withhold);

            Assert.Equal(budget, Sum(split.Amounts) + split.WithheldWei + split.UnallocatedWei);
            Assert.Equal(split.AllocatedWei, Sum(split.Amounts));
            Assert.True(split.WithheldWei.Sign >= 0);
            Assert.All(split.Amounts, a => Assert.InRange(a, BigInteger.Zero, cap));
            for (var i = 0; i < weights.Length; i++)
            {
                for (var j = 0; j < weights.Length; j++)
                {
                    if (weights[i] > weights[j]) Assert.True(split.Amounts[i] >= split.Amounts[j], $"weight {weights[i]} got less than weight {weights[j]}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Split_Withhold_NobodyUncappedAboveTheirShareAndWithheldIsTheCutOff()
    {
        Gen.Select(Gen.Long[0, long.MaxValue / 4].Array[1, 60], Gen.ULong, Gen.Int[0, 30], Gen.Int[1, 1_000_000]).Sample((weights, budgetBase, scale, capPpm) =>
        {
            var budget = new BigInteger(budgetBase) * BigInteger.Pow(10, scale);
            var cap = budget * capPpm / 1_000_000;
            var total = weights.Aggregate(BigInteger.Zero, (s, w) => s + w);

            var split = CappedApportionment.Split(budget, weights, cap);

            if (total.IsZero)
            {
                Assert.Equal(budget, split.UnallocatedWei);
                return;
            }
            var cutOff = BigInteger.Zero;
            for (var i = 0; i < weights.Length; i++)
            {
                var floor = BigInteger.DivRem(budget * weights[i], total, out var remainder);
                if (split.Capped[i])
                {
                    Assert.True(budget * weights[i] > cap * total, $"entry {i} capped below the cap");
                    cutOff += floor - cap;
                }
                else
                {
                    // Their score share of the budget, up to one wei of rounding.
                    Assert.InRange(split.Amounts[i], floor, remainder.IsZero ? floor : floor + 1);
                }
            }
            // What the cap withholds is what it cut off, give or take the rounding of fewer units than entries.
            Assert.InRange(split.WithheldWei, cutOff, cutOff + weights.Length);
        }, iter: 300);
    }

    [Fact]
    public void Split_NoCapBinding_EachWithinOneUnitOfIdealShare()
    {
        Gen.Select(Gen.Long[1, 1_000_000_000].Array[1, 40], Gen.Long[0, long.MaxValue]).Sample((weights, budgetLong) =>
        {
            BigInteger budget = budgetLong;
            var total = weights.Aggregate(BigInteger.Zero, (s, w) => s + w);

            var split = CappedApportionment.Split(budget, weights, cap: budget);

            Assert.Equal(budget, split.AllocatedWei);
            for (var i = 0; i < weights.Length; i++)
            {
                var floor = budget * weights[i] / total;
                Assert.InRange(split.Amounts[i], floor, floor + 1);
            }
        }, iter: 300);
    }
}
