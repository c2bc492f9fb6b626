using System.Numerics;

namespace Guild.Core.Licensing;

/// <summary>
/// The governed licence parameters and the stake formula, exactly as <c>LicenseParameters.sol</c> computes them, so the
/// portal can quote a company before it touches the chain. Integers only: revenue in whole USD, rate and prices with
/// 18 decimals, stakes in $AGI wei.
/// </summary>
/// <param name="RevenueThresholdUsd">Revenue (whole USD) up to which a licence is free; default 1,000,000.</param>
/// <param name="Rate">X with 18 decimals: 0.001 = 10^15.</param>
/// <param name="AgiPriceUsd">USD per whole $AGI, 18 decimals.</param>
/// <param name="EthPriceUsd">USD per ETH, 18 decimals.</param>
/// <param name="StablecoinDecimals">The accepted stablecoin's decimals (at most 18); it counts as 1 USD per whole coin.</param>
/// <param name="MinTermSeconds">The shortest licence term, and how long whatever is bought stays locked at least (one to four years).</param>
public sealed record LicenseTerms(BigInteger RevenueThresholdUsd, BigInteger Rate, BigInteger AgiPriceUsd, BigInteger EthPriceUsd, int StablecoinDecimals,
    long MinTermSeconds = LicenseTerms.Year)
{
    public const long Year = 365L * 24 * 3600;

    /// <summary>The longest licence term: the vote escrow's longest lock, four years of 365 days.</summary>
    public const long MaxTermSeconds = 4 * Year;

    public static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>The AGI Guild's defaults: threshold $1,000,000, X = 0.001, $AGI at $0.10, ETH at $3,000, a 6-decimal stablecoin, a one-year minimum term.</summary>
    public static LicenseTerms Default { get; } = new(1_000_000, BigInteger.Pow(10, 15), BigInteger.Pow(10, 17), 3000 * One, 6);

    /// <summary>
    /// What a company declaring <paramref name="revenueUsd"/> needs and pays: the stake, the shortfall against what it
    /// already has locked, and that shortfall's price in ETH, in the stablecoin and in USD (18 decimals), each rounded up
    /// like the contract.
    /// </summary>
    public LicenseQuote Quote(BigInteger revenueUsd, BigInteger lockedWei, BigInteger reserveWei)
    {
        var required = RequiredStake(revenueUsd);
        var shortfall = BigInteger.Max(0, required - lockedWei);
        var (wei, units) = CostOf(shortfall);
        return new LicenseQuote(this, revenueUsd, required, lockedWei, shortfall, wei, units, UsdOf(shortfall), reserveWei);
    }

    /// <summary>USD (18 decimals) of <paramref name="stake"/> $AGI wei at the $AGI price, rounded up.</summary>
    public BigInteger UsdOf(BigInteger stake) => stake.IsZero ? 0 : CeilDiv(stake * AgiPriceUsd, One);

    /// <summary><c>ceil(X · max(0, revenue − threshold) · 10^18 / price)</c> $AGI wei.</summary>
    public BigInteger RequiredStake(BigInteger revenueUsd)
    {
        if (revenueUsd.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(revenueUsd), revenueUsd, "Revenue cannot be negative.");
        }
        return revenueUsd <= RevenueThresholdUsd ? BigInteger.Zero : CeilDiv((revenueUsd - RevenueThresholdUsd) * Rate * One, AgiPriceUsd);
    }

    /// <summary>What <paramref name="stake"/> $AGI wei costs: in ETH wei and in stablecoin units, each rounded up through whole-cent-free USD.</summary>
    public (BigInteger Wei, BigInteger StablecoinUnits) CostOf(BigInteger stake)
    {
        if (stake.IsZero)
        {
            return (0, 0);
        }
        var usd = CeilDiv(stake * AgiPriceUsd, One);
        return (CeilDiv(usd * One, EthPriceUsd), CeilDiv(usd, BigInteger.Pow(10, 18 - StablecoinDecimals)));
    }

    private static BigInteger CeilDiv(BigInteger numerator, BigInteger denominator) =>
        BigInteger.DivRem(numerator, denominator) is var (quotient, remainder) && remainder.IsZero ? quotient : quotient + 1;
}
