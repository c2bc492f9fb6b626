using Guild.Core.Configuration;
using Guild.Core.Data.Providers;
using Guild.Core.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Core.Data;

public static class DataRegistration
{
    /// <summary>
    /// Registers the data directory, <see cref="GuildDbContext"/> on the configured provider, and the start-up
    /// migrator. Returns the resolved database: Hangfire's storage follows it.
    /// </summary>
    public static GuildDatabase AddGuildData(this IHostApplicationBuilder builder)
    {
        var data = DataDirectory.From(builder);
        var database = builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section).Resolve(data);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(database);
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.Services.AddDbContext<GuildDbContext, SqliteGuildDbContext>(o => o.UseSqlite(database.ConnectionString));
                break;
            case DatabaseProvider.PostgreSQL:
                builder.Services.AddDbContext<GuildDbContext, PostgresGuildDbContext>(o => o.UseNpgsql(database.ConnectionString));
                break;
        }
        builder.Services.AddHostedService<DatabaseMigrator>();
        return database;
    }
}
