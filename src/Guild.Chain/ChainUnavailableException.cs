using Guild.Core.Hosting;

namespace Guild.Chain;

public sealed class ChainUnavailableException(string message, Exception? inner = null)
    : StartupException(message, StartupFailure.ChainUnavailableExitCode, inner);
