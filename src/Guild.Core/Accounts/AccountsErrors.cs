namespace Guild.Core.Accounts;

public sealed record AccountNotFoundError(string UserId) : DomainError($"There is no account {UserId}.");

public sealed record UnknownRoleError(string Role)
    : DomainError($"There is no role \"{Role}\"; the roles are {string.Join(", ", GuildRoles.All)}.");

/// <summary>Only a steward (checked in the database at the moment of the change, not from a cookie) changes roles.</summary>
public sealed record NotAStewardError() : DomainError("Only a steward can change roles.");

/// <summary>Someone must always be able to grant roles, publish roots and watch the jobs.</summary>
public sealed record LastStewardError()
    : DomainError("This is the last steward: grant the Steward role to someone else first, so the guild keeps a steward.");
