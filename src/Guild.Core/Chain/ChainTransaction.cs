namespace Guild.Core.Chain;

public enum ChainTransactionStatus
{
    /// <summary>Signed and stored; broadcast may or may not have happened. Re-broadcasting the same bytes is always safe.</summary>
    Signed,

    /// <summary>Mined with status 1 and buried under the required confirmations.</summary>
    Confirmed,

    /// <summary>Mined with status 0.</summary>
    Reverted,

    /// <summary>Its nonce was consumed by another transaction: it can never be mined. Needs a person.</summary>
    Dropped,
}

/// <summary>
/// The outbox of everything the guild sends on-chain. A transaction is signed and stored under its purpose (an
/// idempotency key such as <c>rewards.publish-root:12</c>) before it is broadcast, so a crash at any point is resumed by
/// re-broadcasting the same signed bytes: the same purpose is never paid twice and a nonce is never reused.
/// </summary>
public sealed class ChainTransaction
{
    private ChainTransaction() { }

    public ChainTransaction(long chainId, string purpose, string from, string to, long nonce, string hash, string rawTransaction, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ChainId = chainId;
        Purpose = purpose;
        From = from;
        To = to;
        Nonce = nonce;
        Hash = hash;
        RawTransaction = rawTransaction;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public long Id { get; private set; }
    public long ChainId { get; private set; }
    public string Purpose { get; private set; } = "";
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public long Nonce { get; private set; }
    public string Hash { get; private set; } = "";
    public string RawTransaction { get; private set; } = "";
    public ChainTransactionStatus Status { get; private set; }
    public long? BlockNumber { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsFinished => Status != ChainTransactionStatus.Signed;

    public void Confirm(long blockNumber, DateTimeOffset now) => Finish(ChainTransactionStatus.Confirmed, blockNumber, null, now);

    public void Revert(long blockNumber, DateTimeOffset now) => Finish(ChainTransactionStatus.Reverted, blockNumber, "reverted on chain", now);

    public void Drop(string reason, DateTimeOffset now) => Finish(ChainTransactionStatus.Dropped, null, reason, now);

    private void Finish(ChainTransactionStatus status, long? blockNumber, string? error, DateTimeOffset now)
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"Transaction {Hash} ({Purpose}) is already {Status}; it cannot become {status}.");
        }
        Status = status;
        BlockNumber = blockNumber;
        Error = error;
        UpdatedAt = now;
    }
}
