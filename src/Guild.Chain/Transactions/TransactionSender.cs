using System.Numerics;
using Guild.Chain.Signing;
using Guild.Core.Chain;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3;

namespace Guild.Chain.Transactions;

/// <summary>
/// Sends a contract call at most once per purpose and waits until it is buried under <c>Chain:Confirmations</c>.
/// </summary>
/// <remarks>
/// Order of work, so that any crash is resumed without paying twice: under the signer lock, estimate gas (a revert is
/// reported as a typed <see cref="ContractRevertedException"/> and nothing is stored), take the next nonce, sign, store
/// the signed bytes under the purpose, then broadcast. A later call with the same purpose finds the row and only
/// re-broadcasts those same bytes (one hash, so the chain cannot apply it twice) and waits for them.
/// </remarks>
public sealed partial class TransactionSender(
    ChainConnection chain,
    ChainSigner signer,
    SignerLock signerLock,
    GuildDbContext db,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILogger<TransactionSender> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<TransactionReceipt> SendAsync<TFunction>(string purpose, string contract, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var account = await signer.GetAsync(cancellationToken);
        ChainTransaction transaction;
        await using (await signerLock.AcquireAsync(account.Address, cancellationToken))
        {
            var existing = await db.ChainTransactions.SingleOrDefaultAsync(t => t.ChainId == chainId && t.Purpose == purpose, cancellationToken);
            if (existing is not null)
            {
                transaction = existing;
            }
            else
            {
                await RebroadcastUnfinishedAsync(chainId, account, cancellationToken);
                transaction = await SignAndStoreAsync(chainId, purpose, contract, function, account, cancellationToken);
            }
            if (!transaction.IsFinished)
            {
                await BroadcastAsync(account.Web3, transaction);
            }
        }
        return await AwaitConfirmedAsync(account.Web3, transaction, cancellationToken);
    }

    private async Task<ChainTransaction> SignAndStoreAsync<TFunction>(long chainId, string purpose, string contract, TFunction function, SigningAccount account, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        var handler = account.Web3.Eth.GetContractTransactionHandler<TFunction>();
        function.FromAddress = account.Address;
        try
        {
            var estimate = await handler.EstimateGasAsync(contract, function);
            function.Gas = new BigInteger((double)estimate.Value * 1.25) + 10_000; // headroom: state can move between estimate and mining
        }
        catch (Exception ex) when (RevertDecoder.Decode(ex, purpose) is { } revert)
        {
            throw revert;
        }
        var nonce = await account.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.Address, BlockParameter.CreatePending());
        function.Nonce = nonce.Value;
        var raw = await handler.SignTransactionAsync(contract, function);
        var hash = "0x" + Sha3Keccack.Current.CalculateHashFromHex(raw);

        var transaction = new ChainTransaction(chainId, purpose, account.Address, contract, (long)nonce.Value, hash, raw, time.GetUtcNow());
        db.ChainTransactions.Add(transaction);
        await db.SaveChangesAsync(cancellationToken);
        LogSigned(logger, purpose, hash, (long)nonce.Value);
        return transaction;
    }

    /// <summary>Earlier transactions of this signer that were stored but may never have reached the node hold lower nonces: send them first.</summary>
    private async Task RebroadcastUnfinishedAsync(long chainId, SigningAccount account, CancellationToken cancellationToken)
    {
        var unfinished = await db.ChainTransactions
            .Where(t => t.ChainId == chainId && t.From == account.Address && t.Status == ChainTransactionStatus.Signed)
            .OrderBy(t => t.Nonce)
            .ToListAsync(cancellationToken);
        foreach (var transaction in unfinished)
        {
            await BroadcastAsync(account.Web3, transaction);
        }
    }

    private async Task BroadcastAsync(IWeb3 web3, ChainTransaction transaction)
    {
        if (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transaction.Hash) is not null)
        {
            return; // already in the pool or mined
        }
        try
        {
            await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(transaction.RawTransaction);
        }
        catch (RpcResponseException ex) when (IsNonceConsumed(ex))
        {
            // Our nonce went to another transaction. If ours was mined, the receipt will say so; if not, it never will.
            if (await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction.Hash) is null)
            {
                transaction.Drop($"nonce {transaction.Nonce} was used by another transaction: {ex.RpcError.Message}", time.GetUtcNow());
                await db.SaveChangesAsync();
                throw new InvalidOperationException($"Transaction for '{transaction.Purpose}' ({transaction.Hash}) can never be mined: {transaction.Error}");
            }
        }
        catch (RpcResponseException ex) when (ex.RpcError.Message.Contains("already known", StringComparison.OrdinalIgnoreCase))
        {
            // The node has it: a retried broadcast.
        }
    }

    private static bool IsNonceConsumed(RpcResponseException ex) =>
        ex.RpcError.Message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || ex.RpcError.Message.Contains("NonceTooLow", StringComparison.OrdinalIgnoreCase);

    private async Task<TransactionReceipt> AwaitConfirmedAsync(IWeb3 web3, ChainTransaction transaction, CancellationToken cancellationToken)
    {
        if (transaction.Status == ChainTransactionStatus.Dropped)
        {
            throw new InvalidOperationException($"Transaction for '{transaction.Purpose}' ({transaction.Hash}) was dropped: {transaction.Error}");
        }
        var confirmations = options.Value.Confirmations;
        var rebroadcastAt = time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction.Hash);
            if (receipt is not null)
            {
                var head = (await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
                if (head - receipt.BlockNumber.Value + 1 >= confirmations)
                {
                    return await FinishAsync(transaction, receipt, cancellationToken);
                }
            }
            else if (time.GetUtcNow() > rebroadcastAt)
            {
                // A node restart can forget the pool; the signed bytes are still good.
                await BroadcastAsync(web3, transaction);
                rebroadcastAt = time.GetUtcNow() + TimeSpan.FromSeconds(30);
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<TransactionReceipt> FinishAsync(ChainTransaction transaction, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var succeeded = receipt.Status?.Value == BigInteger.One;
        if (!transaction.IsFinished)
        {
            if (succeeded)
            {
                transaction.Confirm((long)receipt.BlockNumber.Value, time.GetUtcNow());
            }
            else
            {
                transaction.Revert((long)receipt.BlockNumber.Value, time.GetUtcNow());
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        if (!succeeded)
        {
            throw new ContractRevertedException(transaction.Purpose, "RevertedOnChain", null, null);
        }
        return receipt;
    }

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Signed {Purpose} as {Hash} (nonce {Nonce})")]
    private static partial void LogSigned(ILogger logger, string purpose, string hash, long nonce);
}
