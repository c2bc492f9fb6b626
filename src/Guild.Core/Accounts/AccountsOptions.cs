using System.ComponentModel.DataAnnotations;

namespace Guild.Core.Accounts;

/// <summary>Configuration section <c>Accounts</c>: rules of the portal's accounts that an operator may change.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// Stewards publish on-chain: without an authenticator app enrolled, a steward is sent to set one up before any
    /// steward page or API answers.
    /// </summary>
    public bool StewardsRequireTwoFactor { get; set; } = true;

    /// <summary>
    /// The portal's public address, used in the links of mails (<c>https://guild.example</c>). Without it, a page uses
    /// the address the request came to; the command line needs it to mail a link.
    /// </summary>
    [Url]
    public string? PublicUrl { get; set; }

    /// <summary>How long an organisation's invitation link stays valid.</summary>
    [Range(1, 24 * 30)]
    public int InvitationLifetimeHours { get; set; } = 72;
}
