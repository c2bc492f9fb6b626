using System.Numerics;
using Guild.Chain;
using Guild.Chain.Claims;
using Guild.Chain.Rewards;
using Guild.Core;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

public sealed record NothingPublishedError() : DomainError("No epoch has been published yet.");

public sealed record NotYetClaimableError(long Epoch, DateTimeOffset ClaimableAt)
    : DomainError($"Epoch {Epoch}'s root is in its challenge window: claims against it start at {ClaimableAt:u}.");

public sealed record NotInTreeError(string Account, long Epoch) : DomainError($"{Account} is not in epoch {Epoch}'s tree.");

/// <summary>A root on-chain still in its challenge window: claimable from <paramref name="ClaimableAt"/>.</summary>
public sealed record PendingClaim(long Epoch, DateTimeOffset ClaimableAt, BigInteger? CumulativeWei);

/// <summary>
/// A wallet's claim in the tree claims verify against now, what the distributor has paid it so far (null when the chain
/// cannot be read), and a newer root still in its challenge window, if any.
/// </summary>
public sealed record ClaimView(long Epoch, string Root, ClaimData Data, string? Distributor, BigInteger? ClaimedWei, PendingClaim? Pending = null)
{
    public BigInteger? ClaimableWei => ClaimedWei is { } claimed ? BigInteger.Max(BigInteger.Zero, Data.CumulativeAmount - claimed) : null;

    public string Calldata => ClaimedAmounts.Calldata(Data);
}

/// <summary>
/// Finds a wallet's claim for the claims API and the contributor's page: against the root the distributor verifies
/// claims with now, which is not the latest published one while that one waits out its challenge window.
/// </summary>
public sealed partial class ClaimLookup(GuildDbContext db, EpochReadModels models, ClaimedAmounts claimed, RewardsPublisher rewards, TimeProvider time, ILogger<ClaimLookup> logger)
{
    /// <param name="address">A normalised (lower-case) address.</param>
    public async Task<Outcome<ClaimView>> ForAsync(string address, CancellationToken cancellationToken)
    {
        var published = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Published)
            .OrderByDescending(e => e.Number).ToListAsync(cancellationToken);
        if (published.Count == 0)
        {
            return new NothingPublishedError();
        }
        var (claimable, pending) = await ClaimableEpochAsync(published, cancellationToken);
        var epoch = published.FirstOrDefault(e => e.Number <= claimable && e.Root is not null && e.Accounts > 0);
        PendingClaim? next = null;
        if (pending is { } p && published.FirstOrDefault(e => e.Number == p.Epoch) is { Accounts: > 0 } waiting)
        {
            var pendingTree = await models.TreeAsync(waiting);
            next = new PendingClaim(p.Epoch, p.ClaimableAt, pendingTree.Contains(address) ? ClaimData.From(pendingTree, address).CumulativeAmount : null);
        }
        if (epoch is null)
        {
            return next is not null ? new NotYetClaimableError(next.Epoch, next.ClaimableAt) : new NothingPublishedError();
        }
        var tree = await models.TreeAsync(epoch);
        if (!tree.Contains(address))
        {
            return next is { CumulativeWei: not null } ? new NotYetClaimableError(next.Epoch, next.ClaimableAt) : new NotInTreeError(address, epoch.Number);
        }
        var distributor = await db.ContractDeployments.AsNoTracking().Where(d => d.Name == "RewardsDistributor")
            .Select(d => d.Address).FirstOrDefaultAsync(cancellationToken);
        BigInteger? paid = null;
        try
        {
            paid = await claimed.OfAsync(address, cancellationToken);
        }
        catch (Exception e) when (Unreachable(e))
        {
            // The proof comes from the database and is still good; only the amount already paid is unknown.
            LogChainUnreadable(logger, address, e.Message);
        }
        return new ClaimView(epoch.Number, epoch.Root!, ClaimData.From(tree, address), distributor, paid, next);
    }

    /// <summary>
    /// The epoch claims verify against at the next block, and the root still waiting, if any. A matured pending root
    /// counts as claimable: a development chain mines no block while idle, so its clock lags the wall clock, and the next
    /// transaction (the claim itself) promotes the root. Without the chain, the recorded windows decide.
    /// </summary>
    private async Task<(long Claimable, PendingRoot? Pending)> ClaimableEpochAsync(List<Epoch> published, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var state = await rewards.StateAsync(cancellationToken);
            var clock = state.ChainTime > now ? state.ChainTime : now;
            return state.Pending is { } pending && pending.ClaimableAt <= clock
                ? (pending.Epoch, null)
                : (state.ClaimableEpoch, state.Pending);
        }
        catch (Exception e) when (Unreachable(e))
        {
            LogChainUnreadable(logger, "the distributor", e.Message);
            var recorded = published.FirstOrDefault(e => e.ClaimableAt is null || e.ClaimableAt <= now);
            var waiting = published.FirstOrDefault(e => e.ClaimableAt > now);
            return (recorded?.Number ?? 0, waiting is null ? null : new PendingRoot(waiting.Number, waiting.Root!, waiting.TotalCumulativeWei ?? 0, waiting.ClaimableAt!.Value));
        }
    }

    private static bool Unreachable(Exception e) =>
        e is ChainUnavailableException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or HttpRequestException;

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Claim state of {Account} not read from the chain: {Reason}")]
    private static partial void LogChainUnreadable(ILogger logger, string account, string reason);
}
