using System.Numerics;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Allocation.Epochs;

/// <summary>What a steward sets for an epoch. Amounts in wei, the cap in parts per million of the budget.</summary>
/// <param name="VestingStart">Genesis only: when the pool's vesting started (the deployment's vesting wallet says; callers read it from the chain).</param>
public sealed record EpochInput(DateTimeOffset? AsOf, string? BudgetWei, int? CapPpm, string? MinimumPayoutWei, bool Genesis, DateTimeOffset? VestingStart);

/// <summary>
/// Opens the next epoch as a draft. The genesis epoch (the first, paid from the 20% pool) takes the whole pool as its
/// budget and the pool's vesting start, which every later epoch carries on; later epochs take a budget from the
/// treasury's schedule.
/// </summary>
public sealed class CreateEpochCommand(GuildDbContext db, TimeProvider time)
{
    public const int DefaultCapPpm = 50_000; // 5% of the budget

    public static readonly BigInteger DefaultMinimumPayoutWei = BigInteger.Pow(10, 18);

    public async Task<Outcome<Epoch>> ExecuteAsync(EpochInput input, CancellationToken cancellationToken)
    {
        var last = await db.Epochs.OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (last is { IsPublished: false })
        {
            return new EpochInProgressError(last.Number);
        }
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        if (input.Genesis && last is not null)
        {
            errors.Add("genesis", "only the first epoch is the genesis epoch");
        }
        if (input.Genesis && input.VestingStart is null)
        {
            errors.Add("vestingStart", "is required for the genesis epoch (when the pool's six-month vesting starts)");
        }
        if (!input.Genesis && input.VestingStart is not null)
        {
            errors.Add("vestingStart", "applies only to the genesis epoch: later epochs carry the genesis epoch's on");
        }
        var (asOf, budget, cap, minimum) = EpochParameters.Check(input, last, now, errors);
        if (errors.Any)
        {
            return errors.ToError();
        }

        var epoch = new Epoch((last?.Number ?? 0) + 1, input.Genesis, asOf, input.VestingStart, budget, cap, minimum, now);
        db.Epochs.Add(epoch);
        await db.SaveChangesAsync(cancellationToken);
        return epoch;
    }
}

/// <summary>
/// Changes an unpublished epoch's parameters (it goes back to draft and its computed lines and files are dropped), or
/// deletes it. Refused once a publish transaction went out, and while a job works on the epoch.
/// </summary>
public sealed class ChangeEpochCommand(GuildDbContext db, TimeProvider time)
{
    public async Task<Outcome<Epoch>> UpdateAsync(long number, EpochInput input, CancellationToken cancellationToken)
    {
        var (epoch, refused) = await ChangeableAsync(number, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var previous = await db.Epochs.AsNoTracking().Where(e => e.Number < number).OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        var errors = new FieldErrors();
        if (input.Genesis != epoch!.Genesis)
        {
            errors.Add("genesis", "cannot change: only the first epoch is the genesis epoch");
        }
        // What the input leaves out stays as it was.
        var changed = input with
        {
            AsOf = input.AsOf ?? epoch.AsOf,
            BudgetWei = input.BudgetWei ?? (epoch.Genesis ? null : epoch.BudgetWei.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            CapPpm = input.CapPpm ?? epoch.CapPpm,
            MinimumPayoutWei = input.MinimumPayoutWei ?? epoch.MinimumPayoutWei.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var (asOf, budget, cap, minimum) = EpochParameters.Check(changed, previous, time.GetUtcNow(), errors);
        if (errors.Any)
        {
            return errors.ToError();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await DropComputationAsync(number, cancellationToken);
        epoch.Change(asOf, budget, cap, minimum);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    public async Task<Outcome<Epoch>> DeleteAsync(long number, CancellationToken cancellationToken)
    {
        var (epoch, refused) = await ChangeableAsync(number, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        if (await db.Epochs.AnyAsync(e => e.Number > number, cancellationToken))
        {
            return new EpochInProgressError(number);
        }
        if (epoch!.VetoedRoot is not null)
        {
            // Its vetoed publication stays in the transaction outbox under this epoch's number: change and recompute it instead.
            return new EpochRootVetoedError(number, epoch.VetoedRoot);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await DropComputationAsync(number, cancellationToken);
        db.Epochs.Remove(epoch!);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return epoch!;
    }

    private async Task<(Epoch? Epoch, DomainError? Refused)> ChangeableAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return (null, new EpochNotFoundError(number));
        }
        if (epoch.CannotChange(time.GetUtcNow()) is { } error)
        {
            return (epoch, error);
        }
        var purpose = Epoch.PublishPurpose(number);
        if (epoch.PublishStarted(await db.ChainTransactions.AnyAsync(t => t.Purpose == purpose, cancellationToken)))
        {
            return (epoch, new EpochPublishStartedError(number));
        }
        return (epoch, null);
    }

    private async Task DropComputationAsync(long number, CancellationToken cancellationToken)
    {
        await db.EpochContributors.Where(c => c.Epoch == number).ExecuteDeleteAsync(cancellationToken);
        await db.EpochAccounts.Where(a => a.Epoch == number).ExecuteDeleteAsync(cancellationToken);
        await db.EpochArtifacts.Where(a => a.Epoch == number).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>The checks every epoch's parameters pass, whether opened or changed.</summary>
internal static class EpochParameters
{
    public static (DateTimeOffset AsOf, BigInteger Budget, int Cap, BigInteger Minimum) Check(EpochInput input, Epoch? previous, DateTimeOffset now, FieldErrors errors)
    {
        var asOf = input.AsOf ?? now;
        if (asOf > now)
        {
            errors.Add("asOf", "cannot be in the future: contributions not made yet cannot be counted");
        }
        if (previous is not null && asOf <= previous.AsOf)
        {
            errors.Add("asOf", $"must be after epoch {previous.Number}'s ({previous.AsOf:u})");
        }
        var budget = input.Genesis && input.BudgetWei is null ? GenesisVesting.PoolWei : Wei(input.BudgetWei, "budgetWei", errors, positive: true);
        if (input.Genesis && budget != GenesisVesting.PoolWei)
        {
            errors.Add("budgetWei", $"of the genesis epoch is the whole pool, {GenesisVesting.PoolWei} wei");
        }
        var minimum = input.MinimumPayoutWei is null ? CreateEpochCommand.DefaultMinimumPayoutWei : Wei(input.MinimumPayoutWei, "minimumPayoutWei", errors, positive: false);
        var cap = input.CapPpm ?? CreateEpochCommand.DefaultCapPpm;
        if (cap is <= 0 or > 1_000_000)
        {
            errors.Add("capPpm", "must be between 1 and 1,000,000 parts per million of the budget");
        }
        return (asOf, budget, cap, minimum);
    }

    private static BigInteger Wei(string? value, string field, FieldErrors errors, bool positive)
    {
        // 78 digits hold any uint256; a longer string is refused before the (superlinear) parse sees it.
        if (value is not { Length: > 0 and <= 78 }
            || !BigInteger.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var wei)
            || (positive && wei.IsZero))
        {
            errors.Add(field, $"must be a {(positive ? "positive" : "non-negative")} whole number of wei");
            return BigInteger.Zero;
        }
        // Beyond the token's whole supply no amount means anything; refusing it keeps absurd input out of the database.
        if (wei > GenesisVesting.SupplyCapWei)
        {
            errors.Add(field, $"cannot exceed the token's total supply, {GenesisVesting.SupplyCapWei} wei");
        }
        return wei;
    }
}
