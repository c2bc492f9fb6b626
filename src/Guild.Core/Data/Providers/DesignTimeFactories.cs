using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Guild.Core.Data.Providers;

// Used only by `dotnet ef migrations add <Name> --context SqliteGuildDbContext|PostgresGuildDbContext`
// (see docs/development.md); the connection strings are never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGuildDbContext>
{
    public SqliteGuildDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGuildDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGuildDbContext>
{
    public PostgresGuildDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql("Host=localhost;Database=guild_design").Options);
}
