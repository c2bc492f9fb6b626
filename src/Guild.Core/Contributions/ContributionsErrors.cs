namespace Guild.Core.Contributions;

public sealed record TrackedRepositoryNotFoundError(long Id) : DomainError($"No tracked repository has id {Id}.");

public sealed record TrackedRepositoryExistsError(string Slug) : DomainError($"{Slug} is already tracked.");

public sealed record IdentityConfirmedForAnotherError(string Value, string Login)
    : DomainError($"{Value} is already confirmed as GitHub account {Login}; a steward can change that.");

/// <summary>A deactivated repository is not synced: activate it first.</summary>
public sealed record TrackedRepositoryInactiveError(string Name) : DomainError($"{Name} is deactivated: activate it first.");

public sealed record ContributionNotFoundError(long Id) : DomainError($"No contribution has id {Id}.");
