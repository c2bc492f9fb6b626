namespace Guild.Core.Allocation.Epochs;

public sealed record EpochNotFoundError(long Number) : DomainError($"There is no epoch {Number}.");

/// <summary>A published epoch's root is on-chain: it is never recomputed.</summary>
public sealed record EpochPublishedError(long Number) : DomainError($"Epoch {Number} is published and immutable.");

/// <summary>Epochs build on the previous one's balances and tree, so they are computed and published in order.</summary>
public sealed record PreviousEpochNotPublishedError(long Number, long Previous)
    : DomainError($"Epoch {Number} needs epoch {Previous} published first: its balances and claims tree are this epoch's starting point.");

/// <summary>The inputs exported from the store do not form a valid snapshot (the problems say why).</summary>
public sealed record InvalidEpochInputsError(IReadOnlyList<string> Problems)
    : DomainError("The epoch's inputs are not valid: " + string.Join("; ", Problems.Take(10)));

/// <summary>An epoch not yet published already exists: review and publish it (or change it) before starting another.</summary>
public sealed record EpochInProgressError(long Number) : DomainError($"Epoch {Number} is not published yet; finish it before creating the next.");

/// <summary>Only a computed (and reviewed) epoch has a root to publish.</summary>
public sealed record EpochNotComputedError(long Number) : DomainError($"Epoch {Number} is a draft: compute it and review the allocation before publishing.");

/// <summary>A job is computing or publishing the epoch: its parameters and files stay as they are until it ends.</summary>
public sealed record EpochBusyError(long Number, EpochActivity Activity)
    : DomainError($"Epoch {Number} is being {(Activity == EpochActivity.Publishing ? "published" : "computed")}; wait until that finishes.");

/// <summary>A publish transaction for the epoch went out already: its root may be on-chain, so the epoch can no longer change.</summary>
public sealed record EpochPublishStartedError(long Number)
    : DomainError($"A transaction publishing epoch {Number}'s root has been sent; the epoch can no longer change. Publish it to finish.");

/// <summary>Governance vetoed this root on-chain; the same root is never sent again.</summary>
public sealed record EpochRootVetoedError(long Number, string Root)
    : DomainError($"Epoch {Number}'s root {Root} was vetoed on-chain; it cannot be published again. Change what was wrong and recompute.");
