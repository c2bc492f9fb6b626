using System.Numerics;
using Guild.Chain.Rewards;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Data;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Allocation;

/// <summary>
/// Hands a computed epoch's root to the chain: funds the distributor from the vested pool, publishes the root with the
/// cumulative total and the report hash, and marks the epoch published. Every step is idempotent (the transaction
/// outbox keys each send by purpose; the same root already on-chain counts as published), so a retry after a crash at
/// any point finishes the job without paying or publishing twice. An epoch whose tree has no account yet (nobody has
/// linked a wallet) has nothing to claim: it is published without a transaction. Each failed attempt is written on the
/// epoch, so its page says why (and that a retry follows, until the last).
/// </summary>
public sealed class PublishEpochJob(
    GuildDbContext db, RewardsPublisher publisher, GovernedWeightsReader weights, RewardsFunding funding, IBackgroundJobClient jobs, TimeProvider time)
{
    public const int Retries = 5;

    // A shortfall does not go away by retrying a minute later: it needs governance to fund the distributor; a vetoed
    // root, or one computed with weights no longer in force, needs a steward to recompute. A node that blinked is
    // usually back within seconds, so the first retries come soon.
    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [10, 30, 120, 600, 1800],
        ExceptOn = [typeof(RewardsUnderfundedException), typeof(EpochRootVetoedException), typeof(EpochWeightsNotInForceException)])]
    [JobDisplayName("Publish epoch {0}'s root")]
    public async Task RunAsync(long number, PerformContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(number, cancellationToken);
        }
        catch (EpochRootVetoedException vetoed)
        {
            db.ChangeTracker.Clear();
            if (await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, CancellationToken.None) is { } epoch)
            {
                epoch.MarkVetoed(vetoed.Root, "governance", time.GetUtcNow());
                await db.SaveChangesAsync(CancellationToken.None);
            }
            throw;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempt = (context?.GetJobParameter<int?>("RetryCount") ?? 0) + 1;
            var retrying = context is not null && attempt <= Retries && e is not (RewardsUnderfundedException or EpochWeightsNotInForceException);
            await EpochFailures.RecordAsync(db, time, number,
                $"Publishing failed (attempt {attempt} of {Retries + 1}{(retrying ? "; retrying" : "")}): {e.Message}", retrying);
            throw;
        }
    }

    private async Task PublishAsync(long number, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken)
            ?? throw new InvalidOperationException($"There is no epoch {number}.");
        if (epoch.IsPublished)
        {
            return;
        }
        if (epoch.CannotPublish() is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        // The distributor takes only roots computed with the weight set in force: one computed before governance changed it
        // is refused here, with the reason, rather than by a reverted transaction.
        var governed = await weights.ReadAsync(cancellationToken);
        if (!string.Equals(epoch.WeightsHash, governed.For(epoch.Genesis), StringComparison.OrdinalIgnoreCase))
        {
            throw new EpochWeightsNotInForceException(number, epoch.WeightsHash ?? "", governed.For(epoch.Genesis));
        }

        // The distributor keeps one root in its challenge window at a time: wait for the previous one to become claimable.
        var state = await publisher.StateAsync(cancellationToken);
        var now = time.GetUtcNow();
        var clock = state.ChainTime > now ? state.ChainTime : now; // an idle development chain's clock lags
        if (state.Pending is { } previous && previous.Epoch < number && previous.ClaimableAt > clock)
        {
            epoch.RecordFailure($"Waiting: epoch {previous.Epoch}'s root is in its challenge window until {previous.ClaimableAt:u}; this epoch is published right after.",
                now, retrying: true);
            await db.SaveChangesAsync(cancellationToken);
            jobs.Schedule<PublishEpochJob>(j => j.RunAsync(number, null, CancellationToken.None), previous.ClaimableAt - clock + TimeSpan.FromSeconds(5));
            return;
        }

        if (epoch.Accounts == 0)
        {
            // Nothing to claim yet, but the distributor counts epochs one by one: publish a root no proof can reach (the
            // report's hash) with the total unchanged, so the next epoch follows on.
            var report = Bytes(epoch.ReportHash!);
            await publisher.PublishRootAsync(number, report, state.Pending?.TotalCumulative ?? state.ClaimableTotal, report, Bytes(epoch.WeightsHash!), cancellationToken);
        }
        else
        {
            await EnsureFundedAsync(epoch, cancellationToken);
            await publisher.FundForEpochAsync(number, cancellationToken);
            await publisher.PublishRootAsync(number, Bytes(epoch.Root!), epoch.TotalCumulativeWei ?? BigInteger.Zero, Bytes(epoch.ReportHash!), Bytes(epoch.WeightsHash!), cancellationToken);
        }
        var after = await publisher.StateAsync(cancellationToken);
        epoch.MarkPublished(time.GetUtcNow(), after.Pending is { } pending && pending.Epoch == number ? pending.ClaimableAt : after.ChainTime);
        // In the same save: the grants are paid exactly when the root that pays them is.
        await new Core.Governance.GrantPayments(db).MarkPaidAsync(number, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Refuses a root the distributor could not honour to the end: the new tree, everything carried, and every genesis
    /// entitlement still to vest must fit in what it has been funded plus what the genesis pool will still release. The
    /// contract checks only the tree against what it holds today; this keeps later claims from running dry.
    /// </summary>
    private async Task EnsureFundedAsync(Epoch epoch, CancellationToken cancellationToken)
    {
        var lines = await db.EpochContributors.AsNoTracking().Where(c => c.Epoch == epoch.Number).ToListAsync(cancellationToken);
        var committed = epoch.TotalCumulativeWei ?? BigInteger.Zero;
        foreach (var line in lines)
        {
            committed += line.CarriedWei + line.GenesisEntitlementWei - line.GenesisReleasedTotalWei;
        }
        var state = await funding.ReadAsync(cancellationToken);
        // The tree pays at once, so it must also fit in what the distributor holds once the vested pool is released:
        // what the pool releases later (a genesis cap's withheld share included) pays later epochs, not this one.
        var tree = epoch.TotalCumulativeWei ?? BigInteger.Zero;
        var (overall, now) = (committed - state.AvailableWei, tree - state.PayableNowWei);
        // A tree short by what the pool vests within minutes (a fresh deployment's first epochs, or an idle chain whose
        // clock waits for the release transaction's block) goes ahead: the release and the contract's own check decide,
        // and the job retries.
        if (overall <= 0 && now > 0 && SecondsToVest(now) <= MaxVestingWait.TotalSeconds)
        {
            return;
        }
        if (overall > 0 || now > 0)
        {
            // A treasury grant raises both sides alike: name the larger shortfall, so one grant of that amount is enough.
            throw overall >= now
                ? RewardsUnderfundedException.Overall(epoch.Number, committed, state)
                : RewardsUnderfundedException.Now(epoch.Number, tree, state);
        }
    }

    /// <summary>A shortfall the genesis pool vests within this long is left to the release and the retries.</summary>
    private static readonly TimeSpan MaxVestingWait = TimeSpan.FromMinutes(10);

    private static long SecondsToVest(BigInteger wei) =>
        (long)((wei * (long)GenesisVesting.Duration.TotalSeconds + GenesisVesting.PoolWei - 1) / GenesisVesting.PoolWei);

    private static byte[] Bytes(string hash)
    {
        var bytes = new byte[32];
        Hash32.Parse(hash).WriteTo(bytes);
        return bytes;
    }
}

/// <summary>The distributor cannot honour the epoch: governance must fund it from the treasury first.</summary>
public sealed class RewardsUnderfundedException(string message) : Exception(message)
{
    private const string Remedy = "Fund it from the treasury through governance (a Timelock transfer of $AGI to the distributor), or lower the budget, then publish again.";

    /// <summary>Everything owed after the epoch exceeds all the distributor will ever hold.</summary>
    public static RewardsUnderfundedException Overall(long epoch, BigInteger committedWei, RewardsFundingState state) => new(
        $"The distributor is short by {Guild.Core.AgiAmount.Format(committedWei - state.AvailableWei)}: after epoch {epoch} it owes " +
        $"{Guild.Core.AgiAmount.Format(committedWei)} (claims tree, carried balances and genesis entitlements still vesting), but it has been funded " +
        $"{Guild.Core.AgiAmount.Format(state.FundedWei)} and the genesis pool will add {Guild.Core.AgiAmount.Format(state.PoolStillToReleaseWei)}. " + Remedy);

    /// <summary>The epoch's claims tree exceeds what the distributor holds today, vested pool included.</summary>
    public static RewardsUnderfundedException Now(long epoch, BigInteger treeWei, RewardsFundingState state) => new(
        $"The distributor is short by {Guild.Core.AgiAmount.Format(treeWei - state.PayableNowWei)} now: epoch {epoch}'s claims tree pays " +
        $"{Guild.Core.AgiAmount.Format(treeWei)} in total, and the distributor holds {Guild.Core.AgiAmount.Format(state.FundedWei)} with " +
        $"{Guild.Core.AgiAmount.Format(state.ReleasableNowWei)} more vested in the genesis pool. What the pool releases later cannot pay a tree today. " + Remedy);
}

/// <summary>The epoch was computed with a weight set that is not (or no longer) in force on-chain: recompute it.</summary>
public sealed class EpochWeightsNotInForceException(long epoch, string computedWith, string inForce)
    : Exception($"Epoch {epoch} was computed with weight set {computedWith}, but governance has {inForce} in force: the distributor would refuse " +
                "this root. Compute the epoch again (it takes the set in force), review it, then publish.");
