using Guild.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

public static class ChainApi
{
    public sealed record ChainHeadResponse(long ChainId, long BlockNumber, string BlockHash, DateTimeOffset BlockTimestamp, DateTimeOffset ObservedAt);

    public sealed record ContractResponse(long ChainId, string Name, string Address, long BlockNumber, string TransactionHash);

    public static IEndpointRouteBuilder MapChainApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/chain").WithTags("Chain");
        api.MapGet("/head", GetHeadAsync)
            .WithName("GetChainHead")
            .WithSummary("The newest block the jobs have recorded, per chain")
            .AllowAnonymous();
        api.MapGet("/contracts", GetContractsAsync)
            .WithName("GetContracts")
            .WithSummary("Where the guild's contracts are deployed, per chain, as the deployer recorded them")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Ok<ContractResponse[]>> GetContractsAsync(GuildDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ContractDeployments.AsNoTracking()
            .OrderBy(d => d.ChainId).ThenBy(d => d.Name)
            .Select(d => new ContractResponse(d.ChainId, d.Name, d.Address, d.BlockNumber, d.TransactionHash))
            .ToArrayAsync(cancellationToken));

    public static async Task<Results<Ok<ChainHeadResponse[]>, ProblemHttpResult>> GetHeadAsync(
        GuildDbContext db, CancellationToken cancellationToken)
    {
        var heads = await db.ChainHeads.AsNoTracking()
            .OrderBy(h => h.ChainId)
            .Select(h => new ChainHeadResponse(h.ChainId, h.BlockNumber, h.BlockHash, h.BlockTimestamp, h.ObservedAt))
            .ToArrayAsync(cancellationToken);
        return heads.Length > 0
            ? TypedResults.Ok(heads)
            : TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Title = "No block recorded yet",
                Detail = "The chain-head job has not run yet.",
                Status = StatusCodes.Status404NotFound,
            });
    }
}
