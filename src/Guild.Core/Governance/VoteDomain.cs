namespace Guild.Core.Governance;

/// <summary>
/// The EIP-712 domain roadmap votes are signed in: this chain and the GuildGovernor that keeps the roadmap's rules. A
/// vote signed for another chain or another deployment recovers to another address, so it is refused.
/// </summary>
/// <param name="ChainId">The chain id.</param>
/// <param name="VerifyingContract">The GuildGovernor's address (lower case).</param>
public sealed record VoteDomain(long ChainId, string VerifyingContract)
{
    public const string Name = "Guild Roadmap";
    public const string Version = "1";
}
