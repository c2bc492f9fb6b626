using System.Numerics;

namespace Guild.Core.Allocation.Epochs;

/// <summary>A contributor's line of a computed epoch, and the balances the next epoch starts from.</summary>
public sealed class EpochContributor
{
    private EpochContributor() { }

    /// <param name="rank">The line's place in the epoch's list: largest score share first, ties by key (0 is the first).</param>
    public EpochContributor(long epoch, ContributorAllocation line, int rank, string? explanation = null)
    {
        Rank = rank;
        Explanation = explanation;
        Epoch = epoch;
        Contributor = line.Contributor;
        Wallet = line.Wallet;
        Exclusion = line.Exclusion;
        ScoreShare = line.ScoreShare;
        EpochWei = line.EpochWei;
        Capped = line.Capped;
        GenesisReleasedWei = line.GenesisReleasedWei;
        PaidWei = line.PaidWei;
        CarriedWei = line.CarriedWei;
        GenesisEntitlementWei = line.GenesisEntitlementWei;
        GenesisReleasedTotalWei = line.GenesisReleasedTotalWei;
    }

    public long Epoch { get; private set; }
    public string Contributor { get; private set; } = "";

    /// <summary>Where the line stands in the epoch's list (0 first): pages read ranks skip..skip+take, however far down.</summary>
    public int Rank { get; private set; }
    public string? Wallet { get; private set; }
    public string? Exclusion { get; private set; }
    public double ScoreShare { get; private set; }
    public BigInteger EpochWei { get; private set; }
    public bool Capped { get; private set; }
    public BigInteger GenesisReleasedWei { get; private set; }
    public BigInteger PaidWei { get; private set; }
    public BigInteger CarriedWei { get; private set; }
    public BigInteger GenesisEntitlementWei { get; private set; }
    public BigInteger GenesisReleasedTotalWei { get; private set; }

    /// <summary>Why they got their share (<see cref="StoredExplanation"/> JSON); null for a contributor without score.</summary>
    public string? Explanation { get; private set; }

    public ContributorBalance NextBalance => new(Contributor, CarriedWei, GenesisEntitlementWei, GenesisReleasedTotalWei);
}
