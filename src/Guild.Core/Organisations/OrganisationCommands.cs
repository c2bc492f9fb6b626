using System.Security.Cryptography;
using System.Text;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Core.Organisations;

/// <summary>An invitation and the one-time token to mail: the token is shown once and stored only as a hash.</summary>
public sealed record IssuedInvitation(OrganisationInvitation Invitation, string Organisation, string Token);

/// <summary>Who acts for an organisation: the one check every organisation action makes.</summary>
public sealed class OrganisationAccess(GuildDbContext db)
{
    public Task<bool> IsMemberAsync(long organisationId, string userId, CancellationToken cancellationToken) =>
        db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == userId, cancellationToken);

    public Task<List<Organisation>> OfUserAsync(string userId, CancellationToken cancellationToken) =>
        db.Organisations.Where(o => db.OrganisationMembers.Any(m => m.OrganisationId == o.Id && m.UserId == userId))
            .OrderBy(o => o.Name).ToListAsync(cancellationToken);

    /// <summary>The members with their emails, for a member only (anyone else hears that there is no such organisation).</summary>
    public async Task<Outcome<IReadOnlyList<OrganisationMemberView>>> MembersAsync(long organisationId, string userId, CancellationToken cancellationToken)
    {
        if (!await IsMemberAsync(organisationId, userId, cancellationToken))
        {
            return new OrganisationNotFoundError(organisationId);
        }
        var rows = await (from m in db.OrganisationMembers
                          join u in db.Users on m.UserId equals u.Id
                          where m.OrganisationId == organisationId
                          orderby u.Email
                          select new { m.UserId, u.Email, m.JoinedAt }).ToListAsync(cancellationToken);
        return new Outcome<IReadOnlyList<OrganisationMemberView>>(rows.Select(r => new OrganisationMemberView(r.UserId, r.Email ?? "", r.JoinedAt)).ToList(), null);
    }
}

public sealed record OrganisationMemberView(string UserId, string Email, DateTimeOffset JoinedAt);

/// <summary>A company account creates an organisation and becomes its first member.</summary>
public sealed class CreateOrganisationCommand(GuildDbContext db, UserManager<GuildUser> users, TimeProvider time)
{
    public async Task<Outcome<Organisation>> ExecuteAsync(string userId, string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (PlainText.Problem(trimmed, 100) is { } problem)
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["name"] = [problem] });
        }
        if (await users.FindByIdAsync(userId) is not { } user || !await users.IsInRoleAsync(user, GuildRoles.Company))
        {
            return new NotACompanyAccountError();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var organisation = new Organisation(trimmed!, userId, now); // PlainText refused null and empty
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        db.OrganisationMembers.Add(new OrganisationMember(organisation.Id, userId, null, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return organisation;
    }
}

/// <summary>A member invites a colleague by email; the caller mails the link with the token.</summary>
public sealed class InviteColleagueCommand(GuildDbContext db, OrganisationAccess access, IOptions<AccountsOptions> options, TimeProvider time)
{
    public async Task<Outcome<IssuedInvitation>> ExecuteAsync(long organisationId, string userId, string? email, CancellationToken cancellationToken)
    {
        if (!await access.IsMemberAsync(organisationId, userId, cancellationToken))
        {
            return new OrganisationNotFoundError(organisationId);
        }
        var address = email?.Trim().ToLowerInvariant();
        if (!ContributionsValidation.IsEmail(address) || address!.Length > 256)
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["email"] = ["must be an email address"] });
        }
        var normalized = address.ToUpperInvariant();
        if (await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), cancellationToken))
        {
            return new AlreadyAMemberError(address);
        }
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, cancellationToken);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var invitation = new OrganisationInvitation(organisationId, address, HashOf(token), userId, now, now.AddHours(options.Value.InvitationLifetimeHours));
        db.OrganisationInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedInvitation(invitation, organisation.Name, token);
    }

    internal static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));
}

/// <summary>
/// The invited colleague, signed in with the invited address confirmed, accepts: they become a member and get the
/// Company role (recorded in the roles' audit trail). The token is spent by a conditional update, so it works once.
/// </summary>
public sealed class AcceptInvitationCommand(GuildDbContext db, UserManager<GuildUser> users, ChangeRoleCommand roles, TimeProvider time)
{
    /// <summary>The invitation a token stands for, while it can still be accepted (to show what it is before accepting).</summary>
    public async Task<OrganisationInvitation?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }
        var hash = InviteColleagueCommand.HashOf(token);
        var invitation = await db.OrganisationInvitations.Include(i => i.Organisation).SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= time.GetUtcNow() ? null : invitation;
    }

    public async Task<Outcome<Organisation>> ExecuteAsync(string? token, string userId, CancellationToken cancellationToken)
    {
        var invitation = await FindAsync(token, cancellationToken);
        if (invitation is null)
        {
            return new InvitationInvalidError();
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null || !user.EmailConfirmed || !string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
        {
            return new InvitationForAnotherEmailError();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Spend the token first: of two acceptances racing, one updates the row and the other finds it spent.
        var spent = await db.OrganisationInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, userId), cancellationToken);
        if (spent == 0)
        {
            return new InvitationInvalidError();
        }
        if (!await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == invitation.OrganisationId && m.UserId == userId, cancellationToken))
        {
            db.OrganisationMembers.Add(new OrganisationMember(invitation.OrganisationId, userId, invitation.InvitedBy, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        var granted = await roles.ExecuteAsync(userId, GuildRoles.Company, grant: true, stewardId: null,
            $"invitation to organisation {invitation.OrganisationId} accepted", cancellationToken);
        if (granted.Error is { } error)
        {
            return error;
        }
        await transaction.CommitAsync(cancellationToken);
        return invitation.Organisation!;
    }
}
