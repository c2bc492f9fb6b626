using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guild.Core.Data;

/// <summary>
/// Applies pending migrations before anything else starts (hosted services start in registration order, so jobs never
/// see an old schema). An unreachable database becomes a <see cref="DatabaseUnavailableException"/> that names it.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceScopeFactory scopes,
    GuildDatabase db,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!db.MigrateAtStartup)
        {
            return;
        }
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(db.SqliteFile)!);
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        try
        {
            if (db.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the portal read while a job writes; the setting is stored in the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            // Creating the history table first spares a fresh PostgreSQL database EF's logged "relation does not exist" probe.
            await context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
            // Asked after migrating: on an empty database the history table does not exist yet and EF would log an error.
            var latest = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault() ?? "(none)";
            LogMigrated(logger, db.Describe(), latest);
        }
        catch (Exception ex) when (IsConnectivity(ex))
        {
            throw new DatabaseUnavailableException(
                $"Cannot reach the database ({db.Describe()}): {ex.GetBaseException().Message} " +
                "Check Database:ConnectionString and that the server is running.", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Connection-level failures only; a failing migration script is a bug and keeps its stack trace.
    private static bool IsConnectivity(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: 14 /* SQLITE_CANTOPEN */ }
        || ex.GetBaseException() is SocketException or TimeoutException
        || ex is Npgsql.NpgsqlException { IsTransient: true }
        || ex is Npgsql.PostgresException { SqlState: "28P01" or "28000" or "3D000" } // auth failed, no such database
        || ex is DbException && ex.InnerException is SocketException;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database ready: {Database}, schema at migration {Migration}")]
    private static partial void LogMigrated(ILogger logger, string database, string migration);
}
