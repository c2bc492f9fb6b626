using System.Data;
using Guild.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Accounts;

/// <summary>Whether a grant or revocation changed anything (granting a role already held changes nothing and records nothing).</summary>
public sealed record RoleChangeResult(bool Changed, RoleChange? Change);

/// <summary>
/// Grants or revokes a role and records it in <see cref="RoleChange"/>. A steward's request is checked against the
/// database (a role revoked a minute ago no longer counts, whatever the cookie says); the last steward is never removed.
/// A revocation renews the account's security stamp, so its sessions are signed out at their next check.
/// </summary>
public sealed class ChangeRoleCommand(GuildDbContext db, UserManager<GuildUser> users, TimeProvider time)
{
    /// <param name="stewardId">The steward asking, checked here; null when no account asks (the command line, an accepted invitation).</param>
    /// <param name="reason">How it happened, for the audit trail.</param>
    public async Task<Outcome<RoleChangeResult>> ExecuteAsync(string userId, string role, bool grant, string? stewardId, string reason, CancellationToken cancellationToken)
    {
        if (!GuildRoles.IsKnown(role))
        {
            return new UnknownRoleError(role);
        }
        // Serializable: two stewards revoking each other at once must not leave the guild without one.
        await using var transaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken)
            : null;
        if (stewardId is not null && !await HoldsAsync(stewardId, GuildRoles.Steward, cancellationToken))
        {
            return new NotAStewardError();
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new AccountNotFoundError(userId);
        }
        var holds = await users.IsInRoleAsync(user, role);
        if (holds == grant)
        {
            return new RoleChangeResult(false, null);
        }
        if (!grant && role == GuildRoles.Steward && (await users.GetUsersInRoleAsync(GuildRoles.Steward)).Count <= 1)
        {
            return new LastStewardError();
        }
        var result = grant ? await users.AddToRoleAsync(user, role) : await users.RemoveFromRoleAsync(user, role);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not change role {role} of {userId}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        if (!grant)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        var change = new RoleChange(user.Id, role, grant, stewardId, reason, time.GetUtcNow());
        db.RoleChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new RoleChangeResult(true, change);
    }

    private Task<bool> HoldsAsync(string userId, string role, CancellationToken cancellationToken) =>
        db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role), cancellationToken);
}
