namespace Guild.Testing;

/// <summary>
/// What the test command (./test.sh) provides: a PostgreSQL server and an anvil node on loopback ports. Tests that
/// need them fail with a clear message when run without it — never skip, so a missing dependency cannot hide.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "GUILD_TEST_POSTGRES";
    public const string AnvilVariable = "GUILD_TEST_ANVIL_RPC";

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
