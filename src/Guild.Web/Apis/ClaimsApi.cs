using System.Globalization;
using System.Numerics;
using Guild.Core.Claims;
using Guild.Web.Epochs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Apis;

/// <summary>What a wallet needs to claim: its cumulative amount in the latest published tree, the proof, and the calldata.</summary>
public static class ClaimsApi
{
    /// <param name="ClaimedWei">What the distributor has paid the account so far; null when the chain could not be read.</param>
    /// <param name="Calldata">The input of <c>claim(account, cumulativeAmount, proof)</c>, ready to send to <paramref name="Distributor"/> from any wallet.</param>
    /// <param name="PendingEpoch">A newer root still in its challenge window, if any: claims against it start at <paramref name="PendingClaimableAt"/>.</param>
    /// <param name="PendingCumulativeWei">The account's cumulative amount in that newer tree, when it is in it.</param>
    public sealed record ClaimResponse(long Epoch, string Root, string Account, string CumulativeWei, string[] Proof, string? Distributor,
        string? ClaimedWei, string? ClaimableWei, string Calldata, long? PendingEpoch = null, DateTimeOffset? PendingClaimableAt = null, string? PendingCumulativeWei = null);

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/claims/{account}", GetAsync).WithTags("Claims").WithName("GetClaim")
            .WithSummary("The account's cumulative amount and Merkle proof in the epoch claims verify against now (a newer root waits out its challenge window), what it has claimed, and the claim's calldata; one claim pays everything owed")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> GetAsync(string account, ClaimLookup claims, CancellationToken cancellationToken)
    {
        if (EthereumAddress.TryNormalize(account) is not { } address)
        {
            return TypedResults.Problem($"'{account}' is not a 20-byte hex address.", statusCode: StatusCodes.Status400BadRequest, title: "Not an address");
        }
        var outcome = await claims.ForAsync(address, cancellationToken);
        if (outcome.Error is { } error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status404NotFound,
                title: error switch { NothingPublishedError => "Nothing published", NotYetClaimableError => "Not claimable yet", _ => "Nothing to claim" });
        }
        var claim = outcome.Value!;
        return TypedResults.Ok(new ClaimResponse(claim.Epoch, claim.Root, claim.Data.Account, Wei(claim.Data.CumulativeAmount), claim.Data.ProofHex,
            claim.Distributor, claim.ClaimedWei is { } paid ? Wei(paid) : null, claim.ClaimableWei is { } due ? Wei(due) : null, claim.Calldata,
            claim.Pending?.Epoch, claim.Pending?.ClaimableAt, claim.Pending?.CumulativeWei is { } next ? Wei(next) : null));
    }

    private static string Wei(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
