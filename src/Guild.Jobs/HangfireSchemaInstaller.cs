using Guild.Core.Data;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Guild.Jobs;

/// <summary>
/// Creates or upgrades Hangfire's PostgreSQL schema at start, after the guild's own migrations. Hangfire would do it in
/// its storage constructor, which runs while the host is still being built and retries for half a minute before an
/// unreachable database is reported; here the database migrator has already named the problem.
/// </summary>
internal sealed class HangfireSchemaInstaller(GuildDatabase database) : IHostedService
{
    public const string Schema = "hangfire";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSQL)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The installer takes an advisory lock, so concurrent workers starting together are safe.
        PostgreSqlObjectsInstaller.Install(connection, Schema);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
