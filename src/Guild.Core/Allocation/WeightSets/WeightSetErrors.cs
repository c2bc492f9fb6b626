namespace Guild.Core.Allocation.WeightSets;

/// <summary>Governance put a weight set in force whose document this portal does not hold: store it (as a candidate) first.</summary>
public sealed record WeightSetNotStoredError(string Hash)
    : DomainError($"The weight set in force on-chain, {Hash}, is not stored here: add its document (the JSON of the proposal) as a candidate, then compute again.");

/// <summary>Another document already carries this version name.</summary>
public sealed record WeightSetVersionTakenError(string Version, string Hash)
    : DomainError($"Version '{Version}' already names weight set {Hash}: give the changed set a new version.");

public sealed record WeightSetNotFoundError(string Hash) : DomainError($"No stored weight set has hash {Hash}.");

/// <summary>There is no computed epoch to preview a candidate against.</summary>
public sealed record NothingToPreviewError()
    : DomainError("No epoch has been computed yet: a candidate's effect is shown against the latest computed epoch.");
