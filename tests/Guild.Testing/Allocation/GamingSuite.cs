using System.Numerics;
using Guild.Core.Allocation;

namespace Guild.Testing.Allocation;

/// <summary>A tactic's reward relative to an honest contributor's, under Guild's allocation and under the naive baseline.</summary>
/// <param name="Guild">Mean reward of the tactic's gamers (all their accounts) over the mean honest reward, Guild's allocation.</param>
/// <param name="Baseline">The same ratio when the budget is split by a naive count of authored items.</param>
public sealed record TacticResult(GamingTactic Tactic, int Gamers, double Guild, double Baseline);

/// <summary>
/// Plays a <see cref="GamedCommunity"/> through the allocation engine and through the naive baseline, and reports each
/// tactic's reward relative to honest effort. The baseline splits the budget by the number of items each account
/// authored (commits, pull requests, reviews, comments, issues), whatever their state, flags or bots: what a commit
/// or activity count pays.
/// </summary>
public static class GamingSuite
{
    public static IReadOnlyList<TacticResult> Evaluate(GamedCommunity community)
    {
        var allocation = AllocateEpoch.Run(community.Snapshot);
        var guild = allocation.Contributors.ToDictionary(c => c.Contributor, c => (double)c.EpochWei, StringComparer.Ordinal);
        var counts = community.Snapshot.Edges.Where(e => e.Type == EdgeType.Authored)
            .GroupBy(e => e.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        return Ratios(community.Members, guild, counts);
    }

    /// <summary>The table the bench prints and the closing note quotes.</summary>
    public static string Table(IReadOnlyList<TacticResult> results) =>
        "| tactic | gamers | Guild (× honest) | naive count (× honest) |\n|---|---|---|---|\n" +
        string.Join("\n", results.Select(r => $"| {GamingCommunity.Name(r.Tactic)} | {r.Gamers} | {r.Guild:0.00} | {r.Baseline:0.00} |"));

    private static List<TacticResult> Ratios(IReadOnlyList<CommunityMember> members, Dictionary<string, double> guild, Dictionary<string, double> baseline)
    {
        double Reward(CommunityMember m, Dictionary<string, double> rewards) => m.Accounts.Sum(a => rewards.GetValueOrDefault(a));
        // Honest contributors with the ordinary profile; the maintainers merge and so are left out of the yardstick.
        var honest = members.Where(m => m.Tactic is null && !m.Name.Contains("maintainer", StringComparison.Ordinal)).ToList();
        var honestGuild = honest.Average(m => Reward(m, guild));
        var honestBaseline = honest.Average(m => Reward(m, baseline));
        return members.Where(m => m.Tactic is not null)
            .GroupBy(m => m.Tactic!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new TacticResult(g.Key, g.Count(), g.Average(m => Reward(m, guild)) / honestGuild, g.Average(m => Reward(m, baseline)) / honestBaseline))
            .ToList();
    }
}
