using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Testing;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>
/// An independent Sign-In with Ethereum implementation: tests/tools/siwe/siwe.mjs, the reference npm <c>siwe</c> library
/// on ethers, run by node. It builds, signs, parses and verifies messages, so the portal's format and checks are held
/// against the standard's own code rather than against themselves. Installs its packages with <c>npm ci</c> on first use
/// when ./test.sh has not.
/// </summary>
public static class SiweTool
{
    /// <summary>anvil's well-known development keys (mnemonic "test test … junk"), accounts 1 to 6.</summary>
    public static readonly string[] AnvilKeys =
    [
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    ];

    private static readonly string Directory = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "tools", "siwe");
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public sealed record Signed(string Message, string Signature);

    public sealed record Parsed(bool Ok, JsonElement Fields, string? Error);

    public sealed record Verified(bool Success, string? Error);

    /// <summary>Builds the EIP-4361 text from <paramref name="fields"/> with <c>new SiweMessage(fields)</c> and signs it with ethers (EIP-191).</summary>
    public static Task<Signed> SignAsync(object fields, string privateKey) => RunAsync<Signed>("sign", new { fields, privateKey });

    public static Task<Parsed> ParseAsync(string message) => RunAsync<Parsed>("parse", new { message });

    /// <summary><c>SiweMessage.verify</c>: the signature, domain, nonce and times; through <paramref name="rpc"/> a contract wallet under EIP-1271.</summary>
    public static Task<Verified> VerifyAsync(string message, string signature, string domain, string nonce, string? rpc = null) =>
        RunAsync<Verified>("verify", new { message, signature, domain, nonce, rpc });

    private static Task<T> RunAsync<T>(string command, object request) => NodeAsync<T>("siwe.mjs", command, request);

    /// <summary>Runs a script of tests/tools/siwe (siwe.mjs, eip712.mjs) with one JSON request on stdin and reads its JSON answer.</summary>
    internal static async Task<T> NodeAsync<T>(string script, string command, object request)
    {
        await EnsureInstalledAsync();
        var (exitCode, output, errors) = await ExecAsync("node", [script, command], JsonSerializer.Serialize(request, Json));
        Assert.True(exitCode == 0, $"node {script} {command} failed ({exitCode}): {errors}");
        return JsonSerializer.Deserialize<T>(output, Json)!;
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(Directory, "node_modules", "siwe", "package.json")))
        {
            return;
        }
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Directory, "node_modules", "siwe", "package.json")))
            {
                var (exitCode, _, errors) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
                Assert.True(exitCode == 0, $"npm ci in tests/tools/siwe failed: {errors}");
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
