using System.Diagnostics;
using System.Text.Json;
using Guild.Testing;

namespace Guild.Core.Tests.Allocation;

/// <summary>
/// Runs merkle-oracle.js with node against solidity/node_modules/@openzeppelin/merkle-tree. A missing node or
/// node_modules fails the test with what to do; it never skips.
/// </summary>
internal static class NodeMerkleOracle
{
    public static JsonElement Run(params string[] arguments)
    {
        var solidity = Path.Combine(TestEnvironment.RepositoryRoot, "solidity");
        var package = Path.Combine(solidity, "node_modules", "@openzeppelin", "merkle-tree", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"{package} is missing: run `npm ci` in solidity/ (./test.sh does) so the tests can compare with @openzeppelin/merkle-tree.");
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Allocation", "merkle-oracle.js");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(solidity);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (is Node.js installed?).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("merkle-oracle.js did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"merkle-oracle.js exited {process.ExitCode}: {stderr.Result}");
        }
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }
}
