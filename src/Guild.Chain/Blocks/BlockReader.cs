using Nethereum.RPC.Eth.DTOs;

namespace Guild.Chain.Blocks;

public sealed record BlockHeader(long ChainId, long Number, string Hash, DateTimeOffset Timestamp);

/// <summary>Reads block headers: the head for the portal's status, and specific blocks for confirmations and reorg checks.</summary>
public sealed class BlockReader(ChainConnection chain)
{
    public async Task<BlockHeader> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return new BlockHeader(
            chainId,
            (long)block.Number.Value,
            block.BlockHash,
            DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value));
    }
}
