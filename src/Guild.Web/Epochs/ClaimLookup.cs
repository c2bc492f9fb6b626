using System.Numerics;
using Guild.Chain;
using Guild.Chain.Claims;
using Guild.Core;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

public sealed record NothingPublishedError() : DomainError("No epoch has been published yet.");

public sealed record NotInTreeError(string Account, long Epoch) : DomainError($"{Account} is not in epoch {Epoch}'s tree.");

/// <summary>A wallet's claim in the latest published tree, and what the distributor has paid it so far (null when the chain cannot be read).</summary>
public sealed record ClaimView(long Epoch, string Root, ClaimData Data, string? Distributor, BigInteger? ClaimedWei)
{
    public BigInteger? ClaimableWei => ClaimedWei is { } claimed ? BigInteger.Max(BigInteger.Zero, Data.CumulativeAmount - claimed) : null;

    public string Calldata => ClaimedAmounts.Calldata(Data);
}

/// <summary>Finds a wallet's claim for the claims API and the contributor's page.</summary>
public sealed partial class ClaimLookup(GuildDbContext db, EpochReadModels models, ClaimedAmounts claimed, ILogger<ClaimLookup> logger)
{
    /// <param name="address">A normalised (lower-case) address.</param>
    public async Task<Outcome<ClaimView>> ForAsync(string address, CancellationToken cancellationToken)
    {
        var latest = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Published)
            .OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return new NothingPublishedError();
        }
        var tree = await models.TreeAsync(latest);
        if (!tree.Contains(address))
        {
            return new NotInTreeError(address, latest.Number);
        }
        var distributor = await db.ContractDeployments.AsNoTracking().Where(d => d.Name == "RewardsDistributor")
            .Select(d => d.Address).FirstOrDefaultAsync(cancellationToken);
        BigInteger? paid = null;
        try
        {
            paid = await claimed.OfAsync(address, cancellationToken);
        }
        catch (Exception e) when (e is ChainUnavailableException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or HttpRequestException)
        {
            // The proof comes from the database and is still good; only the amount already paid is unknown.
            LogChainUnreadable(logger, address, e.Message);
        }
        return new ClaimView(latest.Number, latest.Root!, ClaimData.From(tree, address), distributor, paid);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Claimed amount of {Account} not read from the chain: {Reason}")]
    private static partial void LogChainUnreadable(ILogger logger, string account, string reason);
}
