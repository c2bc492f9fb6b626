using Guild.Chain.Indexing;
using Hangfire;

namespace Guild.Jobs.Chain;

/// <summary>Copies confirmed contract events into the database; resumes where the last run stopped and survives reorgs.</summary>
public sealed class IndexChainEventsJob(EventIndexer indexer)
{
    public const string RecurringId = "chain-index";

    // A run that fails (node down) changes nothing; the next minute's run picks up from the same block.
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task<IndexingPass> RunAsync(CancellationToken cancellationToken) => indexer.RunAsync(cancellationToken);
}
