using Guild.Chain.Rewards;
using Guild.Core.Allocation.WeightSets;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Apis;

/// <summary>
/// Weight sets: anyone can list them and download a document (the bytes whose SHA-256 governance records on-chain);
/// stewards draft candidates and preview a candidate's effect on the latest computed epoch before proposing it.
/// </summary>
public static class WeightSetsApi
{
    /// <param name="InForce">Governance has this set in force on-chain (new epochs compute with it).</param>
    /// <param name="Genesis">The genesis epoch's set, fixed at deployment.</param>
    public sealed record WeightSetResponse(string Hash, string Version, string Origin, string? Note, DateTimeOffset CreatedAt, bool InForce, bool Genesis)
    {
        public static WeightSetResponse From(WeightSetDocument d, GovernedWeights? governed) => new(
            d.Hash, d.Version, d.Origin.ToString(), d.Note, d.CreatedAt, d.Hash == governed?.InForce, d.Hash == governed?.Genesis);
    }

    /// <param name="Json">The candidate as a <c>guild-weights/2</c> document (it is stored in canonical form).</param>
    /// <param name="Note">What it changes and why, for the proposal.</param>
    public sealed record CandidateRequest(string? Json, string? Note);

    public sealed record PreviewRequest(string? Json);

    /// <param name="Up">The contributors whose share of the budget grows most; <see cref="Down"/> shrinks most. Shares are of the epoch's budget.</param>
    public sealed record PreviewResponse(long Epoch, string CandidateHash, DistributionSummary InForce, DistributionSummary Candidate,
        IReadOnlyList<MoverResponse> Up, IReadOnlyList<MoverResponse> Down);

    public sealed record MoverResponse(string Contributor, string Label, double Before, double After);

    public static IEndpointRouteBuilder MapWeightSetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/weight-sets").WithTags("Weight sets");
        sets.MapGet("/", ListAsync).WithName("ListWeightSets").WithSummary("Every stored weight set, and which one governance has in force").AllowAnonymous();
        sets.MapGet("/{hash}", DocumentAsync).WithName("GetWeightSet")
            .WithSummary("A weight set's canonical JSON: its SHA-256 is the hash a governance proposal records").AllowAnonymous();
        var stewards = sets.MapGroup("").RequireAuthorization(GuildPolicies.Steward);
        stewards.MapPost("/", AddCandidateAsync).WithName("AddWeightSetCandidate").WithSummary("Store a candidate weight set (guild-weights/2) for a proposal");
        stewards.MapPost("/preview", PreviewAsync).WithName("PreviewWeightSet")
            .WithSummary("A candidate's effect on the latest computed epoch: distribution, Gini, top shares and the top movers, beside the set in force");
        return app;
    }

    public static async Task<Ok<WeightSetResponse[]>> ListAsync(WeightSetLibrary library, GovernedWeightsReader governance, CancellationToken cancellationToken)
    {
        var governed = await InForceAsync(governance, cancellationToken);
        return TypedResults.Ok((await library.ListAsync(cancellationToken)).Select(d => WeightSetResponse.From(d, governed)).ToArray());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocumentAsync(string hash, WeightSetLibrary library, HttpContext context, CancellationToken cancellationToken)
    {
        if (await library.FindAsync(hash, cancellationToken) is not { } document)
        {
            return TypedResults.Problem(DomainProblems.ToProblem(new WeightSetNotFoundError(hash), "Not found"));
        }
        context.Response.Headers["X-Content-SHA256"] = document.Hash;
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(document.Json), "application/json", $"{document.Version}.json");
    }

    public static async Task<IResult> AddCandidateAsync(CandidateRequest request, WeightSetLibrary library, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await library.AddCandidateAsync(request.Json ?? "", request.Note, context.User.Identity?.Name ?? "steward", cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The candidate was not stored")
            : TypedResults.Created($"/api/weight-sets/{outcome.Value!.Hash}", WeightSetResponse.From(outcome.Value, null));
    }

    public static async Task<IResult> PreviewAsync(PreviewRequest request, CandidatePreviews previews, CancellationToken cancellationToken)
    {
        var outcome = await previews.PreviewAsync(request.Json, cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "No preview");
        }
        var (c, hash, labels) = (outcome.Value!.Comparison, outcome.Value.CandidateHash, outcome.Value.Labels);
        MoverResponse Map(Mover m) => new(m.Contributor, labels.Of(m.Contributor), m.Before, m.After);
        return TypedResults.Ok(new PreviewResponse(c.Epoch, hash, c.InForce, c.Candidate, c.Up.Select(Map).ToList(), c.Down.Select(Map).ToList()));
    }

    /// <summary>What governance has in force, or null while the chain cannot be read (the list still answers).</summary>
    internal static async Task<GovernedWeights?> InForceAsync(GovernedWeightsReader governance, CancellationToken cancellationToken)
    {
        try
        {
            return await governance.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is Guild.Chain.ChainUnavailableException or Nethereum.JsonRpc.Client.RpcClientUnknownException or InvalidOperationException)
        {
            return null;
        }
    }
}
