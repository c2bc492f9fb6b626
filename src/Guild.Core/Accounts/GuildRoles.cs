using Microsoft.AspNetCore.Identity;

namespace Guild.Core.Accounts;

public static class GuildRoles
{
    /// <summary>Admins: choose tracked repositories, run and review epochs, watch the jobs.</summary>
    public const string Steward = "Steward";

    /// <summary>Roles that exist in every database; seeded by migration so no start-up code has to create them.</summary>
    internal static readonly IdentityRole[] Seeded =
    [
        new(Steward) { Id = "role-steward", NormalizedName = "STEWARD", ConcurrencyStamp = "8b1f4f7e-steward" },
    ];
}
