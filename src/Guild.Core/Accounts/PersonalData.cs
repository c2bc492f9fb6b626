using System.Reflection;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Organisations;
using Guild.Core.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Accounts;

/// <summary>
/// Everything the portal holds about one account, for its owner to download: the account's personal fields (those
/// Identity marks <c>[PersonalData]</c>), roles, linked logins, the person it acts for with their identities and wallet,
/// organisations, and the role changes concerning it.
/// </summary>
public sealed class PersonalDataExport(GuildDbContext db, UserManager<GuildUser> users)
{
    public async Task<Dictionary<string, object?>> ExportAsync(GuildUser user, CancellationToken cancellationToken)
    {
        var account = typeof(GuildUser).GetProperties()
            .Where(p => p.IsDefined(typeof(PersonalDataAttribute)))
            .ToDictionary(p => p.Name, p => p.GetValue(user)?.ToString());
        account[nameof(GuildUser.CreatedAt)] = user.CreatedAt.ToString("O");
        account["AuthenticatorKey"] = await users.GetAuthenticatorKeyAsync(user) is null ? null : "(set; not exported)";

        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        object? personData = null;
        if (person is not null)
        {
            var identities = await db.ContributorIdentities.AsNoTracking().Where(i => i.PersonId == person.Id)
                .OrderBy(i => i.Kind).ThenBy(i => i.Value)
                .Select(i => new { Kind = i.Kind.ToString(), i.Value, i.Login, LoginSource = i.LoginSource.ToString(), i.ConfirmedAt })
                .ToListAsync(cancellationToken);
            var wallet = await db.ContributorWallets.AsNoTracking().Where(w => w.PersonId == person.Id)
                .Select(w => new { w.Address, w.LinkedAt }).SingleOrDefaultAsync(cancellationToken);
            personData = new { Id = person.Key, person.CreatedAt, Identities = identities, Wallet = wallet };
        }
        var organisations = await (from m in db.OrganisationMembers.AsNoTracking()
                                   join o in db.Organisations on m.OrganisationId equals o.Id
                                   where m.UserId == user.Id
                                   select new { o.Id, o.Name, m.JoinedAt }).ToListAsync(cancellationToken);
        var roleChanges = await db.RoleChanges.AsNoTracking().Where(c => c.UserId == user.Id)
            .OrderBy(c => c.Id).Select(c => new { c.Role, c.Granted, c.Reason, c.At }).ToListAsync(cancellationToken);

        return new Dictionary<string, object?>
        {
            ["account"] = account,
            ["roles"] = await users.GetRolesAsync(user),
            ["logins"] = (await users.GetLoginsAsync(user)).Select(l => new { l.LoginProvider, l.ProviderKey, l.ProviderDisplayName }).ToList(),
            ["person"] = personData,
            ["organisations"] = organisations,
            ["roleChanges"] = roleChanges,
        };
    }
}

/// <summary>
/// Deletes an account at its owner's request. The person it acted for stays, detached: their identities are public
/// history, and balances, entitlements and the wallet keep what they hold, paid to the wallet as before. Organisation
/// memberships and pending invitations to its address go; the roles' audit trail keeps only the account's id.
/// </summary>
public sealed class DeleteAccountCommand(GuildDbContext db, UserManager<GuildUser> users)
{
    public async Task<Outcome<GuildUser>> ExecuteAsync(GuildUser user, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        if (await users.IsInRoleAsync(user, GuildRoles.Steward) && (await users.GetUsersInRoleAsync(GuildRoles.Steward)).Count <= 1)
        {
            return new LastStewardError();
        }
        if (await db.People.SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken) is { } person)
        {
            person.DetachUser();
        }
        var email = user.Email?.ToLowerInvariant();
        await db.OrganisationInvitations.Where(i => i.Email == email && i.AcceptedAt == null).ExecuteDeleteAsync(cancellationToken);
        await db.WalletChallenges.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not delete account {user.Id}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        await transaction.CommitAsync(cancellationToken);
        return user;
    }
}
