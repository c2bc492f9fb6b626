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
public sealed record LicenseTerms(BigInteger RevenueThresholdUsd, BigInteger Rate, BigInteger AgiPriceUsd, BigInteger EthPriceUsd, int StablecoinDecimals)
{
    public static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>The AGI Guild's defaults: threshold $1,000,000, X = 0.001, $AGI at $0.10, ETH at $3,000, a 6-decimal stablecoin.</summary>
    public static LicenseTerms Default { get; } = new(1_000_000, BigInteger.Pow(10, 15), BigInteger.Pow(10, 17), 3000 * One, 6);

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
