namespace Guild.Web.Accounts;

/// <summary>Authorization policy names used by pages (<c>[Authorize(Policy = ...)]</c>) and endpoints.</summary>
public static class GuildPolicies
{
    /// <summary>Stewards, signed in with two factors.</summary>
    public const string Steward = "Steward";

    /// <summary>Accounts that act for a company.</summary>
    public const string Company = "Company";
}
