using System.Diagnostics;
using Xunit;

namespace Guild.Testing;

/// <summary>
/// A folder of tests/tools whose scripts hold the portal against independent implementations: installs its packages
/// with <c>npm ci</c> once (when ./test.sh has not) and runs a script with one JSON request on stdin, reading its JSON
/// answer from stdout.
/// </summary>
/// <param name="name">The folder under tests/tools.</param>
/// <param name="package">A package whose presence in node_modules says the folder is installed.</param>
public sealed class NodeTool(string name, string package)
{
    private readonly string directory = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "tools", name);
    private readonly SemaphoreSlim install = new(1, 1);

    /// <summary>Runs <c>node {script} {command}</c> with <paramref name="input"/> on stdin; returns its stdout.</summary>
    public async Task<string> RunAsync(string script, string command, string input)
    {
        await EnsureInstalledAsync();
        var (exitCode, output, errors) = await ExecAsync("node", [script, command], input);
        Assert.True(exitCode == 0, $"node {script} {command} failed ({exitCode}): {errors}");
        return output;
    }

    private bool Installed => File.Exists(Path.Combine(directory, "node_modules", package, "package.json"));

    private async Task EnsureInstalledAsync()
    {
        if (Installed)
        {
            return;
        }
        await install.WaitAsync();
        try
        {
            if (!Installed)
            {
                var (exitCode, _, errors) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
                Assert.True(exitCode == 0, $"npm ci in tests/tools/{name} failed: {errors}");
            }
        }
        finally
        {
            install.Release();
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> ExecAsync(string file, string[] args, string? input)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
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
