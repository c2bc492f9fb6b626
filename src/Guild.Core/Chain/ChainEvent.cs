namespace Guild.Core.Chain;

/// <summary>
/// A decoded log of one of the guild's contracts: licences recorded, roots published, claims, locks and withdrawals,
/// delegate-vote changes, proposals, votes and executions. <see cref="Account"/> is the event's first indexed address
/// (the company, claimant, locker, delegate or voter); <see cref="Payload"/> holds every field as JSON with integers as
/// decimal strings. Rows above a reorg's fork point are deleted and indexed again.
/// </summary>
public sealed class ChainEvent
{
    private ChainEvent() { }

    public ChainEvent(long chainId, long blockNumber, string blockHash, string transactionHash, int logIndex, string contract, string name, string? account, string payload)
    {
        ChainId = chainId;
        BlockNumber = blockNumber;
        BlockHash = blockHash;
        TransactionHash = transactionHash;
        LogIndex = logIndex;
        Contract = contract;
        Name = name;
        Account = account;
        Payload = payload;
    }

    public long Id { get; private set; }
    public long ChainId { get; private set; }
    public long BlockNumber { get; private set; }
    public string BlockHash { get; private set; } = "";
    public string TransactionHash { get; private set; } = "";
    public int LogIndex { get; private set; }
    public string Contract { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Account { get; private set; }
    public string Payload { get; private set; } = "{}";
}
