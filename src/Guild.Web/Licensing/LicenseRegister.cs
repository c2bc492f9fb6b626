using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Guild.Chain;
using Guild.Core.Claims;
using Guild.Core.Data;
using Guild.Core.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Licensing;

/// <summary>One company in the register: its licence as indexed, its name, and whether it is licensed now.</summary>
public sealed record RegisterEntry(string Address, string? Company, LicenseState State, bool Licensed, BigInteger RequiredWei);

/// <summary>A licence answer ready to write: the JSON bytes, their ETag, and until when they stay true.</summary>
public sealed record CachedLicence(RegisterEntry? Entry, byte[] Json, string ETag, DateTimeOffset ValidUntil);

/// <summary>
/// The public licence register, served from the indexed chain events (never from the chain per request): the ledger of
/// <see cref="LicenseLedger"/> plus the names companies declared through the portal. It is rebuilt when the indexer
/// records a new block (or a reorg rewinds one) or a declaration is stored, checked at most once a second and in the
/// background, so a request only reads memory. Each address's JSON is built once and kept until the register changes
/// or the licence's expiry passes, which is what lets one instance answer tens of thousands of checks a second.
/// </summary>
public sealed partial class LicenseRegister(IServiceScopeFactory scopes, ChainConnection chain, TimeProvider time, ILogger<LicenseRegister> logger)
{
    private static readonly long CheckEvery = Stopwatch.Frequency; // one second
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);
    private Snapshot? current;
    private long checkedAt;
    private int refreshing;
    private readonly SemaphoreSlim firstLoad = new(1, 1);

    /// <summary>The register as of the newest indexed block, refreshed in the background when it may be stale.</summary>
    public async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = current;
        if (snapshot is null)
        {
            await firstLoad.WaitAsync(cancellationToken);
            try
            {
                if (current is null)
                {
                    await RefreshAsync(cancellationToken);
                }
            }
            finally
            {
                firstLoad.Release();
            }
            return current!;
        }
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref checkedAt) > CheckEvery && Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    LogRefreshFailed(logger, e); // the last good register keeps serving
                }
                finally
                {
                    Volatile.Write(ref refreshing, 0);
                }
            }, CancellationToken.None);
        }
        return snapshot;
    }

    /// <summary>Rebuilds now if anything changed (tests and the company page call it after a purchase is indexed).</summary>
    public async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var head = await db.IndexedBlocks.AsNoTracking().Where(b => b.ChainId == chainId).OrderByDescending(b => b.Number)
            .Select(b => new { b.Number, b.Hash }).FirstOrDefaultAsync(cancellationToken);
        var declarations = await db.LicenseDeclarations.Where(d => d.ChainId == chainId).MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0;
        var holders = await db.LicenseHolders.CountAsync(cancellationToken);
        var version = $"{chainId}:{head?.Number}:{head?.Hash}:{declarations}:{holders}";
        if (current is { } existing && existing.Version == version)
        {
            Volatile.Write(ref checkedAt, Stopwatch.GetTimestamp());
            return existing;
        }
        var ledger = await LicenseLedger.LoadAsync(db, chainId, cancellationToken);
        var names = await db.LicenseDeclarations.AsNoTracking().Where(d => d.ChainId == chainId)
            .Select(d => new { d.Digest, d.LegalName }).ToDictionaryAsync(d => d.Digest, d => d.LegalName, cancellationToken);
        var organisations = await (from h in db.LicenseHolders join o in db.Organisations on h.OrganisationId equals o.Id select new { h.Wallet, o.Name })
            .ToDictionaryAsync(h => h.Wallet, h => h.Name, cancellationToken);
        var snapshot = new Snapshot(version, chainId, head?.Number, ledger, state =>
            names.GetValueOrDefault(state.DeclarationHash) ?? organisations.GetValueOrDefault(state.Company), time);
        current = snapshot;
        Volatile.Write(ref checkedAt, Stopwatch.GetTimestamp());
        return snapshot;
    }

    /// <summary>An immutable register; answers are built on first use and kept while true.</summary>
    public sealed class Snapshot(string version, long chainId, long? block, LicenseLedger ledger, Func<LicenseState, string?> nameOf, TimeProvider time)
    {
        private readonly ConcurrentDictionary<string, CachedLicence> answers = new(StringComparer.Ordinal);

        public string Version => version;
        public long ChainId => chainId;

        /// <summary>The newest indexed block the register reflects; null before anything was indexed.</summary>
        public long? Block => block;

        public LicenseTerms? Terms => ledger.Terms;

        public RegisterEntry? Find(string address, DateTimeOffset now) =>
            ledger.Find(address) is { } state ? Entry(state, now) : null;

        /// <summary>Every company, most recently active first, filtered by a name or address fragment.</summary>
        public IReadOnlyList<RegisterEntry> Search(string? query, DateTimeOffset now)
        {
            var q = query?.Trim();
            return ledger.Licences.Values
                .Select(s => Entry(s, now))
                .Where(e => string.IsNullOrEmpty(q) || e.Address.Contains(q, StringComparison.OrdinalIgnoreCase)
                            || (e.Company?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false))
                .OrderByDescending(e => e.Licensed).ThenByDescending(e => e.State.History.LastOrDefault()?.Block ?? 0)
                .ToList();
        }

        /// <summary>The API's answer for <paramref name="address"/> (lower-case), from the cache while it holds.</summary>
        public CachedLicence Answer(string address)
        {
            var now = time.GetUtcNow();
            if (answers.TryGetValue(address, out var cached) && now < cached.ValidUntil)
            {
                return cached;
            }
            var entry = Find(address, now);
            var response = new LicenceResponse(address, entry?.Licensed ?? false, entry?.Company, Wei(entry?.State.LockedWei ?? 0), Wei(entry?.RequiredWei ?? 0),
                entry?.State.Expiry, entry?.State.FiscalYear, entry?.State.DeclarationHash, entry?.State.Revoked ?? false, block);
            var json = JsonSerializer.SerializeToUtf8Bytes(response, Json);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 12)) + "\"";
            // A licensed answer turns false at expiry without any event: it is only good until then.
            var answer = new CachedLicence(entry, json, etag, entry is { Licensed: true } ? entry.State.Expiry : DateTimeOffset.MaxValue);
            answers[address] = answer;
            return answer;
        }

        private RegisterEntry Entry(LicenseState state, DateTimeOffset now)
        {
            var terms = ledger.Terms ?? LicenseTerms.Default;
            return new RegisterEntry(state.Company, nameOf(state), state, state.IsLicensed(terms, now), state.RequiredWei(terms));
        }

        private static string Wei(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What <c>GET /api/licenses/{address}</c> answers.</summary>
    /// <param name="StakeWei">$AGI locked in the vote escrow, wei.</param>
    /// <param name="RequiredWei">The stake the declared revenue requires under the current parameters, wei.</param>
    /// <param name="AsOfBlock">The newest indexed block this answer reflects.</param>
    public sealed record LicenceResponse(string Address, bool Licensed, string? Company, string StakeWei, string RequiredWei, DateTimeOffset? ExpiresAt,
        int? FiscalYear, string? DeclarationHash, bool Revoked, long? AsOfBlock);

    public static string? Normalize(string address) => EthereumAddress.TryNormalize(address);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "The licence register could not be refreshed; the previous one keeps serving")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
