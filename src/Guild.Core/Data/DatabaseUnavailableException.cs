using Guild.Core.Hosting;

namespace Guild.Core.Data;

public sealed class DatabaseUnavailableException(string message, Exception inner)
    : StartupException(message, StartupFailure.DatabaseUnavailableExitCode, inner);
