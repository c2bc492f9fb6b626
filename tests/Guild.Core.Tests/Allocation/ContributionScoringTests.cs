using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class ContributionScoringTests
{
    [Fact]
    public void Score_RandomCommunity_ConvergesAndSumsToOne()
    {
        var snapshot = Random(3, 200, 2000, Token, 1_000_000, 0);
        var graph = ContributionGraph.Build(snapshot);

        var scores = ContributionScoring.Score(graph, snapshot.Weights);

        Assert.True(scores.Residual < snapshot.Weights.Tolerance);
        Assert.InRange(scores.Iterations, 10, 300);
        Assert.Equal(1.0, scores.Score.Sum(), 9);
        Assert.All(scores.Score, s => Assert.True(s >= 0));
    }

    [Fact]
    public void Score_AuthorAndCommenter_AuthorGetsMore()
    {
        var snapshot = new EpochSnapshot
        {
            Epoch = 1,
            AsOf = AsOf,
            BudgetWei = Token,
            CapPpm = 1_000_000,
            MinimumPayoutWei = 0,
            Weights = WeightSet.Default,
            Contributors = [new("github:author", [], null), new("github:commenter", [], null)],
            Contributions = [new("pr:1", ContributionType.PullRequest, "r", AsOf, 100)],
            Edges = [new(EdgeType.Authored, "github:author", "pr:1"), new(EdgeType.Commented, "github:commenter", "pr:1")],
        };
        var graph = ContributionGraph.Build(snapshot);

        var scores = ContributionScoring.Score(graph, snapshot.Weights);

        graph.TryGetIndex("github:author", out var author);
        graph.TryGetIndex("github:commenter", out var commenter);
        // Backward weights 1 and 0.25: the author receives four times the commenter's flow.
        Assert.Equal(4.0, scores.Score[author] / scores.Score[commenter], 9);
    }

    [Fact]
    public void Score_EmptyGraph_ReturnsNoScores()
    {
        var snapshot = Random(1, 0, 0, Token, 1_000_000, 0);

        var scores = ContributionScoring.Score(ContributionGraph.Build(snapshot), snapshot.Weights);

        Assert.Empty(scores.Score);
    }
}

public class PortableMathTests
{
    [Fact]
    public void Log2AndExp2_AcrossRange_MatchPlatformWithinFewUlps()
    {
        var random = new Random(5);
        for (var i = 0; i < 10_000; i++)
        {
            var x = Math.Exp((random.NextDouble() * 80) - 40);
            Assert.Equal(Math.Log2(x), PortableMath.Log2(x), Math.Abs(Math.Log2(x)) * 1e-14 + 1e-15);
            var y = (random.NextDouble() * 100) - 90;
            Assert.Equal(Math.Pow(2, y), PortableMath.Exp2(y), Math.Pow(2, y) * 1e-14);
        }
        Assert.Equal(0.0, PortableMath.Log2(1));
        Assert.Equal(10.0, PortableMath.Log2(1024));
        Assert.Equal(0.5, PortableMath.Exp2(-1));
    }
}

public class GenesisVestingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void VestedAt_BeforeDuringAfter_LinearLikeVestingWallet()
    {
        var pool = GenesisVesting.PoolWei;

        Assert.Equal(0, GenesisVesting.VestedAt(pool, Start, Start.AddSeconds(-1)));
        Assert.Equal(pool / 2, GenesisVesting.VestedAt(pool, Start, Start + (GenesisVesting.Duration / 2)));
        Assert.Equal(pool * 1000 / 15_768_000, GenesisVesting.VestedAt(pool, Start, Start.AddSeconds(1000)));
        Assert.Equal(pool, GenesisVesting.VestedAt(pool, Start, Start.AddYears(1)));
    }

    [Fact]
    public void Schedule_SevenPoints_FromZeroToPool()
    {
        var schedule = GenesisVesting.Schedule(GenesisVesting.PoolWei, Start);

        Assert.Equal(7, schedule.Count);
        Assert.Equal(0, schedule[0].VestedWei);
        Assert.Equal(GenesisVesting.PoolWei / 6, schedule[1].VestedWei);
        Assert.Equal(GenesisVesting.PoolWei, schedule[6].VestedWei);
        Assert.Equal(2_000_000_000m, (decimal)(GenesisVesting.PoolWei / Token));
    }
}
