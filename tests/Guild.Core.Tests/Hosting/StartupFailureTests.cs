using System.Net.Sockets;
using Guild.Core.Configuration;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Core.Tests.Hosting;

public class StartupFailureTests
{
    [Fact]
    public void Explain_ConfigurationError_ExitCode2WithKeys()
    {
        var failure = StartupFailure.Explain(new GuildConfigurationException(["Database:ConnectionString: is required"]));

        Assert.NotNull(failure);
        Assert.Equal(StartupFailure.ConfigurationExitCode, failure.Value.ExitCode);
        Assert.Contains("Database:ConnectionString: is required", failure.Value.Message);
    }

    [Fact]
    public void Explain_OptionsValidationWrapped_FindsInnerCause()
    {
        var inner = new OptionsValidationException("Chain", typeof(object), ["Chain:Rpc: must be 'embedded' or an http(s) JSON-RPC URL"]);

        var failure = StartupFailure.Explain(new AggregateException(inner));

        Assert.Equal(StartupFailure.ConfigurationExitCode, failure?.ExitCode);
        Assert.Contains("Chain:Rpc", failure?.Message);
    }

    [Fact]
    public void Explain_DatabaseUnavailable_ExitCode4()
    {
        var failure = StartupFailure.Explain(new DatabaseUnavailableException("Cannot reach the database", new TimeoutException()));

        Assert.Equal(StartupFailure.DatabaseUnavailableExitCode, failure?.ExitCode);
    }

    [Fact]
    public void Explain_AddressInUse_ExitCode3()
    {
        var failure = StartupFailure.Explain(new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use.",
            new SocketException((int)SocketError.AddressAlreadyInUse)));

        Assert.Equal(StartupFailure.PortInUseExitCode, failure?.ExitCode);
        Assert.Contains("5080", failure?.Message);
    }

    [Fact]
    public void Explain_UnknownException_IsNotExplained()
    {
        Assert.Null(StartupFailure.Explain(new InvalidOperationException("a bug")));
    }
}
