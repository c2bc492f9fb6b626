using System.Numerics;
using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class AllocateEpochTests
{
    /// <summary>Each contributor authors one commit of the given size; everything else default.</summary>
    private static EpochSnapshot Snapshot(BigInteger budget, params (SnapshotContributor Who, long Size)[] work) => new()
    {
        Epoch = 1,
        AsOf = AsOf,
        BudgetWei = budget,
        CapPpm = 1_000_000,
        MinimumPayoutWei = 0,
        Weights = WeightSet.Default,
        Contributors = work.Select(w => w.Who).ToArray(),
        Contributions = work.Select((w, i) => new SnapshotContribution($"commit:{i}", ContributionType.Commit, "guild/guild", AsOf.AddDays(-1), w.Size)).ToArray(),
        Edges = work.Select((w, i) => new SnapshotEdge(EdgeType.Authored, w.Who.Id, $"commit:{i}")).ToArray(),
    };

    private static SnapshotContributor Linked(string id) => new(id, [id], WalletOf(id));

    private static SnapshotContributor Unlinked(string id) => new(id, [id], null);

    [Fact]
    public void Run_TwoAuthors_BiggerCommitEarnsMoreAndBudgetIsExact()
    {
        var allocation = AllocateEpoch.Run(Snapshot(1000 * Token, (Linked("github:big"), 500), (Linked("github:small"), 5)));

        var big = allocation.Contributors.Single(c => c.Contributor == "github:big");
        var small = allocation.Contributors.Single(c => c.Contributor == "github:small");
        Assert.True(big.EpochWei > small.EpochWei);
        Assert.Equal(1000 * Token, big.EpochWei + small.EpochWei);
        Assert.Equal(2, allocation.Accounts.Count);
        Assert.NotNull(allocation.Tree);
    }

    [Fact]
    public void Run_BelowMinimum_CarriesForwardUntilReached()
    {
        var snapshot = Snapshot(100 * Token, (Linked("github:a"), 10), (Linked("github:b"), 10)) with { MinimumPayoutWei = 60 * Token };

        var first = AllocateEpoch.Run(snapshot);
        var second = AllocateEpoch.Run(snapshot with { Epoch = 2, Balances = first.NextBalances.ToArray(), Cumulative = first.NextCumulative.ToArray() });

        Assert.All(first.Contributors, c => Assert.Equal(50 * Token, c.CarriedWei));
        Assert.Null(first.Tree);
        Assert.All(second.Contributors, c => Assert.Equal(100 * Token, c.PaidWei));
        Assert.All(second.Accounts, a => Assert.Equal(100 * Token, a.CumulativeWei));
    }

    [Fact]
    public void Run_UnlinkedIdentity_AccruesThenPaidOnceWalletLinked()
    {
        var before = Snapshot(100 * Token, (Unlinked("github:later"), 10), (Linked("github:now"), 10));

        var first = AllocateEpoch.Run(before);
        var linked = before with
        {
            Epoch = 2,
            Contributors = [Linked("github:later"), Linked("github:now")],
            Balances = first.NextBalances.ToArray(),
            Cumulative = first.NextCumulative.ToArray(),
        };
        var second = AllocateEpoch.Run(linked);

        Assert.Equal(50 * Token, first.Contributors.Single(c => c.Contributor == "github:later").CarriedWei);
        Assert.Single(first.Accounts);
        var later = second.Contributors.Single(c => c.Contributor == "github:later");
        Assert.Equal(100 * Token, later.PaidWei);
        Assert.Equal(BigInteger.Zero, later.CarriedWei);
        Assert.Equal(100 * Token, second.Tree!.LeafOf(WalletOf("github:later")).CumulativeWei);
        Assert.Equal(100 * Token, second.Tree.LeafOf(WalletOf("github:now")).CumulativeWei);
    }

    [Fact]
    public void Run_BotExcluded_ScoredButPaidNothing()
    {
        var bot = new SnapshotContributor("github:dependabot[bot]", [], WalletOf("bot"), "bot");

        var allocation = AllocateEpoch.Run(Snapshot(90 * Token, (bot, 100), (Linked("github:a"), 10), (Linked("github:b"), 10)));

        var row = allocation.Contributors.Single(c => c.Contributor == bot.Id);
        Assert.True(row.ScoreShare > 0);
        Assert.Equal(BigInteger.Zero, row.EpochWei);
        Assert.Equal(45 * Token, allocation.Contributors.Single(c => c.Contributor == "github:a").EpochWei);
        Assert.False(allocation.Tree!.Contains(WalletOf("bot")));
    }

    [Fact]
    public void Run_FlaggedContribution_MintsNothing()
    {
        var snapshot = Snapshot(100 * Token, (Linked("github:a"), 10), (Linked("github:spammer"), 10000));
        snapshot = snapshot with { Contributions = snapshot.Contributions.Select(c => c.Id == "commit:1" ? c with { Flagged = true } : c).ToArray() };

        var allocation = AllocateEpoch.Run(snapshot);

        Assert.Equal(100 * Token, allocation.Contributors.Single(c => c.Contributor == "github:a").EpochWei);
        Assert.Equal(BigInteger.Zero, allocation.Contributors.Single(c => c.Contributor == "github:spammer").EpochWei);
    }

    [Fact]
    public void Run_PreviousAccountsWithoutNewWork_StayInTree()
    {
        var old = new AccountTotal(WalletOf("github:retired"), 7 * Token);

        var allocation = AllocateEpoch.Run(Snapshot(10 * Token, (Linked("github:a"), 10)) with { Cumulative = [old] });

        Assert.Equal(7 * Token, allocation.Tree!.LeafOf(old.Account).CumulativeWei);
        Assert.Equal(17 * Token, allocation.TotalCumulativeWei);
    }

    [Fact]
    public void Run_CapBindsForEveryone_RestWithheld()
    {
        var snapshot = Snapshot(100 * Token, (Linked("github:a"), 10), (Linked("github:b"), 100)) with { CapPpm = 100_000 };
        var allocation = AllocateEpoch.Run(snapshot with { Weights = snapshot.Weights with { CapFloorEqualShares = 0 } });

        Assert.All(allocation.Contributors, c => Assert.Equal(10 * Token, c.EpochWei));
        Assert.Equal(80 * Token, allocation.WithheldWei);
        Assert.Equal(BigInteger.Zero, allocation.UnallocatedWei);
        Assert.Equal(20 * Token, allocation.AllocatedWei);
    }

    [Fact]
    public void Run_OneDominantAuthorInSmallCommunity_CapLiftedToTenEqualSharesAndExcessWithheld()
    {
        // 25 people: one wrote a 2,000-line commit, the others 10 lines each. A 5% cap would bind on the author only;
        // ten equal shares of 25 people are 40%, which is the cap here.
        var work = new List<(SnapshotContributor, long)> { (Linked("github:author"), 2000) };
        work.AddRange(Enumerable.Range(0, 24).Select(i => (Linked($"github:p{i}"), 10L)));
        var snapshot = Snapshot(1000 * Token, [.. work]) with { CapPpm = 50_000 };

        var allocation = AllocateEpoch.Run(snapshot);

        var author = allocation.Contributors.Single(c => c.Contributor == "github:author");
        Assert.True(author.Capped);
        Assert.Equal(400 * Token, allocation.CapWei);
        Assert.Equal(400 * Token, author.EpochWei);
        var other = allocation.Contributors.First(c => c.Contributor == "github:p0");
        Assert.False(other.Capped);
        // Nobody is lifted above their score share: the author's excess is withheld, not spread.
        var share = (decimal)other.ScoreShare * (decimal)(1000 * Token);
        Assert.InRange((decimal)other.EpochWei, (share * 0.999999999m) - 1, (share * 1.000000001m) + 1);
        Assert.Equal(1000 * Token, allocation.AllocatedWei + allocation.WithheldWei);
        Assert.True(allocation.WithheldWei > 0);
    }

    [Fact]
    public void Run_GenesisEpoch_EntitlementsAreThePoolAndReleaseVests()
    {
        var start = AsOf.AddDays(-365.0 / 4); // half of the six months
        var genesis = Snapshot(GenesisVesting.PoolWei, (Linked("github:a"), 10), (Linked("github:b"), 1000)) with
        {
            Genesis = true,
            VestingStart = start,
            AsOf = start + (GenesisVesting.Duration / 2),
        };

        var first = AllocateEpoch.Run(genesis);
        var later = AllocateEpoch.Run(Snapshot(0, (Linked("github:a"), 10), (Linked("github:b"), 1000)) with
        {
            Epoch = 2,
            VestingStart = start,
            AsOf = start + GenesisVesting.Duration + TimeSpan.FromDays(1),
            Balances = first.NextBalances.ToArray(),
            Cumulative = first.NextCumulative.ToArray(),
        });

        Assert.Equal(GenesisVesting.PoolWei, first.Contributors.Aggregate(BigInteger.Zero, (s, c) => s + c.GenesisEntitlementWei));
        Assert.All(first.Contributors, c => Assert.Equal(c.GenesisEntitlementWei / 2, c.PaidWei));
        Assert.Equal(GenesisVesting.PoolWei, later.TotalCumulativeWei);
        Assert.All(later.Contributors, c => Assert.Equal(c.GenesisEntitlementWei, c.GenesisReleasedTotalWei));
    }

    [Fact]
    public void Run_InvalidSnapshot_ListsEveryProblem()
    {
        var snapshot = Snapshot(10, (Linked("github:a"), 10)) with
        {
            CapPpm = 0,
            Contributors = [Linked("github:a"), new SnapshotContributor("github:b", [], "0x1234"), Linked("github:a"),
                new SnapshotContributor("github:c", [], Guild.Core.Claims.EthereumAddress.Zero)],
        };

        var error = Assert.Throws<InvalidSnapshotException>(() => AllocateEpoch.Run(snapshot));

        Assert.Contains(error.Problems, p => p.Contains("capPpm", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'0x1234' is not an address", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("contributor github:a appears twice", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("github:c: the zero address cannot be a wallet", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_BrokenEdges_ListsEachInInputOrder()
    {
        var snapshot = Snapshot(10, (Linked("github:a"), 10)) with
        {
            Edges =
            [
                new SnapshotEdge(EdgeType.Authored, "github:nobody", "commit:0"),
                new SnapshotEdge(EdgeType.References, "github:a", "commit:0"),
                new SnapshotEdge(EdgeType.Cites, "commit:0", "commit:0"),
                new SnapshotEdge(EdgeType.Authored, "github:a", "commit:0"),
            ],
        };

        var error = Assert.Throws<InvalidSnapshotException>(() => AllocateEpoch.Run(snapshot));

        Assert.Equal(
            ["authored edge: source github:nobody is not a contributor", "references edge: source github:a is not a contribution", "cites edge: commit:0 points at itself"],
            error.Problems);
    }

    [Fact]
    public void Run_DuplicateEdge_Rejected()
    {
        var snapshot = Snapshot(10, (Linked("github:a"), 10));
        snapshot = snapshot with { Edges = [.. snapshot.Edges, .. snapshot.Edges] };

        var error = Assert.Throws<InvalidSnapshotException>(() => AllocateEpoch.Run(snapshot));

        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }
}
