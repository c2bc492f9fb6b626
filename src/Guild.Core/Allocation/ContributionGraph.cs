using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Guild.Core.Allocation;

/// <summary>
/// The contribution graph of one epoch in compact arrays: nodes are contributors, then contributions, then
/// repositories, each block sorted by id (ordinal), so the layout depends only on the snapshot's content, never on
/// its order. Transitions are stored by target (incoming CSR) with their probabilities, which is what the scoring
/// loop reads.
/// </summary>
public sealed class ContributionGraph
{
    /// <summary>Contributors, contributions, repositories: looked up in that order.</summary>
    private readonly Dictionary<string, int>[] indexById;

    private ContributionGraph(
        string[] nodeIds, int contributorCount, int contributionCount, ContributionType[] contributionTypes, double[] mint,
        int[] inOffsets, int[] inSources, double[] inProbabilities, byte[] inKinds, bool[] dangling, int edgeCount,
        Dictionary<string, int>[] indexById)
    {
        NodeIds = nodeIds;
        ContributorCount = contributorCount;
        ContributionCount = contributionCount;
        ContributionTypes = contributionTypes;
        Mint = mint;
        InOffsets = inOffsets;
        InSources = inSources;
        InProbabilities = inProbabilities;
        InKinds = inKinds;
        Dangling = dangling;
        EdgeCount = edgeCount;
        this.indexById = indexById;
    }

    public int NodeCount => NodeIds.Length;
    public int ContributorCount { get; }
    public int ContributionCount { get; }
    public int RepositoryCount => NodeCount - ContributorCount - ContributionCount;

    /// <summary>First node index of the contributions block (contributors come first).</summary>
    public int FirstContribution => ContributorCount;

    /// <summary>Edges taken from the snapshot (left-out contributions' edges dropped), not counting containment.</summary>
    public int EdgeCount { get; }

    /// <summary>Directed transitions with a positive weight, containment included.</summary>
    public int TransitionCount => InSources.Length;

    public string[] NodeIds { get; }

    /// <summary>Type of each contribution, indexed from 0 (node index minus <see cref="FirstContribution"/>).</summary>
    public ContributionType[] ContributionTypes { get; }

    /// <summary>Mint of each node (zero for contributors and repositories).</summary>
    public double[] Mint { get; }

    public int[] InOffsets { get; }
    public int[] InSources { get; }
    public double[] InProbabilities { get; }

    /// <summary>Per transition: edge type × 2, plus 1 when it runs against the edge (target → source).</summary>
    public byte[] InKinds { get; }

    /// <summary>Nodes without outgoing transitions: their score teleports back to the mint.</summary>
    public bool[] Dangling { get; }

    public bool TryGetIndex(string id, out int index)
    {
        foreach (var table in indexById)
        {
            if (table.TryGetValue(id, out index))
            {
                return true;
            }
        }
        index = -1;
        return false;
    }

    public bool IsContributor(int node) => node < ContributorCount;

    public bool IsContribution(int node) => node >= ContributorCount && node < ContributorCount + ContributionCount;

    public static EdgeType KindEdgeType(byte kind) => (EdgeType)(kind >> 1);

    /// <summary>
    /// Builds the graph of a snapshot that passed <see cref="SnapshotValidation"/>, and checks the edges while
    /// resolving them (unknown or mistyped endpoints, self-references, duplicates): they are most of a snapshot, so
    /// they are checked once, here. Throws <see cref="InvalidSnapshotException"/> naming the broken edges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ContributionGraph Build(EpochSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var weights = snapshot.Weights;

        var contributors = snapshot.Contributors.Select(c => c.Id).ToArray();
        Array.Sort(contributors, StringComparer.Ordinal);
        var kept = snapshot.Contributions.Where(c => c.Counts).ToArray();
        SortById(kept);
        var repositories = kept.Select(c => c.Repository).Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(repositories, StringComparer.Ordinal);

