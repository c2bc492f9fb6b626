using System.Net;
using System.Net.Sockets;
using Guild.Core.Hosting;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// Bad configuration and unreachable dependencies stop the real processes with one clear message naming the cause and
/// a distinct exit code — never a stack trace as the only explanation.
/// </summary>
public class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly string workingDirectory = TestEnvironment.NewTempDirectory("startup");

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    private Dictionary<string, string> Settings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["DataDirectory"] = Path.Combine(workingDirectory, "data"),
            ["Chain__Rpc"] = TestEnvironment.SharedAnvilRpc,
            ["Portal__PublicOrigin"] = "http://127.0.0.1",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return settings;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string project, Dictionary<string, string> settings, params string[] args)
    {
        await using var process = GuildProcessRunner.Start(project, workingDirectory, settings, args.Length > 0 ? args : ["--urls", "http://127.0.0.1:0"]);
        var exitCode = await process.WaitForExitAsync(ExitTimeout);
        return (exitCode, process.Output);
    }

    [Theory]
    [InlineData("Guild.Web")]
    [InlineData("Guild.Jobs")]
    public async Task Start_UnknownDatabaseProvider_ExitsWithConfigurationError(string project)
    {
        var (exitCode, output) = await RunAsync(project, Settings(("Database__Provider", "Oracle")));

        Assert.Equal(StartupFailure.ConfigurationExitCode, exitCode);
        Assert.Contains("Guild cannot start. Invalid configuration", output);
        Assert.Contains("Database:Provider", output);
        Assert.Contains("Oracle", output);
    }

    [Fact]
    public async Task Start_BadChainRpc_ExitsNamingTheKey()
    {
        var (exitCode, output) = await RunAsync("Guild.Web", Settings(("Chain__Rpc", "ftp://chain.example")));

        Assert.Equal(StartupFailure.ConfigurationExitCode, exitCode);
        Assert.Contains("Chain:Rpc: must be 'embedded' or an http(s) JSON-RPC URL", output);
    }

    [Theory]
    [InlineData(null, "Portal:PublicOrigin: is required in Production")]
    [InlineData("https://guild.example.org/portal", "Portal:PublicOrigin: must be an origin")]
    [InlineData("guild.example.org", "Portal:PublicOrigin: must be an origin")]
    public async Task Start_WithoutAPublicOriginInProduction_ExitsNamingTheKey(string? origin, string expected)
    {
        var settings = Settings();
        settings.Remove("Portal__PublicOrigin");
        if (origin is not null)
        {
            settings["Portal__PublicOrigin"] = origin;
        }
        var (exitCode, output) = await RunAsync("Guild.Web", settings);

        Assert.Equal(StartupFailure.ConfigurationExitCode, exitCode);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task Start_UnreachablePostgres_ExitsNamingTheDatabaseWithoutThePassword()
    {
        var port = GuildProcessRunner.ClosedPort();
        var (exitCode, output) = await RunAsync("Guild.Web", Settings(
            ("Database__Provider", "PostgreSQL"),
            ("Database__ConnectionString", $"Host=127.0.0.1;Port={port};Database=guild;Username=guild;Password=s3cret-Pw;Timeout=3")));

        Assert.Equal(StartupFailure.DatabaseUnavailableExitCode, exitCode);
        Assert.Contains($"Cannot reach the database (PostgreSQL database 'guild' at 127.0.0.1:{port} as 'guild')", output);
        Assert.DoesNotContain("s3cret-Pw", output);
    }

    [Fact]
    public async Task Start_UnreachableChain_ExitsAfterTheStartupTimeout()
    {
        var port = GuildProcessRunner.ClosedPort();
        var (exitCode, output) = await RunAsync("Guild.Web", Settings(
            ("Chain__Rpc", $"http://127.0.0.1:{port}"), ("Chain__StartupTimeoutSeconds", "2")));

        Assert.Equal(StartupFailure.ChainUnavailableExitCode, exitCode);
        Assert.Contains($"Cannot reach the chain at http://127.0.0.1:{port} (Chain:Rpc) within 2 s", output);
    }

    [Fact]
    public async Task Start_PortInUse_ExitsNamingThePort()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, output) = await RunAsync("Guild.Web", Settings(), "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(StartupFailure.PortInUseExitCode, exitCode);
        Assert.Contains($"127.0.0.1:{port}", output);
        Assert.Contains("Stop the other process or choose another port", output);
    }
}
