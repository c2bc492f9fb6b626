using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Data.Providers;

/// <summary>Production. Its migrations live in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresGuildDbContext(DbContextOptions<PostgresGuildDbContext> options) : GuildDbContext(options);
