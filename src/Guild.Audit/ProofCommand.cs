using System.Text.Json;
using Guild.Core.Allocation;
using Guild.Core.Claims;

namespace Guild.Audit;

/// <summary><c>guild-audit proof</c>: what an account claims and the proof that goes with it.</summary>
internal static class ProofCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        if (line.Positional.Count < 2)
        {
            return Usage.Fail(error, "proof needs a snapshot and an account address");
        }
        var snapshot = SnapshotFile.Load(line.Positional[0], error);
        if (snapshot is null)
        {
            return 2;
        }
        var allocation = SnapshotFile.Allocate(snapshot, error);
        if (allocation is null)
        {
            return 2;
        }
        var tree = allocation.Tree;
        if (tree is null || !tree.Contains(line.Positional[1]))
        {
            error.WriteLine($"guild-audit: {line.Positional[1]} has nothing in epoch {snapshot.Epoch}'s tree");
            return 2;
        }
        var leaf = tree.LeafOf(line.Positional[1]);
        output.WriteLine(JsonSerializer.Serialize(new
        {
            epoch = snapshot.Epoch,
            root = tree.Root.ToString(),
            account = EthereumAddress.ToChecksum(leaf.Account),
            cumulativeAmount = leaf.CumulativeWei.ToString(System.Globalization.CultureInfo.InvariantCulture),
            proof = tree.ProofOf(leaf.Account).Select(h => h.ToString()),
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
