using System.Numerics;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Allocation.Epochs;

/// <summary>What a steward sets for a new epoch. Amounts in wei, the cap in parts per million of the budget.</summary>
public sealed record EpochInput(DateTimeOffset? AsOf, string? BudgetWei, int? CapPpm, string? MinimumPayoutWei, bool Genesis, DateTimeOffset? VestingStart);

/// <summary>
/// Opens the next epoch as a draft. The genesis epoch (the first, paid from the 20% pool) takes the whole pool as its
/// budget and needs the vesting start; later epochs take a budget from the treasury's schedule.
/// </summary>
public sealed class CreateEpochCommand(GuildDbContext db, TimeProvider time)
{
    public const int DefaultCapPpm = 50_000; // 5% of the budget

    public async Task<Outcome<Epoch>> ExecuteAsync(EpochInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var last = await db.Epochs.OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (last is { IsPublished: false })
        {
            return new EpochInProgressError(last.Number);
        }
        var now = time.GetUtcNow();
        var asOf = input.AsOf ?? now;
        if (asOf > now)
        {
            errors.Add("asOf", "cannot be in the future: contributions not made yet cannot be counted");
        }
        if (last is not null && asOf <= last.AsOf)
        {
            errors.Add("asOf", $"must be after epoch {last.Number}'s ({last.AsOf:u})");
        }
        if (input.Genesis && last is not null)
        {
            errors.Add("genesis", "only the first epoch is the genesis epoch");
        }
        var budget = input.Genesis && input.BudgetWei is null ? GenesisVesting.PoolWei : Wei(input.BudgetWei, "budgetWei", errors, positive: true);
        var minimum = input.MinimumPayoutWei is null ? BigInteger.Pow(10, 18) : Wei(input.MinimumPayoutWei, "minimumPayoutWei", errors, positive: false);
        var cap = input.CapPpm ?? DefaultCapPpm;
        if (cap is <= 0 or > 1_000_000)
        {
            errors.Add("capPpm", "must be between 1 and 1,000,000 parts per million of the budget");
        }
        if (input.Genesis && input.VestingStart is null)
        {
            errors.Add("vestingStart", "is required for the genesis epoch (when the pool's six-month vesting starts)");
        }
        if (!input.Genesis && input.VestingStart is not null)
        {
            errors.Add("vestingStart", "applies only to the genesis epoch");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var epoch = new Epoch((last?.Number ?? 0) + 1, input.Genesis, asOf, input.VestingStart, budget, cap, minimum, now);
        db.Epochs.Add(epoch);
        await db.SaveChangesAsync(cancellationToken);
        return epoch;
    }

    private static BigInteger Wei(string? value, string field, FieldErrors errors, bool positive)
    {
        if (!BigInteger.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var wei)
            || (positive && wei.IsZero))
        {
            errors.Add(field, $"must be a {(positive ? "positive" : "non-negative")} whole number of wei");
        }
        return wei;
    }
}