        int c0 = contributors.Length, k0 = kept.Length;
        var n = c0 + k0 + repositories.Length;
        var ids = new string[n];
        contributors.CopyTo(ids, 0);
        for (var i = 0; i < k0; i++)
        {
            ids[c0 + i] = kept[i].Id;
        }
        repositories.CopyTo(ids, c0 + k0);

        // Two tables rather than one: actor edges' sources hit the small contributors' table, which stays in cache.
        var contributorIndex = new Dictionary<string, int>(c0, StringComparer.Ordinal);
        for (var i = 0; i < c0; i++)
        {
            contributorIndex[ids[i]] = i;
        }
        var contributionIndex = new Dictionary<string, int>(k0, StringComparer.Ordinal);
        for (var i = c0; i < c0 + k0; i++)
        {
            contributionIndex[ids[i]] = i;
        }
        var repositoryIndex = new Dictionary<string, int>(repositories.Length, StringComparer.Ordinal);
        for (var i = 0; i < repositories.Length; i++)
        {
            repositoryIndex[repositories[i]] = c0 + k0 + i;
        }
        // Flagged contributions and pull requests not merged (with the reviews and comments on them) are left out, edges and all.
        var leftOut = snapshot.Contributions.Where(c => !c.Counts).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var types = new ContributionType[k0];
        var repositoryOf = new int[k0];
        for (var i = 0; i < k0; i++)
        {
            types[i] = kept[i].Type;
            repositoryOf[i] = repositoryIndex[kept[i].Repository] - c0 - k0;
        }

        // Edges as sortable keys: source (26 bits) · target (26 bits) · type (4 bits). Sorting gives the canonical order.
        if (n >= 1 << 26)
        {
            throw new NotSupportedException($"{n} nodes: the graph supports up to {1 << 26}.");
        }
        // Resolve and check every edge in parallel over fixed ranges (each edge writes its own slot). An edge touching
        // a left-out contribution is dropped; dropped and broken edges sort to the end as ulong.MaxValue.
        var edgeList = snapshot.Edges as SnapshotEdge[] ?? snapshot.Edges.ToArray();
        var keys = new ulong[edgeList.Length];
        var broken = 0;
        ForRanges(edgeList.Length, (from, to) =>
        {
            // Neighbouring edges often share an endpoint (a canonical file lists each source's edges together):
            // remembering the last lookup of each side skips most dictionary probes.
            string? lastSource = null, lastTarget = null;
            var lastActor = false;
            int s = -1, t = -1;
            for (var i = from; i < to; i++)
            {
                var e = edgeList[i];
                if (!string.Equals(e.Source, lastSource, StringComparison.Ordinal) || e.Type.IsActorEdge() != lastActor)
                {
                    lastSource = e.Source;
                    lastActor = e.Type.IsActorEdge();
                    s = (e.Type.IsActorEdge() ? contributorIndex : contributionIndex).TryGetValue(e.Source, out var found) ? found : -1;
                }
                if (!string.Equals(e.Target, lastTarget, StringComparison.Ordinal))
                {
                    lastTarget = e.Target;
                    t = contributionIndex.TryGetValue(e.Target, out var found) ? found : -1;
                }
                keys[i] = s >= 0 && t >= 0 && Fits(e.Type, s, t, c0)
                    ? ((ulong)s << 30) | ((ulong)t << 4) | (ulong)e.Type
                    : ulong.MaxValue;
                if (keys[i] == ulong.MaxValue && !leftOut.Contains(e.Source) && !leftOut.Contains(e.Target))
                {
                    Interlocked.Increment(ref broken);
                }
            }
        });
        if (broken > 0)
        {
            // Name them in input order, whichever thread saw them first.
            var problems = new List<string>();
            for (var i = 0; i < edgeList.Length && problems.Count < 100; i++)
            {
                if (keys[i] == ulong.MaxValue && EdgeProblem(edgeList[i], contributorIndex, contributionIndex, leftOut) is { } problem)
                {
                    problems.Add(problem);
                }
            }
            if (broken > problems.Count) problems.Add($"… {broken} broken edges in all");
            throw new InvalidSnapshotException(problems);
        }
        Sorting.RadixSort(keys);
        var edgeCount = System.Array.IndexOf(keys, ulong.MaxValue) is var end and >= 0 ? end : keys.Length;
        var edgeKeys = keys.AsSpan(0, edgeCount);
        for (var i = 1; i < edgeKeys.Length; i++)
        {
            if (edgeKeys[i] == edgeKeys[i - 1])
            {
                var (s, t, type) = Unpack(edgeKeys[i]);
                throw new InvalidSnapshotException([$"{type.Name()} edge {ids[s]} -> {ids[t]} appears twice"]);
            }
        }

