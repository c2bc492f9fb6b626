using Guild.Core.Allocation;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class CommitHistoryTests
{
    private const string Header = "sha\tparent_shas\tauthor_name\tauthor_email\tauthor_login\tcommitter_name\tcommitter_email\tauthored_at\tcommitted_at\tpr_number\tfiles_changed\tadditions\tdeletions\tco_authors\tsubject";

    private static CommitHistory Import(params string[] rows)
    {
        var history = new CommitHistory();
        history.Add("o/r", CommitHistory.ReadTsv(new StringReader(Header + "\n" + string.Join("\n", rows))));
        return history;
    }

    [Fact]
    public void Add_SquashCommitWithCoAuthor_CommitPrAndEdges()
    {
        var history = Import("aaa\tbbb\tAda\t1+ada@users.noreply.github.com\tada\tGitHub\tnoreply@github.com\t2026-01-02T00:00:00Z\t2026-01-02T00:00:00Z\t12\t1\t30\t5\tBob <bob@example.org>; Ada <1+ada@users.noreply.github.com>\tFix it (#12)",
            "bbb\t\tBob\tbob@example.org\t\tBob\tbob@example.org\t2026-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t\t1\t1\t0\t\tinit");

        Assert.Equal(["email:bob@example.org", "github:ada"], history.Contributors.Select(c => c.Id).Order());
        var commit = history.Contributions.Single(c => c.Id == "commit:o/r@aaa");
        Assert.Equal(35, commit.Size);
        Assert.Contains(history.Contributions, c => c.Id == "pr:o/r#12" && c.Type == ContributionType.PullRequest);
        Assert.Contains(new SnapshotEdge(EdgeType.CoAuthored, "email:bob@example.org", "commit:o/r@aaa"), history.Edges);
        Assert.Contains(new SnapshotEdge(EdgeType.References, "commit:o/r@aaa", "pr:o/r#12"), history.Edges);
        Assert.Contains(new SnapshotEdge(EdgeType.Authored, "github:ada", "pr:o/r#12"), history.Edges);
        Assert.DoesNotContain(history.Edges, e => e.Type == EdgeType.CoAuthored && e.Source == "github:ada");
    }

    [Fact]
    public void Add_MergeCommit_MergerAndBranchCommitsLinkToPr()
    {
        var history = Import(
            "m1\tmain1 f2\tMaintainer\t9+boss@users.noreply.github.com\tboss\tGitHub\tnoreply@github.com\t2026-01-05T00:00:00Z\t2026-01-05T00:00:00Z\t7\t0\t0\t0\t\tMerge pull request #7 from x/y",
            "f2\tf1\tFeat\tfeat@example.org\t\tFeat\tfeat@example.org\t2026-01-04T00:00:00Z\t2026-01-04T00:00:00Z\t\t1\t10\t0\t\tpart 2",
            "f1\tmain1\tFeat\tfeat@example.org\t\tFeat\tfeat@example.org\t2026-01-03T00:00:00Z\t2026-01-03T00:00:00Z\t\t1\t20\t0\t\tpart 1",
            "main1\t\tBoss\t9+boss@users.noreply.github.com\tboss\tBoss\tb@x\t2026-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t\t1\t1\t0\t\tinit",
            "bot1\tmain1\tdependabot[bot]\t49699333+dependabot[bot]@users.noreply.github.com\tdependabot[bot]\tGitHub\tnoreply@github.com\t2026-01-02T00:00:00Z\t2026-01-02T00:00:00Z\t\t1\t2\t2\t\tBump x");

        var pr = history.Contributions.Single(c => c.Id == "pr:o/r#7");
        Assert.Equal(30, pr.Size);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), pr.CreatedAt);
        Assert.Contains(new SnapshotEdge(EdgeType.Merged, "github:boss", "pr:o/r#7"), history.Edges);
        Assert.Contains(new SnapshotEdge(EdgeType.Authored, "email:feat@example.org", "pr:o/r#7"), history.Edges);
        Assert.Contains(new SnapshotEdge(EdgeType.References, "commit:o/r@f1", "pr:o/r#7"), history.Edges);
        Assert.DoesNotContain(history.Contributions, c => c.Id == "commit:o/r@m1");
        Assert.Equal("bot", history.Contributors.Single(c => c.Id == "github:dependabot[bot]").Exclusion);
    }

    [Fact]
    public void NanoGptHistory_Allocated_ValidAndKarpathyLeads()
    {
        var snapshot = NanoGpt(1_000_000 * Token, capPpm: 1_000_000);

        var allocation = AllocateEpoch.Run(snapshot);

        Assert.Empty(SnapshotValidation.Validate(snapshot));
        Assert.Equal(snapshot.BudgetWei, allocation.AllocatedWei);
        var top = allocation.Contributors.MaxBy(c => c.EpochWei)!;
        // Karpathy commits under his own email, so without a linked GitHub login he is an email identity.
        Assert.Equal("email:andrej.karpathy@gmail.com", top.Contributor);
    }

    /// <summary>
    /// Pins the root of a fixed real-history snapshot. It changes only when the formula, the defaults, the tree or the
    /// fixture change on purpose — update the value then, and say why in the commit. A change on another OS or CPU
    /// is a determinism bug.
    /// </summary>
    [Fact]
    public void NanoGptHistory_Root_IsPinned()
    {
        var allocation = AllocateEpoch.Run(NanoGpt(1_000_000 * Token));

        Assert.Equal("0x305466a53649b34ae50b4d31a01075816bf8fb2d56935def83c6ce2add42497d", allocation.Root.ToString());
        Assert.Equal("0x8c527ce41ba950c59491b53fe00b0e3c87af3ccb5afc6fd3e139e08aeccc923a", allocation.WeightsHash.ToString());
    }
}
