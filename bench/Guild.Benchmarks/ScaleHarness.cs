using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Guild.Core.Allocation;
using Guild.Core.Claims;

namespace Guild.Benchmarks;

/// <summary>
/// Wall time and memory of the whole engine, stage by stage, on synthetic communities or the real histories:
/// <c>dotnet run -c Release --project bench/Guild.Benchmarks -- scale 10k|100k|1m|score-1m-edges|score-edges N|tree N|datasets</c>.
/// Run one size per process, so the peak working set belongs to that size alone.
/// </summary>
public static class ScaleHarness
{
    public static int Run(string[] args)
    {
        var mode = args.Length > 1 ? args[1] : "10k";
        Console.WriteLine($"Guild allocation scale run: {mode} · {Environment.ProcessorCount} cores · .NET {Environment.Version} · server GC {System.Runtime.GCSettings.IsServerGC}");
        switch (mode)
        {
            case "10k": Pipeline(Generate(10_000, 1_000)); break;
            case "100k": Pipeline(Generate(100_000, 10_000)); break;
            case "1m": Pipeline(Generate(1_000_000, 100_000)); break;
            case "score-1m-edges": ScoreOnly(1_000_000); break;
            case "score-edges": ScoreOnly(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000); break;
            case "export": Export(args[2], args[3]); break;
            case "read": Pipeline(Read(args[2])); break;
            case "tree": TreeOnly(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000); break;
            case "datasets": Pipeline(Datasets(args.Length > 2 ? args[2] : Path.Combine(RepositoryRoot(), "bench", "data")), print: 20); break;
            default:
                Console.Error.WriteLine("usage: scale 10k|100k|1m|score-1m-edges|score-edges N|tree N|export SIZE PATH|read PATH|datasets [folder]");
                return 2;
        }
        return 0;
    }

