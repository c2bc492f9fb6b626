using Guild.Core.Allocation;
using Guild.Core.Allocation.WeightSets;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class WeightSetPreviewTests
{
    [Fact]
    public void Compare_SameSet_NoMoversAndEqualSummaries()
    {
        var snapshot = Random(31, 60, 600, 1_000 * Token, 1_000_000, 0);

        var comparison = WeightSetPreview.Compare(snapshot, WeightSet.Default, WeightSet.Default);

        Assert.Empty(comparison.Up);
        Assert.Empty(comparison.Down);
        Assert.Equal(comparison.InForce with { Lorenz = [] }, comparison.Candidate with { Lorenz = [] });
        Assert.Equal(comparison.InForce.Lorenz, comparison.Candidate.Lorenz);
    }

    [Fact]
    public void Compare_Candidate_SummariesAndMoversAreConsistent()
    {
        var snapshot = Random(32, 80, 900, 1_000 * Token, 1_000_000, 0);
        var candidate = WeightSet.Default with { Version = "flatter", SizeUnit = 10, Alpha = 0.3 };

        var c = WeightSetPreview.Compare(snapshot, WeightSet.Default, candidate);

        Assert.Equal("guild-default-2", c.InForce.Version);
        Assert.Equal("flatter", c.Candidate.Version);
        foreach (var s in new[] { c.InForce, c.Candidate })
        {
            Assert.InRange(s.Gini, 0, 1);
            Assert.InRange(s.Top1Percent, 0, s.Top10Percent);
            Assert.InRange(s.Top10Percent, 0, 1.000001);
            Assert.Equal(20, s.Lorenz.Count);
            Assert.Equal(1, s.Lorenz[^1], 9); // everyone holds everything
            Assert.True(s.Lorenz.Zip(s.Lorenz.Skip(1)).All(p => p.First <= p.Second + 1e-12), "a Lorenz curve never falls");
        }
        Assert.All(c.Up, m => Assert.True(m.After > m.Before));
        Assert.All(c.Down, m => Assert.True(m.After < m.Before));
        Assert.True(c.Up.Count > 0 && c.Down.Count > 0);
        Assert.True(c.Up.Zip(c.Up.Skip(1)).All(p => p.First.Change >= p.Second.Change), "biggest gain first");
    }

    [Fact]
    public void Summarize_EqualAmounts_GiniZero()
    {
        var snapshot = Random(33, 10, 0, 1_000 * Token, 1_000_000, 0) with { Contributions = [], Edges = [] };

        var summary = WeightSetPreview.Summarize(AllocateEpoch.Run(snapshot));

        Assert.Equal(0, summary.Gini);
        Assert.Equal(0, summary.Paid);
    }
}