        var facts = EdgeFacts.From(edgeKeys, c0, k0);
        var mint = ContributionMint.Compute(kept, repositoryOf, repositories.Select(weights.RepositoryWeight).ToArray(), facts, weights, snapshot.AsOf, c0);

        // Transitions in a fixed order: listed edges (forward then backward), then containment by contribution. Each
        // carries its own weight: the kind's, except that the edges of one kind into a contribution share their kind's
        // weight back (ten commenters take what one would, ten commits of a pull request what one would), a reciprocated review keeps only ReviewFactor of its
        // share, and a person and a repository hand their score on to the contributions they touch or hold in
        // proportion to those contributions' mint (so many small pieces draw no more than one piece of the same size).
        var capacity = (2 * edgeCount) + (2 * k0);
        var from = new int[capacity];
        var to = new int[capacity];
        var kinds = new byte[capacity];
        var transitionWeights = new double[capacity];
        var m = 0;
        void Add(int s, int t, EdgeType type, bool backward, double w)
        {
            if (w > 0)
            {
                from[m] = s;
                to[m] = t;
                kinds[m] = (byte)(((int)type << 1) | (backward ? 1 : 0));
                transitionWeights[m] = w;
                m++;
            }
        }
        var discount = weights.ReciprocalReviewDiscount;
        var forward = ContributionKinds.AllEdgeTypes.Select(t => weights.Edges[t].Forward).ToArray();
        var backward = ContributionKinds.AllEdgeTypes.Select(t => weights.Edges[t].Backward).ToArray();
        foreach (var key in edgeKeys)
        {
            var (s, t, type) = Unpack(key);
            Add(s, t, type, backward: false, type.IsActorEdge() ? forward[(int)type] * mint[t] : forward[(int)type]);
            var back = backward[(int)type] / facts.Count(t, type);
            if (type == EdgeType.Reviewed)
            {
                back *= facts.ReviewFactor(s, facts.AuthorOf[t - c0], discount);
            }
            Add(t, s, type, backward: true, back);
        }
        var contains = weights.Edges[EdgeType.Contains];
        for (var i = 0; i < k0; i++)
        {
            var repository = c0 + k0 + repositoryOf[i];
            Add(repository, c0 + i, EdgeType.Contains, backward: false, contains.Forward * mint[c0 + i]);
            Add(c0 + i, repository, EdgeType.Contains, backward: true, contains.Backward);
        }

        var outWeight = new double[n];
        for (var i = 0; i < m; i++)
        {
            outWeight[from[i]] += transitionWeights[i];
        }

