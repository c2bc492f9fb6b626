using Microsoft.AspNetCore.Identity;

namespace Guild.Core.Accounts;

public static class GuildRoles
{
    /// <summary>Anyone with locked $AGI: proposes and votes on the roadmap.</summary>
    public const string Member = "Member";

    /// <summary>Acts for a company: declares revenue and holds its licence; colleagues join through an organisation's invitation.</summary>
    public const string Company = "Company";

    /// <summary>Admins: choose tracked repositories, run and review epochs, watch the jobs, grant and revoke roles.</summary>
    public const string Steward = "Steward";

    public static readonly IReadOnlyList<string> All = [Member, Company, Steward];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Roles that exist in every database; seeded by migration so no start-up code has to create them.</summary>
    internal static readonly IdentityRole[] Seeded =
    [
        new(Member) { Id = "role-member", NormalizedName = "MEMBER", ConcurrencyStamp = "3c0d9a41-member" },
        new(Company) { Id = "role-company", NormalizedName = "COMPANY", ConcurrencyStamp = "5e2b7c93-company" },
        new(Steward) { Id = "role-steward", NormalizedName = "STEWARD", ConcurrencyStamp = "8b1f4f7e-steward" },
    ];
}
