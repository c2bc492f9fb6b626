using System.Numerics;

namespace Guild.Core.Allocation;

/// <summary>
/// The initial-distribution pool and its release: 20% of the 10,000,000,000 $AGI cap, vesting linearly over six
/// months. Mirrors the deployment's OpenZeppelin VestingWallet (start = genesis, duration = 365 days / 2, in whole
/// seconds, amounts floored), so what the engine releases never runs ahead of what the wallet has vested.
/// </summary>
public static class GenesisVesting
{
    /// <summary>2,000,000,000 × 10^18 wei: <c>GuildToken.DISTRIBUTION_SHARE</c>.</summary>
    public static BigInteger PoolWei { get; } = 2_000_000_000 * BigInteger.Pow(10, 18);

    /// <summary>10,000,000,000 × 10^18 wei: <c>GuildToken.CAP</c>, the whole supply.</summary>
    public static BigInteger SupplyCapWei { get; } = 10_000_000_000 * BigInteger.Pow(10, 18);

    /// <summary>Six months as the contract counts them: half of a 365-day year.</summary>
    public static TimeSpan Duration { get; } = TimeSpan.FromSeconds(365L * 86400 / 2);

    /// <summary>The part of <paramref name="amount"/> vested at <paramref name="at"/>: amount × elapsed / duration, floored.</summary>
    public static BigInteger VestedAt(BigInteger amount, DateTimeOffset start, DateTimeOffset at)
    {
        var elapsed = at.ToUnixTimeSeconds() - start.ToUnixTimeSeconds();
        var duration = (long)Duration.TotalSeconds;
        if (elapsed <= 0) return BigInteger.Zero;
        if (elapsed >= duration) return amount;
        return amount * elapsed / duration;
    }

    /// <summary>The pool's vested total at each month boundary (start plus k/6 of the duration, k = 0…6), for reports.</summary>
    public static IReadOnlyList<(DateTimeOffset At, BigInteger VestedWei)> Schedule(BigInteger amount, DateTimeOffset start)
    {
        var points = new List<(DateTimeOffset, BigInteger)>(7);
        var duration = (long)Duration.TotalSeconds;
        for (var k = 0; k <= 6; k++)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds() + (duration * k / 6));
            points.Add((at, VestedAt(amount, start, at)));
        }
        return points;
    }
}
