using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Core.Data.Providers;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Tests.Data;

/// <summary>Both providers' migrations apply to an empty database and match the current model exactly.</summary>
public class MigrationsTests
{
    [Fact]
    public async Task Sqlite_MigrateEmptyDatabase_SchemaMatchesModel()
    {
        var folder = TestEnvironment.NewTempDirectory("sqlite-migrations");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteGuildDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder, "guild.db")};Pooling=False").Options;
            await using var db = new SqliteGuildDbContext(options);

            await AssertMigratesAsync(db);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_MigrateEmptyDatabase_SchemaMatchesModel()
    {
        await using var database = await PostgresDatabase.CreateAsync("migrations");
        var options = new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new PostgresGuildDbContext(options);

        await AssertMigratesAsync(db);
    }

    private static async Task AssertMigratesAsync(GuildDbContext db)
    {
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // A model change without a migration for this provider fails here.
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add one for each provider.");
        var steward = await db.Roles.SingleAsync(r => r.Name == GuildRoles.Steward);
        Assert.Equal("STEWARD", steward.NormalizedName);
    }
}
