namespace Guild.Core.Contributions;

/// <summary>
/// The wallet a contributor is paid to, keyed by the allocation's contributor id (<c>github:login</c>, or
/// <c>email:…</c>/<c>orcid:…</c> for identities without a login). Until a contributor has one, their share accrues and
/// enters the claims tree the epoch after they link it.
/// </summary>
public sealed class ContributorWallet
{
    private ContributorWallet() { }

    public ContributorWallet(string contributor, string address, DateTimeOffset linkedAt)
    {
        Contributor = contributor;
        Address = address;
        LinkedAt = linkedAt;
    }

    public string Contributor { get; private set; } = "";
    public string Address { get; private set; } = "";
    public DateTimeOffset LinkedAt { get; private set; }

    /// <summary>A new wallet for the same contributor: what earlier epochs put in the old one stays claimable there.</summary>
    public void LinkTo(string address, DateTimeOffset now)
    {
        Address = address;
        LinkedAt = now;
    }
}
