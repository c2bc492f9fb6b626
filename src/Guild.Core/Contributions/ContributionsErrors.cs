namespace Guild.Core.Contributions;

public sealed record TrackedRepositoryNotFoundError(long Id) : DomainError($"No tracked repository has id {Id}.");

public sealed record TrackedRepositoryExistsError(string Slug) : DomainError($"{Slug} is already tracked.");
