using System.Numerics;
using CsCheck;
using Guild.Core.Allocation;

namespace Guild.Core.Tests.Allocation;

public class CappedApportionmentTests
{
    [Fact]
    public void Split_EqualWeights_TiesGoToLowerIndex()
    {
        var (amounts, _, unallocated) = CappedApportionment.Split(10, [1, 1, 1], cap: 10);

        Assert.Equal(new BigInteger[] { 4, 3, 3 }, amounts);
        Assert.Equal(BigInteger.Zero, unallocated);
    }

    [Fact]
    public void Split_OneHeavyWeight_CapsItAndSpreadsTheRest()
    {
        var (amounts, capped, unallocated) = CappedApportionment.Split(100, [1000, 1, 1], cap: 40);

        Assert.Equal(new BigInteger[] { 40, 30, 30 }, amounts);
        Assert.Equal(new[] { true, false, false }, capped);
        Assert.Equal(BigInteger.Zero, unallocated);
    }

    [Fact]
    public void Split_CapFallsOnSecondAfterFirst_CapsBoth()
    {
        // 60/30/10 of 100 with cap 35: the first is capped, then the second's share of the rest (65 × 3/4) exceeds 35 too.
        var (amounts, capped, unallocated) = CappedApportionment.Split(100, [60, 30, 10], cap: 35);

        Assert.Equal(new BigInteger[] { 35, 35, 30 }, amounts);
        Assert.Equal(new[] { true, true, false }, capped);
        Assert.Equal(BigInteger.Zero, unallocated);
    }

    [Fact]
    public void Split_TooFewToTakeTheBudget_LeavesTheRestUnallocated()
    {
        var (amounts, _, unallocated) = CappedApportionment.Split(100, [5, 3], cap: 30);

        Assert.Equal(new BigInteger[] { 30, 30 }, amounts);
        Assert.Equal(new BigInteger(40), unallocated);
    }

    [Fact]
    public void Split_NoWeight_LeavesEverythingUnallocated()
    {
        var (amounts, _, unallocated) = CappedApportionment.Split(100, [0, 0], cap: 100);

        Assert.All(amounts, a => Assert.Equal(BigInteger.Zero, a));
        Assert.Equal(new BigInteger(100), unallocated);
    }

    [Fact]
    public void Split_RandomWeights_SumsExactlyWithinCapAndMonotone()
    {
        Gen.Select(Gen.Long[0, long.MaxValue / 4].Array[1, 60], Gen.ULong, Gen.Int[0, 30], Gen.Int[1, 1_000_000]).Sample((weights, budgetBase, scale, capPpm) =>
        {
            var budget = new BigInteger(budgetBase) * BigInteger.Pow(10, scale);
            var cap = budget * capPpm / 1_000_000;

            var (amounts, capped, unallocated) = CappedApportionment.Split(budget, weights, cap);

            Assert.Equal(budget, amounts.Aggregate(BigInteger.Zero, (s, a) => s + a) + unallocated);
            Assert.All(amounts, a => Assert.InRange(a, BigInteger.Zero, cap));
            var positive = weights.Count(w => w > 0);
            if (unallocated.Sign > 0 && positive > 0)
            {
                Assert.All(Enumerable.Range(0, weights.Length).Where(i => weights[i] > 0), i => Assert.True(capped[i]));
            }
            for (var i = 0; i < weights.Length; i++)
            {
                for (var j = 0; j < weights.Length; j++)
                {
                    if (weights[i] > weights[j]) Assert.True(amounts[i] >= amounts[j], $"weight {weights[i]} got less than weight {weights[j]}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Split_NoCapBinding_EachWithinOneUnitOfIdealShare()
    {
        Gen.Select(Gen.Long[1, 1_000_000_000].Array[1, 40], Gen.Long[0, long.MaxValue]).Sample((weights, budgetLong) =>
        {
            BigInteger budget = budgetLong;
            var total = weights.Aggregate(BigInteger.Zero, (s, w) => s + w);

            var (amounts, _, _) = CappedApportionment.Split(budget, weights, cap: budget);

            for (var i = 0; i < weights.Length; i++)
            {
                var floor = budget * weights[i] / total;
                Assert.InRange(amounts[i], floor, floor + 1);
            }
        }, iter: 300);
    }
}
