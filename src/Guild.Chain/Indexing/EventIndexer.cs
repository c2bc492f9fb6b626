using Guild.Chain.Deployment;
using Guild.Core.Chain;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Guild.Chain.Indexing;

/// <summary>What one indexing pass did.</summary>
public sealed record IndexingPass(long FromBlock, long ToBlock, int Events, long? ReorgForkBlock);

/// <summary>
/// Copies the guild contracts' logs into <see cref="GuildDbContext.ChainEvents"/>. Resumes after the last block it
/// recorded, stays <c>Chain:Confirmations</c> blocks behind the head, and survives reorgs: if the chain no longer has the
/// block hash it recorded, it walks back its recent hashes to the fork point, deletes what came after and indexes again.
/// Each batch of blocks is written in one database transaction, so a crash loses nothing and duplicates nothing.
/// </summary>
public sealed partial class EventIndexer(
    ChainConnection chain,
    GuildDbContext db,
    IOptions<ChainOptions> options,
    ILogger<EventIndexer> logger)
{
    /// <summary>Indexes everything confirmed up to now, in batches; returns what it did.</summary>
    public async Task<IndexingPass> RunAsync(CancellationToken cancellationToken = default)
    {
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var contracts = await db.ContractDeployments.AsNoTracking()
            .Where(d => d.ChainId == chainId && EventCatalog.IndexedContracts.Contains(d.Name))
            .ToListAsync(cancellationToken);
        if (contracts.Count == 0)
        {
            return new IndexingPass(0, -1, 0, null);
        }
        var byAddress = contracts.ToDictionary(c => c.Address.ToLowerInvariant(), c => c.Name);
        var addresses = byAddress.Keys.ToArray();

        var fork = await RewindPastReorgAsync(web3, chainId, cancellationToken);
        var last = await db.IndexedBlocks.Where(b => b.ChainId == chainId).MaxAsync(b => (long?)b.Number, cancellationToken)
            ?? contracts.Min(c => c.BlockNumber) - 1;
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var target = head - Math.Max(0, options.Value.Confirmations - 1);
        var from = last + 1;
        var events = 0;
        var settings = options.Value.Indexer;
        var span = Math.Min(16, settings.BatchBlocks);
        for (var start = from; start <= target;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(target, start + span - 1);
            var count = await IndexBatchAsync(web3, chainId, byAddress, addresses, start, end, cancellationToken);
            events += count;
            start = end + 1;
            // Aim each eth_getLogs answer at about MaxLogsPerBatch logs: flat memory on dense ranges, few calls on sparse ones.
            span = count > settings.MaxLogsPerBatch ? Math.Max(1, span / 2)
                : count < settings.MaxLogsPerBatch / 2 ? Math.Min(settings.BatchBlocks, span * 2)
                : span;
        }
        if (events > 0 || fork is not null)
        {
            LogIndexed(logger, events, from, target, chainId);
        }
        return new IndexingPass(from, target, events, fork);
    }

    private async Task<int> IndexBatchAsync(IWeb3 web3, long chainId, Dictionary<string, string> byAddress, string[] addresses, long start, long end, CancellationToken cancellationToken)
    {
        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = addresses,
            FromBlock = new BlockParameter(new HexBigInteger(start)),
            ToBlock = new BlockParameter(new HexBigInteger(end)),
        });
        var endHash = (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(end))).BlockHash;

        var rows = new List<ChainEvent>(logs.Length);
        var blocks = new Dictionary<long, string> { [end] = endHash };
        foreach (var log in logs)
        {
            if (log.Removed)
            {
                continue;
            }
            var contract = byAddress[log.Address.ToLowerInvariant()];
            var topic0 = log.Topics is { Length: > 0 } ? log.Topics[0]?.ToString() : null;
            if (topic0 is null || EventCatalog.Find(contract, topic0) is not { } decoder)
            {
                continue; // an event these bindings do not know (regenerate them after a contract change)
            }
            var (account, payload) = decoder.Decode(log);
            var number = (long)log.BlockNumber.Value;
            blocks[number] = log.BlockHash;
            rows.Add(new ChainEvent(chainId, number, log.BlockHash, log.TransactionHash, (int)log.LogIndex.Value, contract, decoder.Name, account, payload));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ChainEventBulkInsert.InsertAsync(db, rows, cancellationToken);
        var known = await db.IndexedBlocks.Where(b => b.ChainId == chainId && b.Number >= start && b.Number <= end).Select(b => b.Number).ToListAsync(cancellationToken);
        db.IndexedBlocks.AddRange(blocks.Where(b => !known.Contains(b.Key)).Select(b => new IndexedBlock(chainId, b.Key, b.Value)));
        await db.SaveChangesAsync(cancellationToken);
        // Keep only the recent hashes a fork search needs, but always the newest (it is the cursor).
        var keepFrom = end - options.Value.Indexer.ReorgHistoryBlocks;
        await db.IndexedBlocks.Where(b => b.ChainId == chainId && b.Number < keepFrom).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>Returns the fork block if the chain reorganised under what was indexed, after deleting everything above it.</summary>
    private async Task<long?> RewindPastReorgAsync(IWeb3 web3, long chainId, CancellationToken cancellationToken)
    {
        var recorded = await db.IndexedBlocks.AsNoTracking().Where(b => b.ChainId == chainId)
            .OrderByDescending(b => b.Number).ToListAsync(cancellationToken);
        if (recorded.Count == 0 || await HashAtAsync(web3, recorded[0].Number) == recorded[0].Hash)
        {
            return null;
        }
        long fork = -1; // nothing recorded survived: start again from the deployment
        foreach (var block in recorded.Skip(1))
        {
            if (await HashAtAsync(web3, block.Number) == block.Hash)
            {
                fork = block.Number;
                break;
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.ChainEvents.Where(e => e.ChainId == chainId && e.BlockNumber > fork).ExecuteDeleteAsync(cancellationToken);
        await db.IndexedBlocks.Where(b => b.ChainId == chainId && b.Number > fork).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogReorg(logger, chainId, recorded[0].Number, fork, removed);
        return fork;
    }

    private static async Task<string?> HashAtAsync(IWeb3 web3, long number) =>
        (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number)))?.BlockHash;


    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Indexed {Events} event(s) in blocks {From}..{To} of chain {ChainId}")]
    private static partial void LogIndexed(ILogger logger, int events, long from, long to, long chainId);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "Reorg on chain {ChainId}: block {Block} changed; rewound to {Fork}, removing {Removed} event(s)")]
    private static partial void LogReorg(ILogger logger, long chainId, long block, long fork, int removed);
}
