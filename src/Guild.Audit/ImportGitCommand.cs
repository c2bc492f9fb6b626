using System.Globalization;
using System.Numerics;
using Guild.Core.Allocation;

namespace Guild.Audit;

/// <summary><c>guild-audit import-git</c>: a snapshot from commit-history exports, for trying the engine on real histories.</summary>
internal static class ImportGitCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        if (line.Positional.Count < 1 || line.Options("repo").Count == 0)
        {
            return Usage.Fail(error, "import-git needs an output path and at least one --repo owner/name=history.tsv.gz");
        }
        try
        {
            var history = new CommitHistory();
            foreach (var repo in line.Options("repo"))
            {
                var split = repo.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0)
                {
                    return Usage.Fail(error, $"--repo {repo}: expected owner/name=path");
                }
                var rows = CommitHistory.ReadTsvGz(repo[(split + 1)..]);
                history.Add(repo[..split], rows);
                output.WriteLine($"{repo[..split]}: {rows.Count:N0} commits");
            }
            var genesis = line.Flag("genesis");
            var weights = genesis ? WeightSet.Genesis : WeightSet.Default;
            if (line.Option("weights") is { Length: > 0 } weightsPath)
            {
                using var stream = File.OpenRead(weightsPath);
                weights = WeightSetJson.Read(stream);
            }
            var asOf = line.Option("as-of") is { } a ? DateTimeOffset.Parse(a, CultureInfo.InvariantCulture) : history.Contributions.Max(c => c.CreatedAt);
            var snapshot = new EpochSnapshot
            {
                Epoch = line.Option("epoch") is { } e ? long.Parse(e, CultureInfo.InvariantCulture) : 1,
                Genesis = genesis,
                AsOf = asOf,
                VestingStart = line.Option("vesting-start") is { } v ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture) : genesis ? asOf : null,
                BudgetWei = line.Option("budget-wei") is { } b ? BigInteger.Parse(b, CultureInfo.InvariantCulture) : genesis ? GenesisVesting.PoolWei : BigInteger.Pow(10, 24),
                CapPpm = line.Option("cap-ppm") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 50_000,
                MinimumPayoutWei = line.Option("minimum-wei") is { } m ? BigInteger.Parse(m, CultureInfo.InvariantCulture) : BigInteger.Pow(10, 18),
                Weights = weights,
                Contributors = history.Contributors.ToArray(),
                Contributions = history.Contributions.ToArray(),
                Edges = history.Edges.ToArray(),
            };
            using (var stream = File.Create(line.Positional[0]))
            {
                EpochSnapshotJson.Write(snapshot, stream);
            }
            output.WriteLine($"wrote {line.Positional[0]}: {snapshot.Contributors.Count:N0} contributors, {snapshot.Contributions.Count:N0} contributions, {snapshot.Edges.Count:N0} edges; snapshot {EpochSnapshotJson.Hash(snapshot)}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"guild-audit: {ex.Message}");
            return 2;
        }
    }
}
