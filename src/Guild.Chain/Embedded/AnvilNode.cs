using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Guild.Chain.Embedded;

/// <summary>Settings for one anvil child process.</summary>
public sealed record AnvilStartInfo(string AnvilPath)
{
    public long ChainId { get; init; } = 31337;

    /// <summary>anvil <c>--state</c>: load the chain from this file if it exists and dump it there on exit.</summary>
    public string? StateFile { get; init; }

    public int BlockTimeSeconds { get; init; }

    /// <summary>0 (default): any free port. A node restarted on its state file takes its old port back, so clients reconnect.</summary>
    public int Port { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// An anvil node running as a child process on a free loopback port (anvil binds port 0 and prints the port it got,
/// so there is no race for a port). Used by the embedded default and by tests. Disposing stops it with SIGTERM, which
/// lets anvil dump its state, and kills it if it does not exit in time.
/// </summary>
public sealed partial class AnvilNode : IAsyncDisposable
{
    private readonly Process process;
    private readonly ILogger logger;

    private AnvilNode(Process process, int port, ILogger logger)
    {
        this.process = process;
        this.logger = logger;
        Port = port;
    }

    public int Port { get; }
    public int ProcessId => process.Id;
    public string RpcUrl => $"http://127.0.0.1:{Port}";

    public static async Task<AnvilNode> StartAsync(AnvilStartInfo info, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(info.AnvilPath))
        {
            throw new ChainUnavailableException(
                $"anvil not found at {info.AnvilPath}. Run `npm ci` in solidity/ or set Chain:Embedded:AnvilPath.");
        }

        var start = new ProcessStartInfo(info.AnvilPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(info))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new ChainUnavailableException($"Could not start {info.AnvilPath}.");
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new List<string>();
        // anvil's banner lists its dev accounts' private keys: read it only for the port, never log it.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } match)
            {
                port.TrySetResult(int.Parse(match.Groups["port"].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
                LogAnvilError(logger, line);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => port.TrySetException(new ChainUnavailableException(
            $"anvil exited with code {process.ExitCode} before listening: {string.Join(" ", stderr)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var bound = await port.Task.WaitAsync(info.StartupTimeout, cancellationToken);
            LogStarted(logger, process.Id, bound, info.ChainId, info.StateFile ?? "(none)");
            return new AnvilNode(process, bound, logger);
        }
        catch (TimeoutException ex)
        {
            KillQuietly(process);
            throw new ChainUnavailableException($"anvil did not start listening within {info.StartupTimeout.TotalSeconds:0} s.", ex);
        }
        catch
        {
            KillQuietly(process);
            throw;
        }
    }

    private static IEnumerable<string> Arguments(AnvilStartInfo info)
    {
        yield return "--host";
        yield return "127.0.0.1";
        yield return "--port";
        yield return info.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--chain-id";
        yield return info.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (info.BlockTimeSeconds > 0)
        {
            yield return "--block-time";
            yield return info.BlockTimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!string.IsNullOrEmpty(info.StateFile))
        {
            yield return "--state";
            yield return info.StateFile;
            // Also dump periodically, so a crash of the app loses at most a minute of chain.
            yield return "--state-interval";
            yield return "60";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process.HasExited)
        {
            process.Dispose();
            return;
        }
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Kill(process.Id, 15 /* SIGTERM */);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
        }
        LogStopped(logger, process.Id);
        process.Dispose();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"Listening on [^\s:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "anvil {Pid} listening on 127.0.0.1:{Port}, chain id {ChainId}, state {StateFile}")]
    private static partial void LogStarted(ILogger logger, int pid, int port, long chainId, string stateFile);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "anvil {Pid} stopped")]
    private static partial void LogStopped(ILogger logger, int pid);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "anvil: {Line}")]
    private static partial void LogAnvilError(ILogger logger, string line);
}
