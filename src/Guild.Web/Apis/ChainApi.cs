using Guild.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

public static class ChainApi
{
    public sealed record ChainHeadResponse(long ChainId, long BlockNumber, string BlockHash, DateTimeOffset BlockTimestamp, DateTimeOffset ObservedAt);

    public static IEndpointRouteBuilder MapChainApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/chain").WithTags("Chain");
        api.MapGet("/head", GetHeadAsync)
            .WithName("GetChainHead")
            .WithSummary("The newest block the jobs have recorded, per chain")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<ChainHeadResponse[]>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> GetHeadAsync(
        GuildDbContext db, CancellationToken cancellationToken)
    {
        var heads = await db.ChainHeads.AsNoTracking()
            .OrderBy(h => h.ChainId)
            .Select(h => new ChainHeadResponse(h.ChainId, h.BlockNumber, h.BlockHash, h.BlockTimestamp, h.ObservedAt))
            .ToArrayAsync(cancellationToken);
        return heads.Length > 0
            ? TypedResults.Ok(heads)
            : TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Title = "No block recorded yet",
                Detail = "The chain-head job has not run yet.",
                Status = StatusCodes.Status404NotFound,
            });
    }
}
