using System.Globalization;
using System.Numerics;
using Guild.Core.Allocation;

namespace Guild.Audit;

internal static class SnapshotFile
{
    /// <summary>Reads and validates a snapshot; on failure prints why and returns null.</summary>
    public static EpochSnapshot? Load(string? path, TextWriter error)
    {
        if (path is null)
        {
            error.WriteLine("guild-audit: which snapshot? Give the path of an epoch's snapshot JSON.");
            return null;
        }
        EpochSnapshot snapshot;
        try
        {
            using var stream = File.OpenRead(path);
            snapshot = EpochSnapshotJson.Read(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            error.WriteLine($"guild-audit: cannot read {path}: {ex.Message}");
            return null;
        }
        var problems = SnapshotValidation.Validate(snapshot);
        if (problems.Count > 0)
        {
            PrintProblems(path, problems, error);
            return null;
        }
        return snapshot;
    }

    /// <summary>Allocates a loaded snapshot; edge problems (found while building the graph) are printed, and null returned.</summary>
    public static EpochAllocation? Allocate(EpochSnapshot snapshot, TextWriter error, int threads = -1)
    {
        try
        {
            return AllocateEpoch.Run(snapshot, threads);
        }
        catch (InvalidSnapshotException ex)
        {
            PrintProblems($"epoch {snapshot.Epoch}'s snapshot", ex.Problems, error);
            return null;
        }
    }

    private static void PrintProblems(string what, IReadOnlyList<string> problems, TextWriter error)
    {
        error.WriteLine($"guild-audit: {what} is not a valid snapshot ({problems.Count} problem(s)):");
        foreach (var problem in problems.Take(50))
        {
            error.WriteLine($"  - {problem}");
        }
    }
}

/// <summary>Amounts for people: $AGI with four decimals (truncated); files always carry exact wei.</summary>
internal static class Agi
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 14);

    public static string Format(BigInteger wei)
    {
        var tenThousandths = wei / Unit;
        var whole = tenThousandths / 10_000;
        var fraction = (int)(tenThousandths % 10_000);
        return $"{whole.ToString("N0", CultureInfo.InvariantCulture)}.{fraction:D4}";
    }
}
