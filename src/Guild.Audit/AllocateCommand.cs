using System.Globalization;
using Guild.Core.Allocation;
using Guild.Core.Claims;

namespace Guild.Audit;

/// <summary><c>guild-audit allocate</c>: the whole epoch from its snapshot, and the root to compare with the published one.</summary>
internal static class AllocateCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var snapshot = SnapshotFile.Load(line.Positional.FirstOrDefault(), error);
        if (snapshot is null)
        {
            return 2;
        }
        Hash32? expected = null;
        if (line.Option("expect-root") is { } root)
        {
            try
            {
                expected = Hash32.Parse(root);
            }
            catch (FormatException ex)
            {
                return Usage.Fail(error, $"--expect-root: {ex.Message}");
            }
        }
        var threads = line.Option("threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : -1;
        var top = line.Option("top") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 20;

        var allocation = SnapshotFile.Allocate(snapshot, error, threads);
        if (allocation is null)
        {
            return 2;
        }
        Print(allocation, top, output);

        if (line.Option("report") is { Length: > 0 } reportPath)
        {
            using var stream = File.Create(reportPath);
            var reportHash = AllocationReport.WriteJson(allocation, stream);
            output.WriteLine($"report     {reportPath} (sha256 {reportHash})");
        }
        if (line.Option("csv") is { Length: > 0 } csvPath)
        {
            using var writer = new StreamWriter(csvPath);
            AllocationReport.WriteCsv(allocation, writer);
            output.WriteLine($"csv        {csvPath}");
        }
        if (line.Option("tree") is { Length: > 0 } treePath && allocation.Tree is { } tree)
        {
            using var stream = File.Create(treePath);
            tree.WriteDump(stream);
            output.WriteLine($"tree       {treePath} (StandardMerkleTree.load format)");
        }

        output.WriteLine($"root       {allocation.Root}");
        if (expected is { } want)
        {
            if (want != allocation.Root)
            {
                error.WriteLine($"MISMATCH: expected root {want}, recomputed {allocation.Root}");
                return 1;
            }
            output.WriteLine("root matches the expected root");
        }
        return 0;
    }

    private static void Print(EpochAllocation a, int top, TextWriter output)
    {
        var s = a.Snapshot;
        output.WriteLine($"epoch      {s.Epoch}{(s.Genesis ? " (genesis)" : "")}, as of {s.AsOf.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        output.WriteLine($"snapshot   {EpochSnapshotJson.Hash(s)} (sha256 of the canonical JSON)");
        output.WriteLine($"weights    {s.Weights.Version} {a.WeightsHash}");
        output.WriteLine($"graph      {a.Graph.ContributorCount:N0} contributors, {a.Graph.ContributionCount:N0} contributions, {a.Graph.RepositoryCount:N0} repositories, {a.Graph.EdgeCount:N0} edges; {a.Scores.Iterations} iterations, residual {a.Scores.Residual:E2}");
        output.WriteLine($"budget     {Agi.Format(s.BudgetWei)} AGI; cap {s.CapPpm / 10_000.0:0.####}%, applied {Agi.Format(a.CapWei)} per person (excess {WeightSetJson.CapExcessName(s.Weights.CapExcess)}); minimum payout {Agi.Format(s.MinimumPayoutWei)}");
        output.WriteLine($"allocated  {Agi.Format(a.AllocatedWei)}; withheld by the cap {Agi.Format(a.WithheldWei)} (stays in the pool); unallocated {Agi.Format(a.UnallocatedWei)}; paid into the tree {Agi.Format(a.PaidWei)}; carried forward {Agi.Format(a.CarriedWei)}");
        if (a.Contributors.Any(c => c.GenesisEntitlementWei.Sign > 0))
        {
            var entitled = a.Contributors.Aggregate(System.Numerics.BigInteger.Zero, (sum, c) => sum + c.GenesisEntitlementWei);
            var released = a.Contributors.Aggregate(System.Numerics.BigInteger.Zero, (sum, c) => sum + c.GenesisReleasedTotalWei);
            output.WriteLine($"genesis    {Agi.Format(entitled)} AGI entitled; {Agi.Format(released)} released by vesting so far");
        }
        output.WriteLine($"tree       {a.Accounts.Count:N0} accounts, {Agi.Format(a.TotalCumulativeWei)} AGI cumulative");
        if (s.VestingStart is { } start)
        {
            var vested = GenesisVesting.VestedAt(GenesisVesting.PoolWei, start, s.AsOf);
            output.WriteLine($"vesting    genesis pool {Agi.Format(GenesisVesting.PoolWei)} from {start.UtcDateTime:yyyy-MM-dd}: {Agi.Format(vested)} vested at the as-of time");
            foreach (var (at, amount) in GenesisVesting.Schedule(GenesisVesting.PoolWei, start))
            {
                output.WriteLine($"             {at.UtcDateTime:yyyy-MM-dd HH:mm}  {Agi.Format(amount),26}");
            }
        }
        output.WriteLine();

        var rows = a.Contributors.OrderByDescending(c => c.EpochWei).ThenBy(c => c.Contributor, StringComparer.Ordinal).ToArray();
        var shown = top <= 0 ? rows : rows.Take(top).ToArray();
        output.WriteLine($"{"#",4}  {"contributor",-40} {"wallet",-42} {"score",8} {"epoch AGI",20} {"paid AGI",20} {"carried AGI",18}");
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            var note = c.Exclusion is not null ? $" [{c.Exclusion}]" : c.Capped ? " [capped]" : "";
            output.WriteLine($"{i + 1,4}  {Trim(c.Contributor + note, 40),-40} {c.Wallet ?? "(no wallet yet)",-42} {c.ScoreShare,8:P3} {Agi.Format(c.EpochWei),20} {Agi.Format(c.PaidWei),20} {Agi.Format(c.CarriedWei),18}");
        }
        if (shown.Length < rows.Length)
        {
            output.WriteLine($"      … {rows.Length - shown.Length:N0} more (--top 0 shows all; --csv writes every line)");
        }
        output.WriteLine();
    }

    private static string Trim(string value, int width) => value.Length <= width ? value : value[..(width - 1)] + "…";
}
