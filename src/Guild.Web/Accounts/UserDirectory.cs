using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Accounts;

/// <summary>Read models of the stewards' users page and API: accounts with their roles, searchable and paged, and the roles' audit trail.</summary>
public sealed class UserDirectory(GuildDbContext db)
{
    public sealed record UserRow(string Id, string Email, bool EmailConfirmed, bool TwoFactorEnabled, DateTimeOffset CreatedAt, IReadOnlyList<string> Roles);

    public sealed record UserPage(IReadOnlyList<UserRow> Users, int Total);

    public sealed record RoleChangeRow(long Id, string User, string Role, bool Granted, string By, string Reason, DateTimeOffset At);

    public enum SortBy { Email, CreatedAt }

    public async Task<UserPage> SearchAsync(string? search, SortBy sort, bool descending, int page, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term));
        }
        var total = await query.CountAsync(cancellationToken);
        query = (sort, descending) switch
        {
            (SortBy.CreatedAt, false) => query.OrderBy(u => u.CreatedAt),
            (SortBy.CreatedAt, true) => query.OrderByDescending(u => u.CreatedAt),
            (_, true) => query.OrderByDescending(u => u.NormalizedEmail),
            _ => query.OrderBy(u => u.NormalizedEmail),
        };
        var users = await query.Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.EmailConfirmed, u.TwoFactorEnabled, u.CreatedAt }).ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return new UserPage(users.Select(u => new UserRow(u.Id, u.Email ?? "", u.EmailConfirmed, u.TwoFactorEnabled, u.CreatedAt,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList())).ToList(), total);
    }

    /// <summary>The latest role changes, newest first, naming accounts by email (a deleted account as such).</summary>
    public async Task<IReadOnlyList<RoleChangeRow>> RoleChangesAsync(int take, CancellationToken cancellationToken)
    {
        var changes = await db.RoleChanges.AsNoTracking().OrderByDescending(c => c.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        var ids = changes.Select(c => c.UserId).Concat(changes.Where(c => c.ByUserId != null).Select(c => c.ByUserId!)).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        string Name(string id) => emails.TryGetValue(id, out var email) ? email : "a deleted account";
        return changes.Select(c => new RoleChangeRow(c.Id, Name(c.UserId), c.Role, c.Granted, c.ByUserId is { } by ? Name(by) : "—", c.Reason, c.At)).ToList();
    }
}
