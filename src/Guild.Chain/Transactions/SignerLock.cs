using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Guild.Core.Data;
using Npgsql;

namespace Guild.Chain.Transactions;

/// <summary>
/// Serialises nonce assignment for one sending address across every process that shares the database: a PostgreSQL
/// session advisory lock in production (many workers), a process-wide semaphore on the embedded SQLite default
/// (one process by design).
/// </summary>
public sealed class SignerLock(GuildDatabase database)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Local = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IAsyncDisposable> AcquireAsync(string address, CancellationToken cancellationToken)
    {
        var semaphore = Local.GetOrAdd(address, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        if (database.Provider != DatabaseProvider.PostgreSQL)
        {
            return new Release(semaphore, null);
        }
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key(address));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Release(semaphore, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            semaphore.Release();
            throw;
        }
    }

    private static long Key(string address) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.ASCII.GetBytes("guild-signer:" + address.ToLowerInvariant())));

    private sealed class Release(SemaphoreSlim semaphore, NpgsqlConnection? connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Closing the session releases its advisory locks, even if the unlock statement never ran.
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            semaphore.Release();
        }
    }
}
