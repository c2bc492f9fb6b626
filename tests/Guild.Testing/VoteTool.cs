using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Guild.Testing;

/// <summary>
/// Independent EIP-712 implementations run by node (tests/tools/votes/votes.mjs): ethers and viem sign the roadmap vote
/// typed data the portal serves, so the portal's hashing and recovery are held against other libraries rather than
/// against themselves; ethers' <c>verifyTypedData</c> is the comparison path of the bench. Installs its packages with
/// <c>npm ci</c> on first use when ./test.sh has not.
/// </summary>
public static class VoteTool
{
    private static readonly string Directory = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "tools", "votes");
    private static readonly SemaphoreSlim Install = new(1, 1);

    public sealed record Signed(string Signature, string Address);

    public sealed record Timing(int Verified, double Seconds, double PerSecond, string[] Addresses);

    /// <summary>Signs <paramref name="typedData"/> (as <c>eth_signTypedData_v4</c> takes it) with <paramref name="library"/> ("ethers" or "viem").</summary>
    public static Task<Signed> SignAsync(JsonNode typedData, string privateKey, string library = "ethers") =>
        RunAsync<Signed>("sign", new JsonObject { ["typedData"] = typedData.DeepClone(), ["privateKey"] = privateKey, ["library"] = library });

    /// <summary>Verifies votes with ethers' verifyTypedData one after another (one core), for at most <paramref name="seconds"/>.</summary>
    public static Task<Timing> VerifyAsync(JsonNode typedData, JsonArray votes, double seconds) =>
        RunAsync<Timing>("verify", new JsonObject { ["typedData"] = typedData.DeepClone(), ["votes"] = votes, ["seconds"] = seconds });

    private static async Task<T> RunAsync<T>(string command, JsonObject request)
    {
        await EnsureInstalledAsync();
        var (exitCode, output, errors) = await ExecAsync("node", ["votes.mjs", command], request.ToJsonString());
        Assert.True(exitCode == 0, $"node votes.mjs {command} failed ({exitCode}): {errors}");
        return JsonSerializer.Deserialize<T>(output, JsonSerializerOptions.Web)!;
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(Directory, "node_modules", "viem", "package.json")))
        {
            return;
        }
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Directory, "node_modules", "viem", "package.json")))
            {
                var (exitCode, _, errors) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
                Assert.True(exitCode == 0, $"npm ci in tests/tools/votes failed: {errors}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> ExecAsync(string file, string[] args, string? input)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
