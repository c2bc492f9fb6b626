using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

/// <summary>The mint and the edge rules that make slicing, spam and rings buy nothing (docs/allocation.md, "Mint").</summary>
public class ContributionMintTests
{
    private static EpochSnapshot Community(SnapshotContribution[] contributions, SnapshotEdge[] edges, params string[] people) => new()
    {
        Epoch = 1,
        AsOf = AsOf,
        BudgetWei = Token,
        CapPpm = 1_000_000,
        MinimumPayoutWei = 0,
        Weights = WeightSet.Default,
        Contributors = people.Select(p => new SnapshotContributor(p, [p], WalletOf(p))).ToArray(),
        Contributions = contributions,
        Edges = edges,
    };

    private static SnapshotContribution Commit(string id, long size, double daysOld = 1) =>
        new(id, ContributionType.Commit, "o/r", AsOf.AddDays(-daysOld), size);

    private static double MintOf(ContributionGraph graph, string id) => graph.TryGetIndex(id, out var node) ? graph.Mint[node] : 0;

    private static double TotalMint(EpochSnapshot snapshot) => ContributionGraph.Build(snapshot).Mint.Sum();

    [Fact]
    public void Mint_OneCommitSplitIntoTen_SameTotal()
    {
        // The issue's example: ten 10-line commits used to mint 20 against 4.5 for one 100-line commit.
        var one = Community([Commit("c", 100)], [new(EdgeType.Authored, "github:a", "c")], "github:a");
        var ten = Community(
            [.. Enumerable.Range(0, 10).Select(i => Commit($"c{i}", 10))],
            [.. Enumerable.Range(0, 10).Select(i => new SnapshotEdge(EdgeType.Authored, "github:a", $"c{i}"))], "github:a");

        Assert.Equal(TotalMint(one), TotalMint(ten), 9);
    }

    [Fact]
    public void Mint_PullRequestSplitIntoFive_SameTotalWithinOnePercent()
    {
        SnapshotContribution Pr(string id, long size) => new(id, ContributionType.PullRequest, "o/r", AsOf.AddDays(-2), size);
        var one = Community([Pr("pr", 150)], [new(EdgeType.Authored, "github:a", "pr")], "github:a");
        var five = Community(
            [.. Enumerable.Range(0, 5).Select(i => Pr($"pr{i}", 30))],
            [.. Enumerable.Range(0, 5).Select(i => new SnapshotEdge(EdgeType.Authored, "github:a", $"pr{i}"))], "github:a");

        Assert.Equal(1.0, TotalMint(five) / TotalMint(one), 2);
    }

    [Fact]
    public void Mint_HugeDump_GainsLittlePerLine()
    {
        var small = TotalMint(Community([Commit("c", 100)], [new(EdgeType.Authored, "github:a", "c")], "github:a"));
        var huge = TotalMint(Community([Commit("c", 100_000)], [new(EdgeType.Authored, "github:a", "c")], "github:a"));

        Assert.InRange(huge / small, 5, 12); // a thousand times the lines, under twelve times the mint
    }

    [Fact]
    public void Mint_HalfLifeAgo_Halves()
    {
        var fresh = TotalMint(Community([Commit("c", 100, 0)], [new(EdgeType.Authored, "github:a", "c")], "github:a"));
        var old = TotalMint(Community([Commit("c", 100, 180)], [new(EdgeType.Authored, "github:a", "c")], "github:a"));

        Assert.Equal(0.5, old / fresh, 12);
    }

    [Fact]
    public void Build_ClosedOrOpenPullRequest_LeftOutWithItsComments()
    {
        SnapshotContribution Pr(string id, ContributionState state) => new(id, ContributionType.PullRequest, "o/r", AsOf.AddDays(-1), 100, State: state);
        var snapshot = Community(
            [Pr("pr:merged", ContributionState.Merged), Pr("pr:closed", ContributionState.Closed), Pr("pr:open", ContributionState.Open),
             new("comment:1", ContributionType.Comment, "o/r", AsOf.AddDays(-1), 40, State: ContributionState.Closed)],
            [new(EdgeType.Authored, "github:honest", "pr:merged"), new(EdgeType.Authored, "github:spam", "pr:closed"),
             new(EdgeType.Authored, "github:spam", "pr:open"), new(EdgeType.Authored, "github:spam", "comment:1"),
             new(EdgeType.Commented, "github:spam", "pr:closed"), new(EdgeType.References, "comment:1", "pr:closed")],
            "github:honest", "github:spam");

        var graph = ContributionGraph.Build(snapshot);
        var allocation = AllocateEpoch.Run(snapshot);

        Assert.Equal(1, graph.ContributionCount);
        Assert.False(graph.TryGetIndex("pr:closed", out _));
        Assert.Equal(0, allocation.Contributors.Single(c => c.Contributor == "github:spam").EpochWei);
        Assert.Equal(Token, allocation.Contributors.Single(c => c.Contributor == "github:honest").EpochWei);
    }

