using System.Numerics;

namespace Guild.Core.Allocation;

/// <summary>Why a contributor got their share: where their score came from, by contribution type and by contribution.</summary>
public sealed record ContributorExplanation(
    string Contributor,
    long Epoch,
    string WeightsVersion,
    string WeightsHash,
    double ScoreShare,
    BigInteger EpochWei,
    IReadOnlyList<TypeShare> ByType,
    IReadOnlyList<ContributionShare> TopContributions);

/// <summary>The share of a contributor's score that came through contributions of one type.</summary>
public sealed record TypeShare(ContributionType Type, double Share, int Contributions);

/// <summary>One contribution behind a contributor's score, with the edges that carried it and its share.</summary>
public sealed record ContributionShare(string Contribution, ContributionType Type, string Repository, string? Title, IReadOnlyList<EdgeType> Via, double Share);

/// <summary>
/// Decomposes a contributor's score into what flowed in from each contribution in the last step of the walk:
/// score(c) = (1 - α) Σ score(k) · p(k → c). Contributors receive score only from contributions, so these flows
/// account for all of it.
/// </summary>
public static class ExplainContributor
{
    public static ContributorExplanation? Run(EpochAllocation allocation, string contributorId, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var graph = allocation.Graph;
        if (!graph.TryGetIndex(contributorId, out var node) || !graph.IsContributor(node))
        {
            return null;
        }
        var contributions = allocation.Snapshot.Contributions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        return Explain(allocation, node, allocation.Contributors.First(c => c.Contributor == contributorId), contributions, top);
    }

    /// <summary>
    /// Every scored contributor's explanation at once, in one pass over the edges into contributors: what the epoch's
    /// computation stores so that no request ever recomputes an allocation to answer "why".
    /// </summary>
    public static IEnumerable<ContributorExplanation> RunAll(EpochAllocation allocation, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var graph = allocation.Graph;
        var contributions = allocation.Snapshot.Contributions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var row in allocation.Contributors)
        {
            if (graph.TryGetIndex(row.Contributor, out var node) && graph.IsContributor(node))
            {
                yield return Explain(allocation, node, row, contributions, top);
            }
        }
    }

    private static ContributorExplanation Explain(EpochAllocation allocation, int node, ContributorAllocation row,
        Dictionary<string, SnapshotContribution> contributions, int top)
    {
        var graph = allocation.Graph;
        var score = allocation.Scores.Score;
        var flows = new Dictionary<int, (double Flow, List<EdgeType> Via)>();
        var total = 0.0;
        if (score.Length > 0)
        {
            for (var e = graph.InOffsets[node]; e < graph.InOffsets[node + 1]; e++)
            {
                var source = graph.InSources[e];
                var flow = score[source] * graph.InProbabilities[e];
                total += flow;
                var entry = flows.TryGetValue(source, out var existing) ? existing : (0.0, new List<EdgeType>());
                entry.Item2.Add(ContributionGraph.KindEdgeType(graph.InKinds[e]));
                flows[source] = (entry.Item1 + flow, entry.Item2);
            }
        }

        var byType = new Dictionary<ContributionType, (double Flow, int Count)>();
        foreach (var (source, (flow, _)) in flows)
        {
            var type = graph.ContributionTypes[source - graph.FirstContribution];
            var (f, count) = byType.GetValueOrDefault(type);
            byType[type] = (f + flow, count + 1);
        }
        var topContributions = flows
            .OrderByDescending(f => f.Value.Flow)
            .ThenBy(f => graph.NodeIds[f.Key], StringComparer.Ordinal)
            .Take(top)
            .Select(f =>
            {
                var c = contributions[graph.NodeIds[f.Key]];
                return new ContributionShare(c.Id, c.Type, c.Repository, c.Title, f.Value.Via.Distinct().Order().ToArray(), total > 0 ? f.Value.Flow / total : 0);
            })
            .ToArray();
        return new ContributorExplanation(
            row.Contributor,
            allocation.Snapshot.Epoch,
            allocation.Snapshot.Weights.Version,
            allocation.WeightsHash.ToString(),
            row.ScoreShare,
            row.EpochWei,
            byType.OrderByDescending(t => t.Value.Flow).ThenBy(t => t.Key)
                .Select(t => new TypeShare(t.Key, total > 0 ? t.Value.Flow / total : 0, t.Value.Count)).ToArray(),
            topContributions);
    }
}
