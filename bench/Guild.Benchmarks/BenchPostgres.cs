using Npgsql;

namespace Guild.Benchmarks;

/// <summary>Throwaway PostgreSQL databases for the harnesses that measure the real database path.</summary>
internal static class BenchPostgres
{
    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string admin)
    {
        var name = $"guild_bench_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database, closing whatever connections it still has.</summary>
    public static async Task DropAsync(string admin, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
