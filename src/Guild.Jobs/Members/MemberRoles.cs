using Guild.Chain.Voting;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Members;

/// <summary>
/// Keeps the Member role in step with the chain: an account whose linked wallet holds an unexpired lock of $AGI (a
/// company's licence lock included) is a member; once its lock is gone it stops being one. Only a grant this made is
/// revoked: a Member role a steward granted by hand stays. Every change lands in the roles' audit trail.
/// </summary>
public sealed class MemberRoles(GuildDbContext db, EscrowReader escrow, ChangeRoleCommand roles)
{
    public const string RecurringId = "member-roles";
    public const string GrantReason = "locked $AGI in the vote escrow";
    public const string RevokeReason = "no locked $AGI any more";

    /// <summary>Every account with a linked wallet. Re-running is harmless: a role already in step changes nothing.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var userIds = await (from person in db.People.AsNoTracking()
                             join wallet in db.ContributorWallets.AsNoTracking() on person.Id equals wallet.PersonId
                             where person.UserId != null
                             select person.UserId!).Distinct().ToListAsync(cancellationToken);
        foreach (var userId in userIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await SyncAsync(userId, cancellationToken);
        }
    }

    /// <summary>Brings one account's Member role in step with its wallet's lock; true when it is a member afterwards.</summary>
    public async Task<bool> SyncAsync(string userId, CancellationToken cancellationToken)
    {
        var wallet = await (from person in db.People.AsNoTracking()
                            join w in db.ContributorWallets.AsNoTracking() on person.Id equals w.PersonId
                            where person.UserId == userId
                            select w.Address).FirstOrDefaultAsync(cancellationToken);
        var locked = wallet is not null && (await escrow.StandingAsync(wallet, cancellationToken)).HasActiveLock;
        var holds = await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == GuildRoles.Member), cancellationToken);
        if (locked && !holds)
        {
            await roles.ExecuteAsync(userId, GuildRoles.Member, grant: true, stewardId: null, GrantReason, cancellationToken);
            return true;
        }
        if (!locked && holds)
        {
            var last = await db.RoleChanges.AsNoTracking().Where(c => c.UserId == userId && c.Role == GuildRoles.Member)
                .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            if (last is { Granted: true, Reason: GrantReason })
            {
                await roles.ExecuteAsync(userId, GuildRoles.Member, grant: false, stewardId: null, RevokeReason, cancellationToken);
                return false;
            }
        }
        return holds;
    }
}
