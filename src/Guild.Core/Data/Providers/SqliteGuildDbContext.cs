using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Data.Providers;

/// <summary>The embedded default. Its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteGuildDbContext(DbContextOptions<SqliteGuildDbContext> options) : GuildDbContext(options);
