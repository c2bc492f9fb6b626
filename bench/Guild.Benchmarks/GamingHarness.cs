using System.Diagnostics;
using System.Globalization;
using Guild.Testing.Allocation;

namespace Guild.Benchmarks;

/// <summary>
/// The gaming suite as a table: seeded synthetic communities of honest contributors and gamers who spend the same effort
/// on one tactic each (<see cref="GamingCommunity"/>), each tactic's reward relative to honest effort under Guild's
/// default weights and under a naive count of authored items:
/// <c>dotnet run -c Release --project bench/Guild.Benchmarks -- gaming [seeds] [honest] [gamers per tactic]</c>.
/// </summary>
public static class GamingHarness
{
    public static int Run(string[] args)
    {
        var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var honest = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var gamers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(14, seeds).Select(seed =>
        {
            var community = GamingCommunity.Generate(honest, gamers, seed);
            return (Seed: seed, Community: community, Results: GamingSuite.Evaluate(community));
        }).ToList();
        var first = runs[0].Community.Snapshot;
        Console.WriteLine($"Gaming suite: {seeds} communities (seeds 14–{13 + seeds}), each {honest} honest contributors, 2 maintainers and {gamers} gamers per tactic " +
                          $"(rings of three: {3 * gamers}); {first.Contributors.Count:N0} accounts, {first.Contributions.Count:N0} contributions, {first.Edges.Count:N0} edges each; " +
                          $"{clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine("Reward of a gamer (all their accounts) over the mean honest contributor's; worst and mean over the communities.");
        Console.WriteLine();
        Console.WriteLine("| tactic | Guild, worst | Guild, mean | naive count, mean | goal met |");
        Console.WriteLine("|---|---|---|---|---|");
        var failed = 0;
        foreach (var tactic in Enum.GetValues<GamingTactic>())
        {
            var rows = runs.Select(r => r.Results.Single(x => x.Tactic == tactic)).ToList();
            var worst = rows.Max(r => r.Guild);
            var met = worst <= 1.1;
            failed += met ? 0 : 1;
            Console.WriteLine($"| {GamingCommunity.Name(tactic)} | {worst:0.00} | {rows.Average(r => r.Guild):0.00} | {rows.Average(r => r.Baseline):0.00} | {(met ? "yes" : "NO")} |");
        }
        var baselineTwice = Enum.GetValues<GamingTactic>().Count(t => runs.Average(r => r.Results.Single(x => x.Tactic == t).Baseline) >= 2);
        Console.WriteLine();
        Console.WriteLine($"Goal: every tactic ≤ 1.10 × honest under Guild ({(failed == 0 ? "met" : $"{failed} missed")}); the naive count pays {baselineTwice} of {Enum.GetValues<GamingTactic>().Length} tactics ≥ 2 × honest.");
        return failed == 0 ? 0 : 1;
    }
}