    private static EpochSnapshot Generate(int contributions, int contributors)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = SyntheticCommunity.Generate(contributions, contributors);
        Console.WriteLine($"generated {contributions:N0} contributions, {contributors:N0} contributors, {snapshot.Edges.Count:N0} edges in {clock.Elapsed.TotalSeconds:F2} s (not counted below)");
        return snapshot;
    }

    private static void Pipeline(EpochSnapshot snapshot, int print = 0)
    {
        var stages = new Stages();
        stages.Start();
        SnapshotValidation.EnsureValid(snapshot);
        stages.End("validate");
        var graph = ContributionGraph.Build(snapshot);
        stages.End("graph (CSR)");
        var scores = ContributionScoring.Score(graph, snapshot.Weights);
        stages.End("score");
        var allocation = AllocateEpoch.Run(snapshot, graph, scores, buildTree: false);
        stages.End("allocate");
        var tree = ClaimsTree.Build(allocation.Accounts.Select(a => KeyValuePair.Create(a.Account, a.CumulativeWei)));
        stages.End("claims tree");
        long proofNodes = 0;
        var proofs = new Hash32[tree.Values.Count][];
        for (var i = 0; i < proofs.Length; i++)
        {
            proofs[i] = tree.ProofAt(tree.Values[i].TreeIndex);
            proofNodes += proofs[i].Length;
        }
        stages.End("all proofs");
        var endToEnd = stages.Total;
        var endToEndPeak = Process.GetCurrentProcess().PeakWorkingSet64;
        var hash = EpochSnapshotJson.Hash(snapshot);
        stages.End("snapshot hash (canonical JSON + SHA-256)");

        Console.WriteLine();
        Console.WriteLine($"graph: {graph.ContributorCount:N0} contributors, {graph.ContributionCount:N0} contributions, {graph.RepositoryCount:N0} repositories, {graph.EdgeCount:N0} edges, {graph.TransitionCount:N0} transitions");
        Console.WriteLine($"score: {scores.Iterations} iterations, residual {scores.Residual:E2}");
        Console.WriteLine($"tree: {tree.Values.Count:N0} accounts, {proofNodes:N0} proof nodes; root {tree.Root}");
        Console.WriteLine($"budget {Tokens(snapshot.BudgetWei)} AGI: allocated {Tokens(allocation.AllocatedWei)}, paid {Tokens(allocation.PaidWei)}, carried {Tokens(allocation.CarriedWei)}, withheld by the cap ({Tokens(allocation.CapWei)} each) {Tokens(allocation.WithheldWei)}, unallocated {Tokens(allocation.UnallocatedWei)}");
        Console.WriteLine($"snapshot hash {hash}");
        Console.WriteLine();
        stages.Print();
        Console.WriteLine($"END TO END (validate → all proofs): {endToEnd.TotalSeconds:F2} s wall, {stages.TotalCpu.TotalSeconds:F2} s cpu, peak working set {Mb(endToEndPeak)} MB; load average {LoadAverage()}");
        GC.KeepAlive(proofs);

        if (print > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"top {print} of {allocation.Contributors.Count(c => c.EpochWei.Sign > 0)} paid contributors:");
            foreach (var c in allocation.Contributors.OrderByDescending(c => c.EpochWei).ThenBy(c => c.Contributor, StringComparer.Ordinal).Take(print))
            {
                var why = ExplainContributor.Run(allocation, c.Contributor, top: 1)!;
                var types = string.Join(" ", why.ByType.Take(3).Select(t => $"{t.Type.Name()} {t.Share:P0}"));
                Console.WriteLine($"  {c.Contributor,-44} {c.ScoreShare,8:P2} {Tokens(c.EpochWei),14} AGI  {(c.Wallet is null ? "accrues (no wallet)" : "paid")}  [{types}]");
            }
        }
    }

    /// <summary>The comparison with SourceCred's CredRank: scoring alone on a graph of the given number of edges (3 per contribution).</summary>
    private static void ScoreOnly(int edges)
    {
        var contributions = (edges + 2) / 3;
        var snapshot = Generate(contributions, Math.Max(10, contributions / 10));
        var graph = ContributionGraph.Build(snapshot);
        snapshot = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var graphBytes = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var scores = ContributionScoring.Score(graph, WeightSet.Default);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"graph: {graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges ({graph.TransitionCount:N0} transitions incl. containment)");
        Console.WriteLine($"SCORE ONLY, {graph.EdgeCount:N0} edges: {elapsed.TotalMilliseconds:F0} ms, {scores.Iterations} iterations (residual {scores.Residual:E2});"
            + $" scoring allocates {Mb(allocated)} MB; live heap with the graph {Mb(graphBytes)} MB; process peak working set {Mb(Process.GetCurrentProcess().PeakWorkingSet64)} MB (includes generating the snapshot)");
        var single = Stopwatch.StartNew();
        ContributionScoring.Score(graph, WeightSet.Default, maxDegreeOfParallelism: 1);
        Console.WriteLine($"same on one thread: {single.Elapsed.TotalMilliseconds:F0} ms; load average {LoadAverage()}");
    }

    /// <summary>Writes a synthetic community's snapshot (10k, 100k or 1m) as canonical JSON, for timing guild-audit on it.</summary>
    private static void Export(string size, string path)
    {
        var snapshot = size switch
        {
            "10k" => Generate(10_000, 1_000),
            "100k" => Generate(100_000, 10_000),
            "1m" => Generate(1_000_000, 100_000),
            _ => throw new ArgumentException($"unknown size {size}"),
        };
        using var stream = File.Create(path);
        EpochSnapshotJson.Write(snapshot, stream);
        Console.WriteLine($"wrote {path}: {stream.Length / (1024 * 1024)} MB");
    }

    /// <summary>Reads a snapshot file as the auditor does, timing the read (then the pipeline runs on it).</summary>
    private static EpochSnapshot Read(string path)
    {
        var clock = Stopwatch.StartNew();
        using var stream = File.OpenRead(path);
        var snapshot = EpochSnapshotJson.Read(stream);
        Console.WriteLine($"read {path} ({stream.Length / (1024 * 1024)} MB) in {clock.Elapsed.TotalSeconds:F2} s, peak working set {Mb(Process.GetCurrentProcess().PeakWorkingSet64)} MB");
        return snapshot;
    }

    /// <summary>The claims tree alone: leaf hashing, sorting and node hashing for n accounts.</summary>
    private static void TreeOnly(int accounts)
    {
        var leaves = Enumerable.Range(0, accounts).Select(i => KeyValuePair.Create(SyntheticCommunity.Wallet(i), SyntheticCommunity.Token * (i + 1))).ToArray();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var tree = ClaimsTree.Build(leaves);
            var build = clock.Elapsed;
            long nodes = 0;
            foreach (var value in tree.Values)
            {
                nodes += tree.ProofAt(value.TreeIndex).Length;
            }
            Console.WriteLine($"tree of {accounts:N0}: build {build.TotalMilliseconds:F0} ms, all proofs {(clock.Elapsed - build).TotalMilliseconds:F0} ms ({nodes:N0} nodes), root {tree.Root}");
        }
    }

    /// <summary>The real histories: every *.commits.tsv.gz in the folder, two in three identities given a wallet.</summary>
    private static EpochSnapshot Datasets(string folder)
    {
        var clock = Stopwatch.StartNew();
        var history = new CommitHistory();
        var files = Directory.GetFiles(folder, "*.commits.tsv.gz").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            var repository = Path.GetFileName(file).Replace(".commits.tsv.gz", "", StringComparison.Ordinal).Replace("__", "/", StringComparison.Ordinal);
            var rows = CommitHistory.ReadTsvGz(file);
            history.Add(repository, rows);
            Console.WriteLine($"{repository}: {rows.Count:N0} commits");
        }
        var contributors = history.Contributors
            .Select(c => c with { Wallet = c.Excluded || Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(c.Id)).W3 % 3 == 0 ? null : "0x" + Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(c.Id)).ToString()[^40..] })
            .ToArray();
        Console.WriteLine($"imported {files.Length} histories: {contributors.Length:N0} identities ({contributors.Count(c => c.Excluded)} bots), {history.Contributions.Count:N0} contributions, {history.Edges.Count:N0} edges in {clock.Elapsed.TotalSeconds:F2} s (not counted below)");
        // A genesis run over the full history: the 20% pool, genesis weights (no decay), a 5% cap, and the as-of time
        // three months into vesting, so about half of each entitlement is released into the tree.
        return new EpochSnapshot
        {
            Epoch = 1,
            Genesis = true,
            AsOf = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
            VestingStart = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
            BudgetWei = GenesisVesting.PoolWei,
            CapPpm = 50_000,
            MinimumPayoutWei = SyntheticCommunity.Token,
            Weights = WeightSet.Genesis,
            Contributors = contributors,
            Contributions = history.Contributions.ToArray(),
            Edges = history.Edges.ToArray(),
        };
    }

    /// <summary>The machine is shared: the 1-minute load average says how much of it this run had.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guild.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    private static string Tokens(BigInteger wei) => (wei / SyntheticCommunity.Token).ToString("N0", CultureInfo.InvariantCulture);

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private sealed class Stages
    {
        private readonly List<(string Name, TimeSpan Time, TimeSpan Cpu, long Allocated, long Peak)> rows = [];
        private readonly Stopwatch clock = new();
        private long allocatedAtStart;
        private TimeSpan cpuAtStart;

        public TimeSpan Total => rows.Where(r => !r.Name.StartsWith("snapshot hash", StringComparison.Ordinal)).Aggregate(TimeSpan.Zero, (s, r) => s + r.Time);

        public void Start()
        {
            GC.Collect();
            allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
        }

        public TimeSpan TotalCpu => rows.Where(r => !r.Name.StartsWith("snapshot hash", StringComparison.Ordinal)).Aggregate(TimeSpan.Zero, (s, r) => s + r.Cpu);

        public void End(string name)
        {
            var elapsed = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            rows.Add((name, elapsed, cpu - cpuAtStart, allocated - allocatedAtStart, Process.GetCurrentProcess().PeakWorkingSet64));
            allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
        }

        public void Print()
        {
            Console.WriteLine($"{"stage",-42} {"wall",10} {"cpu",10} {"allocated",12} {"peak WS",10}");
            foreach (var (name, time, cpu, allocated, peak) in rows)
            {
                Console.WriteLine($"{name,-42} {time.TotalMilliseconds,7:F0} ms {cpu.TotalMilliseconds,7:F0} ms {Mb(allocated),9} MB {Mb(peak),7} MB");
            }
        }
    }
}
