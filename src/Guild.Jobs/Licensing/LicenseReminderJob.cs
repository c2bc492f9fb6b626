using System.Globalization;
using Guild.Chain;
using Guild.Core.Data;
using Guild.Core.Licensing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Guild.Jobs.Licensing;

/// <summary>
/// Mails each licensed organisation's members 60, 30 and 7 days before the licence expires, and when a parameter change
/// (or a withdrawal) leaves it under-staked; never for an organisation that turned reminders off. The licences come from
/// the indexed chain events, like the register. Each reminder is recorded before its mails are queued, under a unique key
/// (wallet, kind, expiry or terms), so a run repeated or racing another sends it once; a licence first seen late gets only
/// its most urgent reminder.
/// </summary>
public sealed partial class LicenseReminderJob(GuildDbContext db, ChainConnection chain, LicenseMail mail, IConfiguration configuration, TimeProvider time,
    ILogger<LicenseReminderJob> logger)
{
    public const string RecurringId = "license-reminders";
    public static readonly int[] DaysBefore = [60, 30, 7];

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>Sends what is due at <paramref name="asOf"/> (now by default); returns the number of reminders sent.</summary>
    public async Task<int> RunAsync(DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = asOf ?? time.GetUtcNow();
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var ledger = await LicenseLedger.LoadAsync(db, chainId, cancellationToken);
        if (ledger.Terms is not { } terms)
        {
            return 0;
        }
        var holders = await (from h in db.LicenseHolders.AsNoTracking()
                             join o in db.Organisations.AsNoTracking() on h.OrganisationId equals o.Id
                             where !h.RemindersOff
                             select new { h.OrganisationId, h.Wallet, o.Name }).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var holder in holders)
        {
            if (ledger.Find(holder.Wallet) is not { Revoked: false } licence || licence.Expiry <= now)
            {
                continue;
            }
            var link = Link(holder.OrganisationId);
            var daysLeft = (int)Math.Ceiling((licence.Expiry - now).TotalDays);
            var due = DaysBefore.Where(d => daysLeft <= d).ToList();
            if (due.Count > 0)
            {
                var expiryKey = licence.Expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                // Record every passed mark, mail only the nearest one: 7 days left is no time to hear about 60.
                var fresh = false;
                foreach (var days in due)
                {
                    fresh |= await RecordAsync(holder.Wallet, $"{days}-days", expiryKey, now, cancellationToken) && days == due.Min();
                }
                if (fresh)
                {
                    await MailMembersAsync(holder.OrganisationId, to => mail.ExpiresSoonAsync(to, holder.Name, holder.Wallet, licence.Expiry, daysLeft, link, cancellationToken), cancellationToken);
                    sent++;
                }
            }
            if (licence.IsUnderStaked(terms, now)
                && await RecordAsync(holder.Wallet, "under-staked", Fingerprint(terms, licence), now, cancellationToken))
            {
                await MailMembersAsync(holder.OrganisationId, to => mail.UnderStakedAsync(to, holder.Name, holder.Wallet, licence.LockedWei, licence.RequiredWei(terms), link, cancellationToken), cancellationToken);
                sent++;
            }
        }
        if (sent > 0)
        {
            LogSent(logger, sent);
        }
        return sent;
    }

    /// <summary>Inserts the reminder's row; false when it was already sent (the unique key refuses the duplicate).</summary>
    private async Task<bool> RecordAsync(string wallet, string kind, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.LicenseReminders.AnyAsync(r => r.Wallet == wallet && r.Kind == kind && r.Key == key, cancellationToken))
        {
            return false;
        }
        db.LicenseReminders.Add(new LicenseReminder(wallet, kind, key, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false; // another run recorded it first
        }
    }

    private async Task MailMembersAsync(long organisationId, Func<string, Task> send, CancellationToken cancellationToken)
    {
        var emails = await (from m in db.OrganisationMembers
                            join u in db.Users on m.UserId equals u.Id
                            where m.OrganisationId == organisationId && u.EmailConfirmed && u.Email != null
                            select u.Email!).ToListAsync(cancellationToken);
        foreach (var email in emails)
        {
            await send(email);
        }
    }

    /// <summary>One under-staking reminder per licence (expiry and revenue) and set of terms: a later change mails again.</summary>
    private static string Fingerprint(LicenseTerms terms, LicenseState licence)
    {
        var key = string.Join(':', licence.Expiry.ToUnixTimeSeconds(), licence.DeclaredRevenueUsd, terms.RevenueThresholdUsd, terms.Rate, terms.AgiPriceUsd);
        return key.Length <= 80 ? key : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private string? Link(long organisationId) =>
        configuration["Portal:PublicOrigin"] is { Length: > 0 } origin ? $"{origin.TrimEnd('/')}/organisation/{organisationId}/license" : null;

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Licence reminders: {Count} sent")]
    private static partial void LogSent(ILogger logger, int count);
}
