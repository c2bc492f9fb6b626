using System.Collections.Concurrent;
using Guild.Core.Data.Providers;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Data;

/// <summary>
/// SQLite admits one writer at a time, and Microsoft.Data.Sqlite answers a write that finds the database locked by
/// sleeping 150 ms on its thread before trying again. Under concurrent requests that sleep, not the write, sets the
/// pace (and blocks thread-pool threads). Hot write paths save through <see cref="SaveChangesInTurnAsync"/>: on SQLite
/// the saves of this process take turns on the file, waiting asynchronously in order; on PostgreSQL, or inside a
/// transaction the caller already holds, it is a plain <c>SaveChangesAsync</c>. Writers in other processes still meet
/// the library's retry.
/// </summary>
public static class SqliteWriteTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    public static async Task<int> SaveChangesInTurnAsync(this GuildDbContext db, CancellationToken cancellationToken)
    {
        if (db is not SqliteGuildDbContext || db.Database.CurrentTransaction is not null)
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        var turn = Turns.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }
}
