namespace Guild.Testing;

/// <summary>
/// What the test command (./test.sh) provides: a PostgreSQL server, an anvil node and an SMTP server on loopback ports. Tests that
/// need them fail with a clear message when run without it — never skip, so a missing dependency cannot hide.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "GUILD_TEST_POSTGRES";
    public const string AnvilVariable = "GUILD_TEST_ANVIL_RPC";
    public const string SmtpHostVariable = "GUILD_TEST_SMTP_HOST";
    public const string SmtpPortVariable = "GUILD_TEST_SMTP_PORT";
    public const string SmtpApiVariable = "GUILD_TEST_SMTP_API";

    /// <summary>Admin connection string of the test run's PostgreSQL server (database <c>postgres</c>).</summary>
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./test.sh, which starts PostgreSQL, or set it to an admin connection string.");

    /// <summary>RPC URL of the anvil the test run started, shared by tests that only read or mine.</summary>
    public static string SharedAnvilRpc =>
        Environment.GetEnvironmentVariable(AnvilVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{AnvilVariable} is not set. Run the tests with ./test.sh, which starts anvil, or set it to an anvil RPC URL.");

    /// <summary>The SMTP server of the test run (smtp4dev): host, port, and the base URL of its HTTP API where tests read the mails.</summary>
    public static (string Host, int Port, Uri Api) Smtp =>
        Environment.GetEnvironmentVariable(SmtpHostVariable) is { Length: > 0 } host
        && int.TryParse(Environment.GetEnvironmentVariable(SmtpPortVariable), out var port)
        && Environment.GetEnvironmentVariable(SmtpApiVariable) is { Length: > 0 } api
            ? (host, port, new Uri(api))
            : throw new InvalidOperationException(
                $"{SmtpHostVariable}, {SmtpPortVariable} and {SmtpApiVariable} are not set. Run the tests with ./test.sh, which starts smtp4dev, or set them.");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Guild.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A fresh empty folder under the system temp directory, removed by the caller.</summary>
    public static string NewTempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "guild-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
