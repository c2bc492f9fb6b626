using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Guild.Testing;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>Runs the built portal or worker as a real process, the way an operator starts it.</summary>
public sealed class GuildProcessRunner : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private GuildProcessRunner(Process process) => this.process = process;

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    /// <summary>Starts <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c> in a scratch working directory.</summary>
    public static GuildProcessRunner Start(string project, string workingDirectory, IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltAssembly(project));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // A clean environment for configuration: nothing from the test run leaks into the process under test.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var runner = new GuildProcessRunner(Process.Start(start)!);
        runner.process.OutputDataReceived += (_, e) => runner.Add(e.Data);
        runner.process.ErrorDataReceived += (_, e) => runner.Add(e.Data);
        runner.process.BeginOutputReadLine();
        runner.process.BeginErrorReadLine();
        return runner;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Add(line);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
        }
        return process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as Ctrl+C or a container runtime would, so the process shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The tests and the apps are built with the same configuration by the same `dotnet build`.
    private static string BuiltAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first: {path} is missing.");
    }
}
