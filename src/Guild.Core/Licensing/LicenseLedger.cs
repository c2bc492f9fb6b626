using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Guild.Core.Chain;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Licensing;

/// <summary>One line of a licence's history, from one indexed event.</summary>
/// <param name="Kind"><c>Purchase</c>, <c>TopUp</c>, <c>Renewal</c>, <c>Revoked</c> or <c>Reinstated</c>.</param>
/// <param name="Currency">The payment token's address, or null for ETH.</param>
/// <param name="Reason">Governance's reason, for a revocation or reinstatement.</param>
public sealed record LicenseHistoryEntry(
    long Block, int LogIndex, string TransactionHash, string Kind, BigInteger? RevenueUsd, int? FiscalYear, string? DeclarationHash,
    BigInteger Bought, string? Currency, BigInteger Paid, DateTimeOffset? Expiry, DateTimeOffset? LockedUntil, string? Reason);

/// <summary>A company's licence as the indexed events say, with its vote-escrow lock.</summary>
public sealed record LicenseState(
    string Company, BigInteger DeclaredRevenueUsd, int FiscalYear, string DeclarationHash, DateTimeOffset Expiry, bool Revoked,
    BigInteger LockedWei, DateTimeOffset? LockEnd, IReadOnlyList<LicenseHistoryEntry> History)
{
    public BigInteger RequiredWei(LicenseTerms terms) => terms.RequiredStake(DeclaredRevenueUsd);

    /// <summary>
    /// <c>LicenseRegistry.isLicensed</c> at <paramref name="now"/> under <paramref name="terms"/>: not revoked, unexpired,
    /// and (above the threshold) locked at least the required stake until at least the expiry.
    /// </summary>
    public bool IsLicensed(LicenseTerms terms, DateTimeOffset now)
    {
        if (Revoked || Expiry <= now)
        {
            return false;
        }
        var required = RequiredWei(terms);
        return required.IsZero || (LockedWei >= required && LockEnd >= Expiry);
    }

    /// <summary>Unexpired and not revoked, but its lock no longer covers what the current terms require (a parameter change, or a withdrawal).</summary>
    public bool IsUnderStaked(LicenseTerms terms, DateTimeOffset now) => !Revoked && Expiry > now && !IsLicensed(terms, now);
}

/// <summary>
/// The licence register rebuilt from the indexed chain events (<see cref="GuildDbContext.ChainEvents"/>): the
/// registry's parameter changes give the current terms, its <c>LicenseRecorded</c>, <c>LicenseRevoked</c> and
/// <c>LicenseReinstated</c> events each company's licence, and the vote escrow's <c>Locked</c> and <c>Withdrawn</c>
/// events its lock. The chain stays the source of truth: the indexer keeps the events current and deletes those a reorg
/// removed, so a rebuild never shows them. The same rules as <c>isLicensed</c> apply, in C#.
/// </summary>
public sealed class LicenseLedger
{
    private const string Registry = "LicenseRegistry";
    private const string Escrow = "VoteEscrow";
    private static readonly string[] Actions = ["Purchase", "TopUp", "Renewal"];

    private LicenseLedger(LicenseTerms? terms, IReadOnlyDictionary<string, LicenseState> licences)
    {
        Terms = terms;
        Licences = licences;
    }

    /// <summary>The governed terms as the registry's events set them; null before the registry's deployment is indexed.</summary>
    public LicenseTerms? Terms { get; }

    /// <summary>Every company that ever recorded a licence, by lower-case address.</summary>
    public IReadOnlyDictionary<string, LicenseState> Licences { get; }

    public LicenseState? Find(string company) => Licences.GetValueOrDefault(company.ToLowerInvariant());

