namespace Guild.Core.Chain;

/// <summary>The newest block the jobs have seen on a chain: one row per chain id, moved forward by the chain-head job.</summary>
public sealed class ChainHead
{
    private ChainHead() { }

    public ChainHead(long chainId) => ChainId = chainId;

    public long ChainId { get; private set; }
    public long BlockNumber { get; private set; }
    public string BlockHash { get; private set; } = "";
    public DateTimeOffset BlockTimestamp { get; private set; }
    public DateTimeOffset ObservedAt { get; private set; }

    /// <summary>
    /// Records a newer block. An older block number is ignored: two jobs may race and the later-finishing one must not
    /// move the head back. The same number with a new hash is a reorg and replaces the hash.
    /// </summary>
    public bool Observe(long blockNumber, string blockHash, DateTimeOffset blockTimestamp, DateTimeOffset observedAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        if (blockNumber < BlockNumber)
        {
            return false;
        }
        BlockNumber = blockNumber;
        BlockHash = blockHash;
        BlockTimestamp = blockTimestamp;
        ObservedAt = observedAt;
        return true;
    }
}
