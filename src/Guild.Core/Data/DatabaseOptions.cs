using System.ComponentModel.DataAnnotations;
using Guild.Core.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Guild.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>Configuration section <c>Database</c>: SQLite file in the data directory by default, PostgreSQL by connection string.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite it defaults to <c>guild.db</c> in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending EF Core migrations at start. EF takes a database lock, so many workers may start at once.</summary>
    public bool MigrateAtStartup { get; set; } = true;

    public GuildDatabase Resolve(DataDirectory data) => new(
        Provider,
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == DatabaseProvider.Sqlite
            ? $"Data Source={data.File("guild.db")}"
            : ConnectionString!,
        MigrateAtStartup);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (Provider == DatabaseProvider.PostgreSQL)
            {
                yield return new ValidationResult(
                    "is required when Database:Provider is PostgreSQL (e.g. Host=db;Database=guild;Username=guild;Password=...)",
                    [nameof(ConnectionString)]);
            }
            yield break;
        }

        string? problem;
        try
        {
            problem = Provider switch
            {
                DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource) =>
                    "names no Data Source file",
                DatabaseProvider.PostgreSQL when string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host) =>
                    "names no Host",
                _ => null,
            };
        }
        catch (ArgumentException ex)
        {
            problem = $"is not a valid {Provider} connection string ({ex.Message})";
        }
        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(ConnectionString)]);
        }
    }
}

/// <summary>The database this process uses, resolved from <see cref="DatabaseOptions"/>; Hangfire's storage follows it.</summary>
public sealed record GuildDatabase(DatabaseProvider Provider, string ConnectionString, bool MigrateAtStartup)
{
    /// <summary>Where the database lives, for log lines and error messages: never includes a password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return $"SQLite file {SqliteFile}";
        }
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL database '{cs.Database}' at {cs.Host}:{cs.Port} as '{cs.Username}'";
    }

    /// <summary>The SQLite file's absolute path (SQLite only).</summary>
    public string SqliteFile => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
}
