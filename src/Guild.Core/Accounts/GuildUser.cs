using Microsoft.AspNetCore.Identity;

namespace Guild.Core.Accounts;

/// <summary>A person signed in to the portal. Contributor identities (GitHub, git emails, wallets) attach to it.</summary>
public sealed class GuildUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