    [Fact]
    public void Mint_IssueNobodyAnswered_MintsNothingUntilAMaintainerActs()
    {
        SnapshotContribution Issue(string id) => new(id, ContributionType.Issue, "o/r", AsOf.AddDays(-1), 0);
        SnapshotContribution Pr(string id) => new(id, ContributionType.PullRequest, "o/r", AsOf.AddDays(-1), 50, State: ContributionState.Merged);
        SnapshotEdge[] edges =
        [
            new(EdgeType.Authored, "github:dev", "pr:1"), new(EdgeType.Merged, "github:maintainer", "pr:1"),
            new(EdgeType.Authored, "github:reporter", "issue:answered"), new(EdgeType.Commented, "github:maintainer", "issue:answered"),
            new(EdgeType.Authored, "github:puppet", "issue:ignored"), new(EdgeType.Commented, "github:puppet2", "issue:ignored"),
        ];
        var graph = ContributionGraph.Build(Community([Pr("pr:1"), Issue("issue:answered"), Issue("issue:ignored")], edges,
            "github:dev", "github:maintainer", "github:reporter", "github:puppet", "github:puppet2"));

        Assert.True(MintOf(graph, "issue:answered") > 0);
        Assert.Equal(0, MintOf(graph, "issue:ignored"));
    }

    [Fact]
    public void Score_ManyCommenters_ShareWhatOneWouldTake()
    {
        SnapshotContribution Pr() => new("pr", ContributionType.PullRequest, "o/r", AsOf.AddDays(-1), 100);
        var one = Community([Pr()], [new(EdgeType.Authored, "github:a", "pr"), new(EdgeType.Commented, "github:c0", "pr")], "github:a", "github:c0");
        var many = Community([Pr()],
            [new(EdgeType.Authored, "github:a", "pr"), .. Enumerable.Range(0, 10).Select(i => new SnapshotEdge(EdgeType.Commented, $"github:c{i}", "pr"))],
            ["github:a", .. Enumerable.Range(0, 10).Select(i => $"github:c{i}")]);

        double AuthorShare(EpochSnapshot s) => AllocateEpoch.Run(s).Contributors.Single(c => c.Contributor == "github:a").ScoreShare;

        Assert.Equal(AuthorShare(one), AuthorShare(many), 6);
    }

    [Fact]
    public void Score_ReciprocatedReviews_CountForLessThanReviewsOfOutsiders()
    {
        // a and b review each other; c reviews d, who never returns the favour. The same work on both sides.
        SnapshotContribution Pr(string id) => new(id, ContributionType.PullRequest, "o/r", AsOf.AddDays(-1), 100);
        var snapshot = Community(
            [Pr("pr:a"), Pr("pr:b"), Pr("pr:c"), Pr("pr:d")],
            [new(EdgeType.Authored, "github:a", "pr:a"), new(EdgeType.Authored, "github:b", "pr:b"), new(EdgeType.Authored, "github:c", "pr:c"),
             new(EdgeType.Authored, "github:d", "pr:d"), new(EdgeType.Reviewed, "github:a", "pr:b"), new(EdgeType.Reviewed, "github:b", "pr:a"),
             new(EdgeType.Reviewed, "github:c", "pr:d")],
            "github:a", "github:b", "github:c", "github:d");
        var graph = ContributionGraph.Build(snapshot);

        double ReviewerShare(string pr, string reviewer)
        {
            graph.TryGetIndex(pr, out var p);
            graph.TryGetIndex(reviewer, out var r);
            for (var e = graph.InOffsets[r]; e < graph.InOffsets[r + 1]; e++)
            {
                if (graph.InSources[e] == p) return graph.InProbabilities[e];
            }
            return 0;
        }

        // Out of each pull request: authored 1, contained 1/8, and the review's 1/2, halved when it was returned.
        Assert.Equal(0.5 / 1.625, ReviewerShare("pr:d", "github:c"), 12);
        Assert.Equal(0.25 / 1.375, ReviewerShare("pr:b", "github:a"), 12);
    }

    [Fact]
    public void Score_RepositorySpreadsByMint_TinyContributionsGetLittle()
    {
        var snapshot = Community(
            [Commit("big", 500), .. Enumerable.Range(0, 20).Select(i => Commit($"typo{i}", 1, 3 + (i * 10)))],
            [new(EdgeType.Authored, "github:dev", "big"), .. Enumerable.Range(0, 20).Select(i => new SnapshotEdge(EdgeType.Authored, "github:typo", $"typo{i}"))],
            "github:dev", "github:typo");
        var graph = ContributionGraph.Build(snapshot);

        graph.TryGetIndex("o/r", out var repository);
        graph.TryGetIndex("big", out var big);
        graph.TryGetIndex("typo0", out var typo);
        double FromRepository(int node)
        {
            for (var e = graph.InOffsets[node]; e < graph.InOffsets[node + 1]; e++)
            {
                if (graph.InSources[e] == repository) return graph.InProbabilities[e];
            }
            return 0;
        }

        Assert.Equal(graph.Mint[big] / graph.Mint[typo], FromRepository(big) / FromRepository(typo), 9);
    }
}
