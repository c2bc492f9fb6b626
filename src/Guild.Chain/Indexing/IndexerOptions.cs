using System.ComponentModel.DataAnnotations;

namespace Guild.Chain;

/// <summary>Configuration section <c>Chain:Indexer</c>.</summary>
public sealed class IndexerOptions
{
    /// <summary>The most blocks per <c>eth_getLogs</c> call; public RPC providers cap ranges (often 2,000–10,000).</summary>
    [Range(1, 1_000_000)]
    public int BatchBlocks { get; set; } = 2000;

    /// <summary>The number of logs a block range is sized to return; ranges grow and shrink to stay near it.</summary>
    [Range(10, 1_000_000)]
    public int MaxLogsPerBatch { get; set; } = 5000;

    /// <summary>Recent block hashes kept to find a fork point; a reorg deeper than this re-indexes from the deployment.</summary>
    [Range(16, 100_000)]
    public int ReorgHistoryBlocks { get; set; } = 256;
}
