using System.Numerics;
using CsCheck;
using Guild.Core.Allocation;

namespace Guild.Core.Tests.Allocation;

/// <summary>The properties over random communities: exact sums, no negatives, caps, order and thread invariance.</summary>
public class AllocationPropertyTests
{
    private static readonly Gen<EpochSnapshot> Snapshots =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 25], Gen.Int[0, 80], Gen.ULong, Gen.Int[0, 9], Gen.Int[1, 1_000_000], Gen.Int[0, 3])
            .Select((seed, contributors, contributions, budget, scale, capPpm, minimum) => TestCommunities.Random(
                seed, contributors, contributions, new BigInteger(budget) * BigInteger.Pow(10, scale), capPpm,
                minimum == 0 ? BigInteger.Zero : BigInteger.Pow(10, 17 + minimum)));

    private static BigInteger Sum(IEnumerable<BigInteger> values) => values.Aggregate(BigInteger.Zero, (s, v) => s + v);

    [Fact]
    public void Run_RandomCommunity_AllocationsSumExactlyToBudget()
    {
        Snapshots.Sample(snapshot =>
        {
            var allocation = AllocateEpoch.Run(snapshot);

            Assert.Equal(allocation.AllocatedWei, Sum(allocation.Contributors.Select(c => c.EpochWei)));
            Assert.Equal(snapshot.BudgetWei, allocation.AllocatedWei + allocation.WithheldWei + allocation.UnallocatedWei);
            if (allocation.WithheldWei.Sign > 0)
            {
                Assert.Contains(allocation.Contributors, c => c.Capped);
            }
            if (allocation.UnallocatedWei.Sign > 0)
            {
                // Only when nobody eligible scored.
                Assert.Equal(snapshot.BudgetWei, allocation.UnallocatedWei);
                Assert.All(allocation.Contributors, c => Assert.True(c.Exclusion is not null || c.ScoreShare == 0));
            }
        }, iter: 150);
    }

    [Fact]
    public void Run_RandomCommunity_MoreScoreNeverFewerTokens()
    {
        Snapshots.Sample(snapshot =>
        {
            var allocation = AllocateEpoch.Run(snapshot);

            var eligible = allocation.Contributors.Where(c => c.Exclusion is null).OrderBy(c => c.ScoreShare).ToList();
            for (var i = 1; i < eligible.Count; i++)
            {
                if (eligible[i].ScoreShare > eligible[i - 1].ScoreShare)
                {
                    Assert.True(eligible[i].EpochWei >= eligible[i - 1].EpochWei,
                        $"{eligible[i].Contributor} ({eligible[i].ScoreShare}) got {eligible[i].EpochWei}, less than {eligible[i - 1].Contributor} ({eligible[i - 1].ScoreShare}) with {eligible[i - 1].EpochWei}");
                }
            }
        }, iter: 150);
    }

    [Fact]
    public void Run_RandomCommunity_NobodyUncappedAboveTheirScoreShare()
    {
        Snapshots.Sample(snapshot =>
        {
            var allocation = AllocateEpoch.Run(snapshot);

            Assert.All(allocation.Contributors.Where(c => !c.Capped), c =>
            {
                // The share is the double behind the integer weights: allow its rounding besides the one wei.
                var share = (decimal)c.ScoreShare * (decimal)snapshot.BudgetWei;
                Assert.True((decimal)c.EpochWei <= (share * 1.000000001m) + 1, $"{c.Contributor}: {c.EpochWei} above its score share {share}");
            });
        }, iter: 150);
    }

    [Fact]
    public void Run_RandomCommunity_NothingNegativeAndMoneyConserved()
    {
        Snapshots.Sample(snapshot =>
        {
            var allocation = AllocateEpoch.Run(snapshot);

            Assert.All(allocation.Contributors, c =>
            {
                Assert.True(c.EpochWei.Sign >= 0 && c.PaidWei.Sign >= 0 && c.CarriedWei.Sign >= 0);
                if (c.Exclusion is not null) Assert.Equal(BigInteger.Zero, c.EpochWei);
                if (c.Wallet is null || c.Exclusion is not null) Assert.Equal(BigInteger.Zero, c.PaidWei);
                if (c.PaidWei.Sign > 0) Assert.True(c.PaidWei >= snapshot.MinimumPayoutWei);
            });
            var carriedBefore = Sum(snapshot.Balances.Select(b => b.CarriedWei));
            Assert.Equal(carriedBefore + allocation.AllocatedWei, allocation.PaidWei + allocation.CarriedWei);
            Assert.Equal(Sum(snapshot.Cumulative.Select(a => a.CumulativeWei)) + allocation.PaidWei, allocation.TotalCumulativeWei);
            Assert.All(allocation.Accounts, a => Assert.True(a.CumulativeWei >= a.PreviousWei));
            Assert.Equal(snapshot.Cumulative.Count(a => a.CumulativeWei.Sign > 0) + allocation.Contributors.Count(c => c.PaidWei.Sign > 0 && !snapshot.Cumulative.Any(a => a.Account == c.Wallet)),
                allocation.Accounts.Count);
        }, iter: 150);
    }

    [Fact]
    public void Run_RandomCommunity_CapsRespected()
    {
        Snapshots.Sample(snapshot =>
        {
            var epochCap = snapshot.BudgetWei * snapshot.CapPpm / 1_000_000;

            var allocation = AllocateEpoch.Run(snapshot);

            // The cap applied is the epoch's, lifted to ten equal shares of the scored contributors in a small community.
            var scored = allocation.Contributors.Count(c => c.Exclusion is null && c.ScoreShare > 0);
            var floor = scored == 0 ? 0 : BigInteger.Min(snapshot.BudgetWei, snapshot.BudgetWei * 10 / scored);
            Assert.True(allocation.CapWei >= epochCap);
            Assert.True(allocation.CapWei <= BigInteger.Max(epochCap, floor));
            Assert.All(allocation.Contributors, c => Assert.True(c.EpochWei <= allocation.CapWei, $"{c.Contributor}: {c.EpochWei} above cap {allocation.CapWei}"));
        }, iter: 150);
    }

    [Fact]
    public void Run_ShuffledInput_IdenticalAllocationAndRoot()
    {
        Gen.Select(Snapshots, Gen.Int).Sample((snapshot, shuffleSeed) =>
        {
            var shuffled = TestCommunities.Shuffled(snapshot, shuffleSeed);

            var a = AllocateEpoch.Run(snapshot);
            var b = AllocateEpoch.Run(shuffled);

            Assert.Equal(a.Contributors, b.Contributors);
            Assert.Equal(a.Accounts, b.Accounts);
            Assert.Equal(a.Root, b.Root);
            Assert.Equal(EpochSnapshotJson.Hash(snapshot), EpochSnapshotJson.Hash(shuffled));
        }, iter: 100);
    }

    [Fact]
    public void Run_SameInputAnyThreadCount_SameBits()
    {
        // Large enough for several parallel blocks in the scoring loop.
        var snapshot = TestCommunities.Random(7, 3000, 60_000, 1_000_000 * TestCommunities.Token, 20_000, TestCommunities.Token);

        var single = AllocateEpoch.Run(snapshot, maxDegreeOfParallelism: 1);
        var parallel = AllocateEpoch.Run(snapshot, maxDegreeOfParallelism: 4);
        var again = AllocateEpoch.Run(TestCommunities.Shuffled(snapshot, 3), maxDegreeOfParallelism: 2);

        Assert.Equal(single.Scores.Score, parallel.Scores.Score);
        Assert.Equal(single.Scores.Score, again.Scores.Score);
        Assert.Equal(single.Root, parallel.Root);
        Assert.Equal(single.Root, again.Root);
        Assert.Equal(single.Contributors, again.Contributors);
    }
}
