using System.Collections.Concurrent;
using System.Numerics;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>
/// What the portal and the API derive from stored epochs, cached: a published epoch never changes, so its claims tree
/// (rebuilt from its stored leaves and checked against its root) can be kept. Only the latest two are: claims prove
/// against the newest root or the one whose challenge window is still open. Nothing here recomputes an allocation
/// (explanations are stored with the epoch's lines).
/// </summary>
public sealed class EpochReadModels(IServiceScopeFactory scopes)
{
    private const int Keep = 2;
    private readonly ConcurrentDictionary<long, Lazy<Task<ClaimsTree>>> trees = new();

    public Task<ClaimsTree> TreeAsync(Epoch epoch) =>
        Cached(trees, epoch.Number, () => BuildTreeAsync(epoch));

    private async Task<ClaimsTree> BuildTreeAsync(Epoch epoch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var leaves = await db.EpochAccounts.AsNoTracking().Where(a => a.Epoch == epoch.Number).ToListAsync();
        var tree = ClaimsTree.Build(leaves.Select(l => KeyValuePair.Create(l.Account, l.CumulativeWei)));
        return tree.Root.ToString() == epoch.Root
            ? tree
            : throw new InvalidOperationException($"Epoch {epoch.Number}'s stored leaves give root {tree.Root}, not the recorded {epoch.Root}.");
    }

    private static Task<T> Cached<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<Task<T>> create) where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(create));
        if (entry.Value.IsFaulted)
        {
            cache.TryRemove(key, out _);
        }
        foreach (var old in cache.Keys.OrderDescending().Skip(Keep))
        {
            cache.TryRemove(old, out _);
        }
        return entry.Value;
    }
}

/// <summary>Sums of wei for display: whole $AGI with up to four decimals (see <see cref="Guild.Core.AgiAmount.Format"/>).</summary>
public static class Agi
{
    public static string Format(BigInteger? wei) => wei is { } value ? Guild.Core.AgiAmount.Format(value) : "—";
}
