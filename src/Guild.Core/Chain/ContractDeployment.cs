namespace Guild.Core.Chain;

/// <summary>
/// Where one of the guild's contracts lives on a chain, as the deployer recorded it. The artifact hash tells whether
/// the code deployed is the code the app was built with.
/// </summary>
public sealed class ContractDeployment
{
    private ContractDeployment() { }

    public ContractDeployment(long chainId, string name, string address, long blockNumber, string transactionHash, string artifactHash, DateTimeOffset deployedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ChainId = chainId;
        Name = name;
        Address = address;
        BlockNumber = blockNumber;
        TransactionHash = transactionHash;
        ArtifactHash = artifactHash;
        DeployedAt = deployedAt;
    }

    public long ChainId { get; private set; }
    public string Name { get; private set; } = "";
    public string Address { get; private set; } = "";
    public long BlockNumber { get; private set; }
    public string TransactionHash { get; private set; } = "";
    public string ArtifactHash { get; private set; } = "";
    public DateTimeOffset DeployedAt { get; private set; }
}