        // Stable counting sort by target: each row keeps the fixed generation order.
        var offsets = new int[n + 1];
        for (var i = 0; i < m; i++)
        {
            offsets[to[i] + 1]++;
        }
        for (var v = 0; v < n; v++)
        {
            offsets[v + 1] += offsets[v];
        }
        var cursor = offsets.AsSpan(0, n).ToArray();
        var inSources = new int[m];
        var inKinds = new byte[m];
        var inProbabilities = new double[m];
        for (var i = 0; i < m; i++)
        {
            var slot = cursor[to[i]]++;
            inSources[slot] = from[i];
            inKinds[slot] = kinds[i];
            inProbabilities[slot] = transitionWeights[i];
        }
        // Each probability depends on its own slot only, so this pass can run in parallel.
        ForRanges(m, (first, end) =>
        {
            for (var i = first; i < end; i++)
            {
                inProbabilities[i] /= outWeight[inSources[i]];
            }
        });
        var dangling = new bool[n];
        for (var v = 0; v < n; v++)
        {
            dangling[v] = outWeight[v] == 0;
        }
        return new ContributionGraph(ids, c0, k0, types, mint, offsets, inSources, inProbabilities, inKinds, dangling, edgeCount,
            [contributorIndex, contributionIndex, repositoryIndex]);
    }

    /// <summary>Sorts contributions by id (ordinal): both halves in parallel, then one merge. Ids are unique (validated), so the order is the same however it is reached.</summary>
    private static void SortById(SnapshotContribution[] items)
    {
        var ids = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            ids[i] = items[i].Id;
        }
        var half = items.Length / 2;
        if (half < 65536)
        {
            System.Array.Sort(ids, items, StringComparer.Ordinal);
            return;
        }
        Parallel.Invoke(
            () => System.Array.Sort(ids, items, 0, half, StringComparer.Ordinal),
            () => System.Array.Sort(ids, items, half, items.Length - half, StringComparer.Ordinal));
        var merged = new SnapshotContribution[items.Length];
        int a = 0, b = half, k = 0;
        while (a < half && b < items.Length)
        {
            merged[k++] = string.CompareOrdinal(ids[a], ids[b]) <= 0 ? items[a++] : items[b++];
        }
        while (a < half) merged[k++] = items[a++];
        while (b < items.Length) merged[k++] = items[b++];
        merged.CopyTo(items, 0);
    }

    /// <summary>Runs <paramref name="body"/> over [0, count) in ranges of 65,536, in parallel (for work where each index writes only its own slot).</summary>
    private static void ForRanges(int count, Action<int, int> body)
    {
        if (count > 0)
        {
            Parallel.ForEach(Partitioner.Create(0, count, 65536), range => body(range.Item1, range.Item2));
        }
    }

    /// <summary>Actor edges run from a contributor to a contribution, the others between two distinct contributions.</summary>
    private static bool Fits(EdgeType type, int source, int target, int contributorCount) =>
        type.IsActorEdge()
            ? source < contributorCount && target >= contributorCount
            : type is EdgeType.References or EdgeType.Cites && source >= contributorCount && target >= contributorCount && source != target;

    private static string? EdgeProblem(SnapshotEdge e, Dictionary<string, int> contributors, Dictionary<string, int> contributions, HashSet<string> leftOut)
    {
        if (leftOut.Contains(e.Source) || leftOut.Contains(e.Target))
        {
            return null;
        }
        var name = Enum.IsDefined(e.Type) ? e.Type.Name() : e.Type.ToString();
        if (e.Type is EdgeType.Contains || !Enum.IsDefined(e.Type))
        {
            return $"{name} edge {e.Source} -> {e.Target}: {name} edges are not listed (containment comes from the contribution's repository)";
        }
        var actor = e.Type.IsActorEdge();
        if (!(actor ? contributors : contributions).TryGetValue(e.Source, out var s))
        {
            return $"{name} edge: source {e.Source} is not a {(actor ? "contributor" : "contribution")}";
        }
        if (!contributions.TryGetValue(e.Target, out var t))
        {
            return $"{name} edge: target {e.Target} is not a contribution";
        }
        return s == t ? $"{name} edge: {e.Source} points at itself" : null;
    }

    private static (int Source, int Target, EdgeType Type) Unpack(ulong key) => EdgeFacts.Unpack(key);
}
