using System.Numerics;
using System.Text;
using System.Text.Json;
using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

/// <summary>A passed retroactive grant in an epoch: off the top of the budget, its own line, in the tree, named in the report, auditable.</summary>
public class RetroactiveGrantAllocationTests
{
    private const string GrantWallet = "0x00000000000000000000000000000000000000a1";

    private static EpochSnapshot Snapshot(BigInteger budget, params SnapshotGrant[] grants) => new()
    {
        Epoch = 2,
        AsOf = AsOf,
        BudgetWei = budget,
        CapPpm = 1_000_000,
        MinimumPayoutWei = 0,
        Weights = WeightSet.Default,
        Contributors = [new("github:big", ["github:big"], WalletOf("github:big")), new("github:small", ["github:small"], WalletOf("github:small"))],
        Contributions =
        [
            new("commit:0", ContributionType.Commit, "guild/guild", AsOf.AddDays(-1), 500),
            new("commit:1", ContributionType.Commit, "guild/guild", AsOf.AddDays(-1), 7),
        ],
        Edges = [new(EdgeType.Authored, "github:big", "commit:0"), new(EdgeType.Authored, "github:small", "commit:1")],
        Cumulative = [new AccountTotal(GrantWallet, 5 * Token)],
        Grants = grants,
    };

    [Fact]
    public void Run_PassedGrants_ComeOffTheBudgetAndTheWholeBudgetIsAllocatedExactly()
    {
        var budget = 1000 * Token + 7; // an odd amount: the remainder must still go somewhere exact
        var allocation = AllocateEpoch.Run(Snapshot(budget, new SnapshotGrant(12, GrantWallet, 150 * Token), new SnapshotGrant(9, WalletOf("github:small"), 3)));

        var scored = allocation.Contributors.Aggregate(BigInteger.Zero, (sum, c) => sum + c.EpochWei);
        Assert.Equal(budget - 150 * Token - 3, scored);
        Assert.Equal(150 * Token + 3, allocation.GrantsWei);
        Assert.Equal(budget, allocation.AllocatedWei + allocation.WithheldWei + allocation.UnallocatedWei);
        Assert.Equal(budget, scored + allocation.GrantsWei + allocation.WithheldWei + allocation.UnallocatedWei);
        // Each grant is its own line, in proposal order, paid whole into its wallet's cumulative claim.
        Assert.Equal([9L, 12L], allocation.Grants.Select(g => g.Proposal));
        Assert.Equal(5 * Token + 150 * Token, allocation.Tree!.LeafOf(GrantWallet).CumulativeWei);
        var small = allocation.Contributors.Single(c => c.Contributor == "github:small");
        Assert.Equal(small.PaidWei + 3, allocation.Tree.LeafOf(WalletOf("github:small")).CumulativeWei);
        // Everything that entered the tree this epoch: the previous total plus what was paid.
        Assert.Equal(5 * Token + allocation.PaidWei, allocation.TotalCumulativeWei);
        Assert.Equal(allocation.Contributors.Aggregate(BigInteger.Zero, (sum, c) => sum + c.PaidWei) + allocation.GrantsWei, allocation.PaidWei);
    }

    [Fact]
    public void Report_NamesTheVoteThatGrantedEachLine()
    {
        var allocation = AllocateEpoch.Run(Snapshot(1000 * Token, new SnapshotGrant(12, GrantWallet, 150 * Token)));

        using var json = new MemoryStream();
        AllocationReport.WriteJson(allocation, json);
        using var report = JsonDocument.Parse(json.ToArray());
        var grant = Assert.Single(report.RootElement.GetProperty("grants").EnumerateArray().ToList());
        Assert.Equal(12, grant.GetProperty("proposal").GetInt64());
        Assert.Equal("grant:roadmap-proposal-12", grant.GetProperty("grantedBy").GetString());
        Assert.Equal(GrantWallet, grant.GetProperty("wallet").GetString());
        Assert.Equal((150 * Token).ToString(), grant.GetProperty("amountWei").GetString());
        Assert.Equal((150 * Token).ToString(), report.RootElement.GetProperty("grantsWei").GetString());

        using var csv = new StringWriter();
        AllocationReport.WriteCsv(allocation, csv);
        var line = Assert.Single(csv.ToString().Split('\n'), l => l.StartsWith("grant:", StringComparison.Ordinal));
        Assert.Equal($"grant:roadmap-proposal-12,{GrantWallet},,0,{150 * Token},false,0,{150 * Token},0,{155 * Token}", line.TrimEnd('\r'));
    }

    [Fact]
    public void Snapshot_WithGrants_RoundTripsAndHashesLikeBeforeWithout()
    {
        var without = Snapshot(1000 * Token);
        var with = Snapshot(1000 * Token, new SnapshotGrant(12, GrantWallet.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), 150 * Token));

        using var stream = new MemoryStream();
        EpochSnapshotJson.Write(with, stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;
        var read = EpochSnapshotJson.Read(stream);

        Assert.Contains($"\"grants\":[{{\"proposal\":12,\"wallet\":\"{GrantWallet}\",\"amountWei\":\"{150 * Token}\"}}]", text, StringComparison.Ordinal);
        Assert.Equal(new SnapshotGrant(12, GrantWallet, 150 * Token), Assert.Single(read.Grants));
        Assert.Equal(EpochSnapshotJson.Hash(with), EpochSnapshotJson.Hash(read));
        Assert.Equal(AllocateEpoch.Run(with).Root, AllocateEpoch.Run(read).Root);
        // No grants, no property: older snapshots keep their hash.
        using var plain = new MemoryStream();
        EpochSnapshotJson.Write(without, plain);
        Assert.DoesNotContain("grants", Encoding.UTF8.GetString(plain.ToArray()), StringComparison.Ordinal);
        Assert.NotEqual(AllocateEpoch.Run(without).Root, AllocateEpoch.Run(with).Root);
    }

    [Fact]
    public void Validate_GrantsBeyondTheBudget_AreRefusedNamingTheVotes()
    {
        var problems = SnapshotValidation.Validate(Snapshot(100 * Token, new SnapshotGrant(3, GrantWallet, 60 * Token), new SnapshotGrant(4, GrantWallet, 41 * Token)));

        var problem = Assert.Single(problems);
        Assert.Contains("proposal(s) 3, 4", problem, StringComparison.Ordinal);
        Assert.Contains("more than the epoch's budget", problem, StringComparison.Ordinal);
        Assert.Throws<InvalidSnapshotException>(() => AllocateEpoch.Run(Snapshot(100 * Token, new SnapshotGrant(3, GrantWallet, 101 * Token))));
    }

    [Theory]
    [InlineData("0x1234", "1", "is not a wallet")]
    [InlineData(GrantWallet, "0", "must be positive")]
    public void Validate_BadGrant_IsRefusedWithAReason(string wallet, string amount, string reason)
    {
        var problems = SnapshotValidation.Validate(Snapshot(100 * Token, new SnapshotGrant(3, wallet, BigInteger.Parse(amount))));

        Assert.Contains(problems, p => p.Contains(reason, StringComparison.Ordinal));
    }
}
