using BenchmarkDotNet.Attributes;
using Guild.Core.Allocation;
using Guild.Core.Claims;

namespace Guild.Benchmarks;

/// <summary>The engine's pieces on synthetic power-law communities (10 contributions per contributor, 3 edges each).</summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private EpochSnapshot snapshot = null!;
    private ContributionGraph graph = null!;
    private ContributionScores scores = null!;
    private EpochAllocation allocation = null!;
    private ClaimsTree tree = null!;

    [Params(10_000, 100_000)]
    public int Contributions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        snapshot = SyntheticCommunity.Generate(Contributions, Contributions / 10);
        graph = ContributionGraph.Build(snapshot);
        scores = ContributionScoring.Score(graph, snapshot.Weights);
        allocation = AllocateEpoch.Run(snapshot, graph, scores, buildTree: false);
        tree = ClaimsTree.Build(allocation.Accounts.Select(a => KeyValuePair.Create(a.Account, a.CumulativeWei)));
    }

    [Benchmark]
    public ContributionGraph BuildGraph() => ContributionGraph.Build(snapshot);

    [Benchmark]
    public ContributionScores Score() => ContributionScoring.Score(graph, snapshot.Weights);

    [Benchmark]
    public EpochAllocation Allocate() => AllocateEpoch.Run(snapshot, graph, scores, buildTree: false);

    [Benchmark]
    public ClaimsTree BuildTree() => ClaimsTree.Build(allocation.Accounts.Select(a => KeyValuePair.Create(a.Account, a.CumulativeWei)));

    [Benchmark]
    public int AllProofs()
    {
        var nodes = 0;
        foreach (var value in tree.Values)
        {
            nodes += tree.ProofAt(value.TreeIndex).Length;
        }
        return nodes;
    }
}

/// <summary>Keccak-256 on the two shapes the claims tree hashes: a 64-byte ABI pair and a 32-byte word.</summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private readonly byte[] pair = new byte[64];
    private readonly byte[] word = new byte[32];

    [Benchmark]
    public Hash32 Pair64() => Keccak256.Hash(pair);

    [Benchmark]
    public Hash32 Word32() => Keccak256.Hash(word);
}
