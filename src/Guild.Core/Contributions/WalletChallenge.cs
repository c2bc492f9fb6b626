namespace Guild.Core.Contributions;

/// <summary>
/// A message the portal asked a signed-in contributor to sign with a wallet, so the wallet can be linked to their
/// person. The text names the chain id, the rewards distributor and a random server nonce, so a signature cannot be
/// replayed on another deployment, for another person, or twice.
/// </summary>
public sealed class WalletChallenge
{
    private WalletChallenge() { }

    public WalletChallenge(string nonce, string userId, long personId, string address, long chainId, string contract, string message, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        Nonce = nonce;
        UserId = userId;
        PersonId = personId;
        Address = address;
        ChainId = chainId;
        Contract = contract;
        Message = message;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>32 hex characters from a cryptographic generator; the key.</summary>
    public string Nonce { get; private set; } = "";

    /// <summary>The portal account that asked; only it can complete the link.</summary>
    public string UserId { get; private set; } = "";

    /// <summary>The person the wallet will be paid for (the account's person when the message was issued).</summary>
    public long PersonId { get; private set; }

    /// <summary>The address the person said they will sign with, lower-case.</summary>
    public string Address { get; private set; } = "";

    public long ChainId { get; private set; }
    public string Contract { get; private set; } = "";

    /// <summary>The exact text to sign (EIP-191 personal message).</summary>
    public string Message { get; private set; } = "";

    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    /// <summary>When a signature spent it; set in the database with a conditional update, so a nonce links once.</summary>
    public DateTimeOffset? UsedAt { get; private set; }
}
