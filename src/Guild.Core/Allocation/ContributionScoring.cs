using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Guild.Core.Allocation;

/// <summary>The stationary score of every node (summing to 1) and how the iteration ended.</summary>
public sealed record ContributionScores(double[] Score, int Iterations, double Residual, double TotalMint)
{
    /// <summary>Sum of the contributors' scores: the rest sits on contributions and repositories.</summary>
    public double ContributorMass(ContributionGraph graph)
    {
        var sum = 0.0;
        for (var i = 0; i < graph.ContributorCount; i++)
        {
            sum += Score[i];
        }
        return sum;
    }
}

/// <summary>
/// CredRank-style scoring: a random walk that follows weighted edges with probability 1 - α and teleports back to the
/// mint with probability α. The scores are its stationary distribution, found by power iteration.
/// </summary>
/// <remarks>
/// x' = (1 - α) Pᵀx + (α + (1 - α) d) s, where s is the normalised mint, P the row-normalised transition weights and d
/// the score sitting on nodes with no way out. Each node's new value is a sum over its incoming transitions in the
/// graph's fixed order, and the two reductions (dangling mass, L1 change) add fixed blocks in block order, so the bits
/// do not depend on the number of threads.
/// </remarks>
public static class ContributionScoring
{
    /// <summary>Nodes per parallel block. Fixed, so block boundaries (and the reduction order) never depend on the machine.</summary>
    private const int BlockSize = 16384;

    public static ContributionScores Score(ContributionGraph graph, WeightSet weights, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        var n = graph.NodeCount;
        var totalMint = 0.0;
        foreach (var m in graph.Mint)
        {
            totalMint += m;
        }
        if (n == 0 || totalMint <= 0)
        {
            return new ContributionScores(new double[n], 0, 0, 0);
        }

        var seed = new double[n];
        for (var v = 0; v < n; v++)
        {
            seed[v] = graph.Mint[v] / totalMint;
        }
        var x = (double[])seed.Clone();
        var y = new double[n];
        var alpha = weights.Alpha;
        var follow = 1 - alpha;
        var blocks = (n + BlockSize - 1) / BlockSize;
        var partial = new double[blocks];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var offsets = graph.InOffsets;
        var sources = graph.InSources;
        var probabilities = graph.InProbabilities;
        var dangling = graph.Dangling;

        var iterations = 0;
        var residual = double.PositiveInfinity;
        while (iterations < weights.MaxIterations)
        {
            var current = x;
            ForEachBlock(blocks, n, options, (b, start, end) =>
            {
                var sum = 0.0;
                for (var v = start; v < end; v++)
                {
                    if (dangling[v]) sum += current[v];
                }
                partial[b] = sum;
            });
            var danglingMass = SumInOrder(partial);
            var teleport = alpha + (follow * danglingMass);

            var next = y;
            ForEachBlock(blocks, n, options, (b, start, end) =>
                partial[b] = Step(offsets, sources, probabilities, seed, current, next, follow, teleport, start, end));
            residual = SumInOrder(partial);
            (x, y) = (y, x);
            iterations++;
            if (residual < weights.Tolerance)
            {
                return new ContributionScores(x, iterations, residual, totalMint);
            }
        }
        throw new InvalidOperationException(
            $"Scoring did not converge to {weights.Tolerance} in {weights.MaxIterations} iterations (last change {residual}).");
    }

    /// <summary>
    /// One power-iteration step for nodes [start, end); returns their L1 change. This gather is the whole cost of
    /// scoring (a random read of x per transition), so it skips bounds checks: every index comes from the CSR arrays
    /// built and checked by <see cref="ContributionGraph.Build"/>. Optimised at once rather than tiered, because it
    /// runs once per epoch and the first, unoptimised calls would otherwise dominate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Step(
        int[] offsets, int[] sources, double[] probabilities, double[] seed, double[] current, double[] next,
        double follow, double teleport, int start, int end)
    {
        ref var offset = ref MemoryMarshal.GetArrayDataReference(offsets);
        ref var source = ref MemoryMarshal.GetArrayDataReference(sources);
        ref var probability = ref MemoryMarshal.GetArrayDataReference(probabilities);
        ref var x = ref MemoryMarshal.GetArrayDataReference(current);
        var change = 0.0;
        var e = Unsafe.Add(ref offset, start);
        for (var v = start; v < end; v++)
        {
            var last = Unsafe.Add(ref offset, v + 1);
            var flow = 0.0;
            for (; e < last; e++)
            {
                flow += Unsafe.Add(ref x, Unsafe.Add(ref source, e)) * Unsafe.Add(ref probability, e);
            }
            var value = (follow * flow) + (teleport * seed[v]);
            next[v] = value;
            change += Math.Abs(value - current[v]);
        }
        return change;
    }

    private static void ForEachBlock(int blocks, int n, ParallelOptions options, Action<int, int, int> body)
    {
        if (blocks == 1 || options.MaxDegreeOfParallelism == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                body(b, b * BlockSize, Math.Min(n, (b + 1) * BlockSize));
            }
            return;
        }
        Parallel.For(0, blocks, options, b => body(b, b * BlockSize, Math.Min(n, (b + 1) * BlockSize)));
    }

    private static double SumInOrder(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
