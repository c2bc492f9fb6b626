using System.Net.Sockets;
using Guild.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Guild.Core.Hosting;

/// <summary>
/// Turns the exceptions a process can die of at start into one clear line and an exit code, so a wrong setting or an
/// unreachable dependency never shows up as a bare stack trace. Unknown exceptions are not explained: they are bugs.
/// </summary>
public static class StartupFailure
{
    public const int ConfigurationExitCode = 2;
    public const int PortInUseExitCode = 3;
    public const int DatabaseUnavailableExitCode = 4;
    public const int ChainUnavailableExitCode = 5;

    public static (string Message, int ExitCode)? Explain(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case GuildConfigurationException config:
                    return (config.Message, ConfigurationExitCode);
                case OptionsValidationException options:
                    return ("Invalid configuration:" + Environment.NewLine +
                            string.Join(Environment.NewLine, options.Failures.Select(f => "  - " + f)), ConfigurationExitCode);
                case StartupException startup:
                    return (startup.Message, startup.ExitCode);
                case IOException io when IsAddressInUse(io):
                    return ($"Cannot listen: {io.Message} Stop the other process or choose another port (--urls or ASPNETCORE_URLS).",
                            PortInUseExitCode);
            }
        }
        return null;
    }

    // Kestrel wraps AddressInUseException (from Microsoft.AspNetCore.Connections) in an IOException; match by
    // the socket error so Core need not reference ASP.NET Core.
    private static bool IsAddressInUse(IOException io) =>
        io.InnerException?.GetType().Name == "AddressInUseException"
        || io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
