using Guild.Chain.Indexing;
using Hangfire;

namespace Guild.Jobs.Chain;

/// <summary>
/// Copies confirmed contract events into the database; resumes where the last run stopped and survives reorgs. Then
/// applies what the product acts on: a vetoed epoch root sends its epoch back to the steward.
/// </summary>
public sealed class IndexChainEventsJob(EventIndexer indexer, Allocation.EpochVetoes vetoes)
{
    public const string RecurringId = "chain-index";

    // A run that fails (node down) changes nothing; the next minute's run picks up from the same block.
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<IndexingPass> RunAsync(CancellationToken cancellationToken)
    {
        var pass = await indexer.RunAsync(cancellationToken);
        await vetoes.ApplyAsync(cancellationToken);
        return pass;
    }
}