    /// <summary>Loads the registry's events and the companies' lock events of chain <paramref name="chainId"/> and builds the ledger.</summary>
    public static async Task<LicenseLedger> LoadAsync(GuildDbContext db, long chainId, CancellationToken cancellationToken)
    {
        var registryEvents = db.ChainEvents.AsNoTracking().Where(e => e.ChainId == chainId && e.Contract == Registry);
        var companies = registryEvents.Where(e => e.Name == "LicenseRecorded").Select(e => e.Account);
        var events = await registryEvents
            .Concat(db.ChainEvents.AsNoTracking().Where(e => e.ChainId == chainId && e.Contract == Escrow
                && (e.Name == "Locked" || e.Name == "Withdrawn") && companies.Contains(e.Account)))
            .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)
            .ToListAsync(cancellationToken);
        return Build(events);
    }

    /// <summary>Builds the ledger from events in chain order.</summary>
    public static LicenseLedger Build(IEnumerable<ChainEvent> events)
    {
        BigInteger? threshold = null, rate = null, agiPrice = null, ethPrice = null;
        int? decimals = null;
        long minTerm = LicenseTerms.Year;
        var licences = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var locks = new Dictionary<string, (BigInteger Amount, DateTimeOffset? End)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            using var payload = JsonDocument.Parse(e.Payload);
            var p = payload.RootElement;
            switch (e.Contract, e.Name)
            {
                case (Registry, "RevenueThresholdChanged"): threshold = Big(p, "newUsd"); break;
                case (Registry, "RateChanged"): rate = Big(p, "newRate"); break;
                case (Registry, "AgiPriceChanged"): agiPrice = Big(p, "newPriceUsd"); break;
                case (Registry, "EthPriceChanged"): ethPrice = Big(p, "newPriceUsd"); break;
                case (Registry, "MinTermChanged"): minTerm = (long)Big(p, "newTerm"); break;
                case (Registry, "StablecoinChanged"): decimals = (int)Big(p, "decimals"); break;
                case (Registry, "LicenseRecorded"):
                    {
                        var company = Text(p, "company")!;
                        var licence = licences.TryGetValue(company, out var existing) ? existing : licences[company] = new Builder(company);
                        var action = (int)Big(p, "action");
                        licence.Revenue = Big(p, "declaredRevenueUsd");
                        licence.FiscalYear = (int)Big(p, "fiscalYear");
                        licence.DeclarationHash = Text(p, "declarationHash")!;
                        licence.Expiry = Time(Big(p, "expiry"));
                        var currency = Text(p, "currency");
                        licence.History.Add(new LicenseHistoryEntry(e.BlockNumber, e.LogIndex, e.TransactionHash, action < Actions.Length ? Actions[action] : $"Action{action}",
                            licence.Revenue, licence.FiscalYear, licence.DeclarationHash, Big(p, "bought"),
                            currency == "0x0000000000000000000000000000000000000000" ? null : currency, Big(p, "paid"), licence.Expiry, Time(Big(p, "lockedUntil")), null));
                        break;
                    }
                case (Registry, "LicenseRevoked" or "LicenseReinstated"):
                    {
                        if (licences.TryGetValue(Text(p, "company")!, out var licence))
                        {
                            licence.Revoked = e.Name == "LicenseRevoked";
                            licence.History.Add(new LicenseHistoryEntry(e.BlockNumber, e.LogIndex, e.TransactionHash, e.Name == "LicenseRevoked" ? "Revoked" : "Reinstated",
                                null, null, Text(p, "declarationHash"), 0, null, 0, null, null, Text(p, "reason")));
                        }
                        break;
                    }
                case (Escrow, "Locked"): locks[Text(p, "account")!] = (Big(p, "amount"), Time(Big(p, "end"))); break;
                case (Escrow, "Withdrawn"): locks[Text(p, "account")!] = (0, null); break;
            }
        }
        var terms = threshold is { } t && rate is { } r && agiPrice is { } a && ethPrice is { } ep && decimals is { } d
            ? new LicenseTerms(t, r, a, ep, d, minTerm)
            : null;
        return new LicenseLedger(terms, licences.ToDictionary(l => l.Key, l =>
        {
            var (amount, end) = locks.GetValueOrDefault(l.Key);
            var b = l.Value;
            return new LicenseState(b.Company, b.Revenue, b.FiscalYear, b.DeclarationHash, b.Expiry, b.Revoked, amount, end, b.History);
        }, StringComparer.Ordinal));
    }

    private static BigInteger Big(JsonElement payload, string name) =>
        BigInteger.Parse(payload.GetProperty(name).GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);

    // Addresses and hashes come lower-case from the indexer's decoder.
    private static string? Text(JsonElement payload, string name) => payload.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static DateTimeOffset Time(BigInteger seconds) => DateTimeOffset.FromUnixTimeSeconds((long)seconds);

    private sealed class Builder(string company)
    {
        public string Company { get; } = company;
        public BigInteger Revenue { get; set; }
        public int FiscalYear { get; set; }
        public string DeclarationHash { get; set; } = "";
        public DateTimeOffset Expiry { get; set; }
        public bool Revoked { get; set; }
        public List<LicenseHistoryEntry> History { get; } = [];
    }
}
