using Guild.Core.Allocation;

namespace Guild.Audit;

/// <summary><c>guild-audit weights</c>: the default weight set, to start a governance proposal from.</summary>
internal static class WeightsCommand
{
    public static int Run(CommandLine line, TextWriter output)
    {
        using var buffer = new MemoryStream();
        WeightSetJson.Write(WeightSet.Default, buffer);
        var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        if (line.Option("out") is { Length: > 0 } path)
        {
            File.WriteAllText(path, json);
        }
        output.WriteLine(json);
        output.WriteLine($"version {WeightSet.Default.Version}, hash {WeightSetJson.Hash(WeightSet.Default)}");
        return 0;
    }
}
