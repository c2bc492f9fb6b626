using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Guild.Chain.Embedded;

/// <summary>
/// Remembers the pid of the embedded anvil beside its state file. If the app was killed without shutting anvil down,
/// the next start stops that orphan before starting a new node on the same state.
/// </summary>
internal static partial class EmbeddedPidFile
{
    private static string PathFor(string stateFile) => stateFile + ".pid";

    public static void Write(string stateFile, int pid) => File.WriteAllText(PathFor(stateFile), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static void Delete(string stateFile) => File.Delete(PathFor(stateFile));

    public static void StopOrphan(string stateFile, ILogger logger)
    {
        var path = PathFor(stateFile);
        if (!File.Exists(path) || !int.TryParse(File.ReadAllText(path), out var pid))
        {
            return;
        }
        try
        {
            using var orphan = Process.GetProcessById(pid);
            if (orphan.ProcessName == "anvil")
            {
                LogOrphan(logger, pid);
                orphan.Kill();
                orphan.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (ArgumentException)
        {
            // no such process: the previous run ended cleanly enough
        }
        File.Delete(path);
    }

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Stopping anvil {Pid} left running by a previous start")]
    private static partial void LogOrphan(ILogger logger, int pid);
}
