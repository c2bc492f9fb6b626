namespace Guild.Core.Chain;

/// <summary>
/// The hash the indexer saw for a block it processed (batch ends and blocks with logs, the most recent few hundred).
/// A later mismatch with the chain means a reorg; walking these back finds the fork point.
/// </summary>
public sealed class IndexedBlock
{
    private IndexedBlock() { }

    public IndexedBlock(long chainId, long number, string hash)
    {
        ChainId = chainId;
        Number = number;
        Hash = hash;
    }

    public long ChainId { get; private set; }
    public long Number { get; private set; }
    public string Hash { get; private set; } = "";
}
