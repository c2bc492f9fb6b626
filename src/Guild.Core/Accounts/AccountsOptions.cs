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

    /// <summary>How long an organisation's invitation link stays valid.</summary>
    [Range(1, 24 * 30)]
    public int InvitationLifetimeHours { get; set; } = 72;
}
