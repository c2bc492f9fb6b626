using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>
/// A retroactive funding application carried by a roadmap proposal: someone the automated distribution missed asks
/// for <see cref="AmountWei"/> to <see cref="Wallet"/> for the work in <see cref="Evidence"/>. If the proposal passes
/// (choice 1, "Grant", wins with quorum), the next epoch pays it as an explicit line naming this proposal.
/// </summary>
public sealed class RetroactiveGrant
{
    private RetroactiveGrant() { }

    public RetroactiveGrant(string applicant, string wallet, BigInteger amountWei, string evidence)
    {
        Applicant = applicant;
        Wallet = wallet;
        AmountWei = amountWei;
        Evidence = evidence;
    }

    /// <summary>How the applicant is named publicly (a login or pseudonym, never an email).</summary>
    public string Applicant { get; private set; } = "";

    public string Wallet { get; private set; } = "";

    public BigInteger AmountWei { get; private set; }

    /// <summary>Links and a description of the work.</summary>
    public string Evidence { get; private set; } = "";

    /// <summary>The epoch that paid it, once one has.</summary>
    public long? PaidInEpoch { get; private set; }

    internal void MarkPaid(long epoch) => PaidInEpoch = epoch;
}
