using System.Numerics;
using CsCheck;
using Guild.Core.Licensing;

namespace Guild.Core.Tests.Licensing;

public class LicenseTermsTests
{
    private static readonly BigInteger Agi = BigInteger.Pow(10, 18);

    [Theory]
    [InlineData(0)]
    [InlineData(999_999)]
    [InlineData(1_000_000)]
    public void RequiredStake_AtOrBelowThreshold_IsZero(long revenue) =>
        Assert.Equal(BigInteger.Zero, LicenseTerms.Default.RequiredStake(revenue));

    [Fact]
    public void RequiredStake_ElevenMillion_IsHundredThousandAgi()
    {
        // 0.001 × 10,000,000 USD = 10,000 USD of $AGI at $0.10 = 100,000 $AGI.
        Assert.Equal(100_000 * Agi, LicenseTerms.Default.RequiredStake(11_000_000));
    }

    [Fact]
    public void RequiredStake_NotAWholeWei_RoundsUp()
    {
        var terms = LicenseTerms.Default with { AgiPriceUsd = 3 * Agi }; // $3 per $AGI
        // 0.001 × 1 USD / 3 USD = 1/3000 $AGI = 333,333,333,333,333.33… wei
        Assert.Equal(BigInteger.Parse("333333333333334"), terms.RequiredStake(1_000_001));
    }

    [Fact]
    public void CostOf_HundredThousandAgi_IsTenThousandUsd()
    {
        var (wei, units) = LicenseTerms.Default.CostOf(100_000 * Agi);

        Assert.Equal(BigInteger.Parse("3333333333333333334"), wei); // 10,000 / 3,000 ETH, rounded up
        Assert.Equal(10_000 * BigInteger.Pow(10, 6), units);
    }

    [Fact]
    public void RequiredStake_NegativeRevenue_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LicenseTerms.Default.RequiredStake(-1));

    [Fact]
    public void RequiredStake_AnyTerms_IsTheSmallestStakeWorthTheRequirement()
    {
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Long[0, 1_000_000_000_000], Gen.Long[1, 1_000_000_000_000_000_000], Gen.Long[1, long.MaxValue])
            .Sample((revenue, threshold, rate, price) =>
            {
                var terms = LicenseTerms.Default with { RevenueThresholdUsd = threshold, Rate = rate, AgiPriceUsd = price };
                var stake = terms.RequiredStake(revenue);
                var owedTimesPrice = BigInteger.Max(0, (BigInteger)revenue - threshold) * rate * LicenseTerms.One;
                // stake × price covers what is owed, and one wei less would not.
                return stake * price >= owedTimesPrice && (stake.IsZero || (stake - 1) * price < owedTimesPrice);
            });
    }
}
