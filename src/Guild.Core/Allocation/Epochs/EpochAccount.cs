using System.Numerics;

namespace Guild.Core.Allocation.Epochs;

/// <summary>A leaf of an epoch's cumulative claims tree: the account and everything it may have claimed up to this epoch.</summary>
public sealed class EpochAccount
{
    private EpochAccount() { }

    public EpochAccount(long epoch, AccountAllocation account)
    {
        Epoch = epoch;
        Account = account.Account;
        PreviousWei = account.PreviousWei;
        CumulativeWei = account.CumulativeWei;
    }

    public long Epoch { get; private set; }
    public string Account { get; private set; } = "";
    public BigInteger PreviousWei { get; private set; }
    public BigInteger CumulativeWei { get; private set; }
}
