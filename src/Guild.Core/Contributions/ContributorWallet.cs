namespace Guild.Core.Contributions;

/// <summary>
/// The wallet a person is paid to. One wallet per person and one person per wallet (the database enforces both), so
/// two accounts can never claim the same address and block every later epoch. Until a person has one, their share
/// accrues and enters the claims tree the epoch after they link it.
/// </summary>
public sealed class ContributorWallet
{
    private ContributorWallet() { }

    public ContributorWallet(long personId, string address, DateTimeOffset linkedAt)
    {
        PersonId = personId;
        Address = address;
        LinkedAt = linkedAt;
    }

    public long PersonId { get; private set; }

    /// <summary>Lower case, 0x-prefixed.</summary>
    public string Address { get; private set; } = "";

    public DateTimeOffset LinkedAt { get; private set; }

    /// <summary>A new wallet for the same person: what earlier epochs put in the old one stays claimable there.</summary>
    public void LinkTo(string address, DateTimeOffset now)
    {
        Address = address;
        LinkedAt = now;
    }
}
