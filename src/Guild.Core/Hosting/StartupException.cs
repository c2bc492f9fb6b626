namespace Guild.Core.Hosting;

/// <summary>
/// A failure at start that an operator can act on: an unreachable database or chain, a port in use. It carries the
/// process exit code so scripts and orchestrators can tell the causes apart.
/// </summary>
public class StartupException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
