using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Data;
using Guild.Web.Epochs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

/// <summary>What a wallet needs to claim: its cumulative amount in the latest published tree and the proof.</summary>
public static class ClaimsApi
{
    public sealed record ClaimResponse(long Epoch, string Root, string Account, string CumulativeWei, string[] Proof, string? Distributor);

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/claims/{account}", GetAsync).WithTags("Claims").WithName("GetClaim")
            .WithSummary("The account's cumulative amount and Merkle proof in the latest published epoch; one claim pays everything owed")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<ClaimResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> GetAsync(
        string account, GuildDbContext db, EpochReadModels models, CancellationToken cancellationToken)
    {
        if (EthereumAddress.TryNormalize(account) is not { } address)
        {
            return TypedResults.BadRequest(new ProblemDetails { Status = 400, Title = "Not an address", Detail = $"'{account}' is not a 20-byte hex address." });
        }
        var latest = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Published)
            .OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Nothing published", Detail = "No epoch has been published yet." });
        }
        var tree = await models.TreeAsync(latest);
        if (!tree.Contains(address))
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Nothing to claim", Detail = $"{address} is not in epoch {latest.Number}'s tree." });
        }
        var leaf = tree.LeafOf(address);
        var distributor = await db.ContractDeployments.AsNoTracking().Where(d => d.Name == "RewardsDistributor")
            .Select(d => d.Address).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new ClaimResponse(latest.Number, latest.Root!, leaf.Account,
            leaf.CumulativeWei.ToString(System.Globalization.CultureInfo.InvariantCulture),
            tree.ProofOf(address).Select(p => p.ToString()).ToArray(), distributor));
    }
}
