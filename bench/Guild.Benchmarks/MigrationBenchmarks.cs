using BenchmarkDotNet.Attributes;
using Guild.Core.Data.Providers;
using Microsoft.EntityFrameworkCore;

namespace Guild.Benchmarks;

/// <summary>What a fresh install pays at first start: every SQLite migration applied to an empty database.</summary>
[MemoryDiagnoser]
public class MigrationBenchmarks
{
    private string folder = "";

    [GlobalSetup]
    public void Setup() => folder = Directory.CreateTempSubdirectory("guild-bench-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark]
    public async Task MigrateEmptySqlite()
    {
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteGuildDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        await using var db = new SqliteGuildDbContext(options);
        await db.Database.MigrateAsync();
    }
}
