using Guild.Audit;
using Guild.Core.Allocation;
using Guild.Core.Tests.Allocation;
using Guild.Testing;

namespace Guild.Core.Tests.Audit;

/// <summary>The auditor as an outsider runs it: from a snapshot file to the root, without the database.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string folder = TestEnvironment.NewTempDirectory("audit");
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string WriteSnapshot(EpochSnapshot snapshot)
    {
        var path = Path.Combine(folder, "snapshot.json");
        using var stream = File.Create(path);
        EpochSnapshotJson.Write(snapshot, stream);
        return path;
    }

    private int Run(params string[] args) => args[0] switch
    {
        "allocate" => AllocateCommand.Run(CommandLine.Parse(args[1..]), output, error),
        "explain" => ExplainCommand.Run(CommandLine.Parse(args[1..]), output, error),
        "proof" => ProofCommand.Run(CommandLine.Parse(args[1..]), output, error),
        "import-git" => ImportGitCommand.Run(CommandLine.Parse(args[1..]), output, error),
        _ => throw new ArgumentException(args[0]),
    };

    [Fact]
    public void Allocate_PublishedRoot_ExitsZeroAndWritesReportCsvAndTree()
    {
        var snapshot = TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token);
        var expected = AllocateEpoch.Run(snapshot).Root.ToString();
        var path = WriteSnapshot(snapshot);

        var exit = Run("allocate", path, "--expect-root", expected, "--report", Path.Combine(folder, "r.json"),
            "--csv", Path.Combine(folder, "r.csv"), "--tree", Path.Combine(folder, "t.json"));

        Assert.Equal(0, exit);
        Assert.Contains($"root       {expected}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("root matches", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(snapshot.Contributors.Count + 1, File.ReadAllLines(Path.Combine(folder, "r.csv")).Length);
        Assert.True(File.Exists(Path.Combine(folder, "t.json")));
    }

    [Fact]
    public void Allocate_SnapshotWithAGrant_ReproducesTheRootAndListsTheGrant()
    {
        var snapshot = TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token) with
        {
            Grants = [new SnapshotGrant(7, "0x00000000000000000000000000000000000000a1", 25_000 * TestCommunities.Token)],
        };
        var expected = AllocateEpoch.Run(snapshot).Root.ToString();
        var path = WriteSnapshot(snapshot);

        var exit = Run("allocate", path, "--expect-root", expected, "--csv", Path.Combine(folder, "r.csv"));

        Assert.Equal(0, exit);
        Assert.Contains("root matches", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(Path.Combine(folder, "r.csv")), l => l.StartsWith("grant:roadmap-proposal-7,0x00000000000000000000000000000000000000a1,", StringComparison.Ordinal));
    }

    [Fact]
    public void Allocate_DifferentExpectedRoot_ExitsOne()
    {
        var path = WriteSnapshot(TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token));

        var exit = Run("allocate", path, "--expect-root", "0x" + new string('1', 64));

        Assert.Equal(1, exit);
        Assert.Contains("MISMATCH", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_InvalidSnapshot_ExitsTwoListingProblems()
    {
        var path = WriteSnapshot(TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token) with { CapPpm = 0 });

        var exit = Run("allocate", path);

        Assert.Equal(2, exit);
        Assert.Contains("capPpm 0", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_EdgeToUnknownContributor_ExitsTwoNamingIt()
    {
        var snapshot = TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token);
        var path = WriteSnapshot(snapshot with { Edges = [.. snapshot.Edges, new SnapshotEdge(EdgeType.Reviewed, "github:ghost", snapshot.Contributions[0].Id)] });

        var exit = Run("allocate", path);

        Assert.Equal(2, exit);
        Assert.Contains("source github:ghost is not a contributor", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportGit_ThenAllocate_SameRootAsEngine()
    {
        var path = Path.Combine(folder, "nanogpt.json");

        var import = Run("import-git", path, "--repo", "karpathy/nanoGPT=" + TestCommunities.DataFile("karpathy__nanoGPT.commits.tsv.gz"),
            "--genesis", "--as-of", "2026-09-01T00:00:00Z");
        using var stream = File.OpenRead(path);
        var snapshot = EpochSnapshotJson.Read(stream);
        var allocate = Run("allocate", path, "--top", "0");

        Assert.Equal(0, import);
        Assert.Equal(0, allocate);
        Assert.True(snapshot.Genesis);
        Assert.Null(snapshot.Weights.HalfLifeDays);
        // The pool is either entitled or withheld by the cap (Karpathy's share above ten equal shares stays in the pool).
        var allocation = AllocateEpoch.Run(snapshot);
        Assert.Equal(GenesisVesting.PoolWei, allocation.AllocatedWei + allocation.WithheldWei);
        static string Agi(System.Numerics.BigInteger wei) => $"{(wei / System.Numerics.BigInteger.Pow(10, 18)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}.";
        Assert.Contains($"{Agi(allocation.AllocatedWei)}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"withheld by the cap {Agi(allocation.WithheldWei)}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainAndProof_KnownContributorAndAccount_Print()
    {
        var snapshot = TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token);
        var allocation = AllocateEpoch.Run(snapshot);
        var account = allocation.Accounts[0].Account;
        var path = WriteSnapshot(snapshot);

        Assert.Equal(0, Run("explain", path, "email:andrej.karpathy@gmail.com", "--top", "3"));
        Assert.Equal(0, Run("proof", path, account));

        Assert.Contains("by contribution type:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(allocation.Tree!.ProofOf(account)[0].ToString(), output.ToString(), StringComparison.Ordinal);
    }
}
