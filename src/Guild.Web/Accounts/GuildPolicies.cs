namespace Guild.Web.Accounts;

/// <summary>Authorization policy names used by pages (<c>[Authorize(Policy = ...)]</c>) and endpoints.</summary>
public static class GuildPolicies
{
    public const string Steward = "Steward";
}
