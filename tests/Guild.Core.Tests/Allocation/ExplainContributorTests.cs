using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class ExplainContributorTests
{
    [Fact]
    public void Run_NanoGptMaintainer_SharesAddUpAndNameTheWeights()
    {
        var allocation = AllocateEpoch.Run(NanoGpt(1_000_000 * Token));

        var explanation = ExplainContributor.Run(allocation, "email:andrej.karpathy@gmail.com", top: 5)!;

        Assert.Equal(1.0, explanation.ByType.Sum(t => t.Share), 9);
        Assert.Equal(5, explanation.TopContributions.Count);
        Assert.True(explanation.TopContributions.Zip(explanation.TopContributions.Skip(1)).All(p => p.First.Share >= p.Second.Share));
        Assert.Equal(WeightSet.Default.Version, explanation.WeightsVersion);
        Assert.Equal(allocation.WeightsHash.ToString(), explanation.WeightsHash);
        Assert.Contains(explanation.ByType, t => t.Type == ContributionType.Commit);
    }

    [Fact]
    public void Run_UnknownContributor_ReturnsNull()
    {
        var allocation = AllocateEpoch.Run(Random(1, 5, 10, Token, 1_000_000, 0));

        Assert.Null(ExplainContributor.Run(allocation, "github:nobody"));
        Assert.Null(ExplainContributor.Run(allocation, "c:1"));
    }
}
