using System.Numerics;

namespace Guild.Core.Licensing;

/// <summary>
/// A live quote: the stake a declared revenue requires under <paramref name="Terms"/>, what the company lacks, and that
/// shortfall's price. <see cref="ReserveCovers"/> says whether the sale reserve can sell it now.
/// </summary>
/// <param name="RevenueUsd">Declared annual revenue, whole USD.</param>
/// <param name="RequiredWei">$AGI wei the revenue requires locked.</param>
/// <param name="LockedWei">$AGI wei the company already has locked (counts towards the stake).</param>
/// <param name="ShortfallWei">What it buys: max(0, required − locked).</param>
/// <param name="CostWei">The shortfall's price in ETH wei.</param>
/// <param name="CostStablecoinUnits">The shortfall's price in stablecoin units.</param>
/// <param name="CostUsd">The shortfall's price in USD with 18 decimals.</param>
/// <param name="ReserveWei">$AGI the registry has for sale.</param>
public sealed record LicenseQuote(
    LicenseTerms Terms, BigInteger RevenueUsd, BigInteger RequiredWei, BigInteger LockedWei, BigInteger ShortfallWei,
    BigInteger CostWei, BigInteger CostStablecoinUnits, BigInteger CostUsd, BigInteger ReserveWei)
{
    /// <summary>At or below the threshold nothing is staked: the licence is a free attestation.</summary>
    public bool IsFreeAttestation => RequiredWei.IsZero;

    public bool ReserveCovers => ShortfallWei <= ReserveWei;
}
