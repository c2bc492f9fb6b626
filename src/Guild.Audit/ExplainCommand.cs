using System.Globalization;
using Guild.Core.Allocation;

namespace Guild.Audit;

/// <summary><c>guild-audit explain</c>: where one contributor's share came from.</summary>
internal static class ExplainCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        if (line.Positional.Count < 2)
        {
            return Usage.Fail(error, "explain needs a snapshot and a contributor id");
        }
        var snapshot = SnapshotFile.Load(line.Positional[0], error);
        if (snapshot is null)
        {
            return 2;
        }
        var top = line.Option("top") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 10;
        var allocation = SnapshotFile.Allocate(snapshot, error);
        if (allocation is null)
        {
            return 2;
        }
        var why = ExplainContributor.Run(allocation, line.Positional[1], top);
        if (why is null)
        {
            error.WriteLine($"guild-audit: {line.Positional[1]} is not a contributor of epoch {snapshot.Epoch}");
            return 2;
        }
        output.WriteLine($"{why.Contributor}, epoch {why.Epoch}: {why.ScoreShare:P3} of the score, {Agi.Format(why.EpochWei)} AGI");
        output.WriteLine($"weights {why.WeightsVersion} {why.WeightsHash}");
        output.WriteLine();
        output.WriteLine("by contribution type:");
        foreach (var t in why.ByType)
        {
            output.WriteLine($"  {t.Type.Name(),-14} {t.Share,8:P2}  ({t.Contributions:N0} contributions)");
        }
        output.WriteLine();
        output.WriteLine($"top {why.TopContributions.Count} contributions:");
        foreach (var c in why.TopContributions)
        {
            output.WriteLine($"  {c.Share,8:P2}  {c.Type.Name(),-12} {c.Contribution}  via {string.Join("+", c.Via.Select(v => v.Name()))}");
            if (c.Title is { Length: > 0 } title)
            {
                output.WriteLine($"            {(title.Length > 100 ? title[..99] + "…" : title)}");
            }
        }
        return 0;
    }
}
