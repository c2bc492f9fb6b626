using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Core.Licensing;
using Guild.Core.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Licensing;

/// <summary>Who acts for a company's licence: a member with the Company role, the organisation, its licence wallet and the member's own linked wallet.</summary>
public sealed record CompanyContext(Organisation Organisation, string UserId, LicenseHolder? Holder, string? MyWallet);

/// <summary>
/// The check every licence action of a company makes (page and API alike): the account is a member of the organisation
/// and holds the Company role; anyone else hears that there is no such organisation. Also chooses the licence wallet (a
/// member's own linked wallet, proved by signature on /me) and the reminder setting.
/// </summary>
public sealed class CompanyLicenseAccess(GuildDbContext db, OrganisationAccess organisations, UserManager<GuildUser> users, TimeProvider time)
{
    public async Task<Outcome<CompanyContext>> ForAsync(long organisationId, string userId, CancellationToken cancellationToken)
    {
        if (!await organisations.IsMemberAsync(organisationId, userId, cancellationToken))
        {
            return new OrganisationNotFoundError(organisationId);
        }
        if (await users.FindByIdAsync(userId) is not { } user || !await users.IsInRoleAsync(user, GuildRoles.Company))
        {
            return new NotACompanyAccountError();
        }
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == organisationId, cancellationToken);
        var holder = await db.LicenseHolders.AsNoTracking().SingleOrDefaultAsync(h => h.OrganisationId == organisationId, cancellationToken);
        var myWallet = await (from p in db.People
                              join w in db.ContributorWallets on p.Id equals w.PersonId
                              where p.UserId == userId
                              select w.Address).FirstOrDefaultAsync(cancellationToken);
        return new CompanyContext(organisation, userId, holder, myWallet);
    }

    /// <summary>The member makes the wallet linked to their account the organisation's licence wallet.</summary>
    public async Task<Outcome<LicenseHolder>> UseMyWalletAsync(long organisationId, string userId, CancellationToken cancellationToken)
    {
        var outcome = await ForAsync(organisationId, userId, cancellationToken);
        if (outcome.Error is { } error)
        {
            return error;
        }
        if (outcome.Value!.MyWallet is not { } wallet)
        {
            return new NoLinkedWalletError();
        }
        if (await db.LicenseHolders.AnyAsync(h => h.Wallet == wallet && h.OrganisationId != organisationId, cancellationToken))
        {
            return new LicenseWalletTakenError(wallet);
        }
        var holder = await db.LicenseHolders.SingleOrDefaultAsync(h => h.OrganisationId == organisationId, cancellationToken);
        if (holder is null)
        {
            db.LicenseHolders.Add(holder = new LicenseHolder(organisationId, wallet, userId, time.GetUtcNow()));
        }
        else
        {
            holder.ChangeWallet(wallet, userId, time.GetUtcNow());
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new LicenseWalletTakenError(wallet); // another organisation took it at the same moment (unique index)
        }
        return holder;
    }

    /// <summary>Turns the organisation's reminder mails on or off.</summary>
    public async Task<Outcome<LicenseHolder>> SetRemindersAsync(long organisationId, string userId, bool on, CancellationToken cancellationToken)
    {
        var outcome = await ForAsync(organisationId, userId, cancellationToken);
        if (outcome.Error is { } error)
        {
            return error;
        }
        var holder = await db.LicenseHolders.SingleOrDefaultAsync(h => h.OrganisationId == organisationId, cancellationToken);
        if (holder is null)
        {
            return new NoLicenseWalletError(organisationId);
        }
        holder.SetReminders(on);
        await db.SaveChangesAsync(cancellationToken);
        return holder;
    }
}
