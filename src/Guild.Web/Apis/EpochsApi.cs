using System.Numerics;
using Guild.Core;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Guild.Jobs.Allocation;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

/// <summary>
/// Epochs: anyone can read allocations, explanations and the files that let them audit a root; stewards create,
/// compute and publish. Wei amounts are decimal strings.
/// </summary>
public static class EpochsApi
{
    public sealed record EpochResponse(
        long Number, bool Genesis, string Status, DateTimeOffset AsOf, DateTimeOffset? VestingStart, string BudgetWei, int CapPpm,
        string MinimumPayoutWei, string? WeightsVersion, string? WeightsHash, string? SnapshotHash, string? ReportHash, string? Root,
        string? TotalCumulativeWei, string? AllocatedWei, string? PaidWei, int Contributors, int Accounts,
        DateTimeOffset CreatedAt, DateTimeOffset? ComputedAt, DateTimeOffset? PublishedAt)
    {
        public static EpochResponse From(Epoch e) => new(
            e.Number, e.Genesis, e.Status.ToString(), e.AsOf, e.VestingStart, Wei(e.BudgetWei), e.CapPpm, Wei(e.MinimumPayoutWei),
            e.WeightsVersion, e.WeightsHash, e.SnapshotHash, e.ReportHash, e.Root, Wei(e.TotalCumulativeWei), Wei(e.AllocatedWei),
            Wei(e.PaidWei), e.Contributors, e.Accounts, e.CreatedAt, e.ComputedAt, e.PublishedAt);
    }

    public sealed record ContributorLineResponse(
        string Contributor, string? Wallet, string? Exclusion, double ScoreShare, string EpochWei, bool Capped, string PaidWei, string CarriedWei);

    public sealed record ExplanationResponse(
        string Contributor, long Epoch, string WeightsVersion, string WeightsHash, double ScoreShare, string EpochWei,
        IReadOnlyList<TypeShareResponse> ByType, IReadOnlyList<ContributionShareResponse> TopContributions);

    public sealed record TypeShareResponse(string Type, double Share, int Contributions);

    public sealed record ContributionShareResponse(string Contribution, string Type, string Repository, string? Title, IReadOnlyList<string> Via, double Share);

    public sealed record JobResponse(string JobId);

    public static IEndpointRouteBuilder MapEpochsApi(this IEndpointRouteBuilder app)
    {
        var epochs = app.MapGroup("/api/epochs").WithTags("Epochs");
        epochs.MapGet("/", ListAsync).WithName("ListEpochs").WithSummary("Every epoch, newest first").AllowAnonymous();
        epochs.MapGet("/{number:long}", GetAsync).WithName("GetEpoch").WithSummary("One epoch: parameters, hashes, root and totals").AllowAnonymous();
        epochs.MapGet("/{number:long}/contributors", ContributorsAsync).WithName("ListEpochContributors")
            .WithSummary("The epoch's allocation, by score share (skip/take)").AllowAnonymous();
        epochs.MapGet("/{number:long}/explanation", ExplainAsync).WithName("ExplainAllocation")
            .WithSummary("Why a contributor got their share: by contribution type and the top contributions behind it").AllowAnonymous();
        epochs.MapGet("/{number:long}/files/{kind}", FileAsync).WithName("GetEpochFile")
            .WithSummary("snapshot.json (recompute with guild-audit), report.json, report.csv or tree.json").AllowAnonymous();

        var stewards = epochs.MapGroup("").RequireAuthorization(GuildPolicies.Steward);
        stewards.MapPost("/", CreateAsync).WithName("CreateEpoch").WithSummary("Open the next epoch as a draft");
        stewards.MapPost("/{number:long}/compute", (long number, IBackgroundJobClient jobs) =>
                TypedResults.Accepted($"/api/epochs/{number}", new JobResponse(jobs.Enqueue<ComputeEpochJob>(j => j.RunAsync(number, CancellationToken.None)))))
            .WithName("ComputeEpoch").WithSummary("Compute (or recompute) an unpublished epoch in the background");
        stewards.MapPost("/{number:long}/publish", (long number, IBackgroundJobClient jobs) =>
                TypedResults.Accepted($"/api/epochs/{number}", new JobResponse(jobs.Enqueue<PublishEpochJob>(j => j.RunAsync(number, CancellationToken.None)))))
            .WithName("PublishEpoch").WithSummary("Fund the distributor and publish the computed root on-chain");
        return app;
    }

    public static async Task<Ok<EpochResponse[]>> ListAsync(GuildDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Epochs.AsNoTracking().OrderByDescending(e => e.Number).ToListAsync(cancellationToken)).Select(EpochResponse.From).ToArray());

    public static async Task<Results<Ok<EpochResponse>, NotFound<ProblemDetails>>> GetAsync(long number, GuildDbContext db, CancellationToken cancellationToken) =>
        await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number, cancellationToken) is { } epoch
            ? TypedResults.Ok(EpochResponse.From(epoch))
            : NotFound(new EpochNotFoundError(number));

    public static async Task<Results<Ok<ContributorLineResponse[]>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> ContributorsAsync(
        long number, GuildDbContext db, CancellationToken cancellationToken, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > 1000)
        {
            return TypedResults.BadRequest(Problem(400, "Invalid paging", "skip must be ≥ 0 and take between 1 and 1000."));
        }
        if (!await db.Epochs.AnyAsync(e => e.Number == number, cancellationToken))
        {
            return NotFound(new EpochNotFoundError(number));
        }
        var lines = await db.EpochContributors.AsNoTracking().Where(c => c.Epoch == number).ToListAsync(cancellationToken);
        return TypedResults.Ok(lines.OrderByDescending(l => l.ScoreShare).ThenBy(l => l.Contributor, StringComparer.Ordinal).Skip(skip).Take(take)
            .Select(l => new ContributorLineResponse(l.Contributor, l.Wallet, l.Exclusion, l.ScoreShare, Wei(l.EpochWei), l.Capped, Wei(l.PaidWei), Wei(l.CarriedWei)))
            .ToArray());
    }

    public static async Task<Results<Ok<ExplanationResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> ExplainAsync(
        long number, string contributor, GuildDbContext db, EpochReadModels models, CancellationToken cancellationToken, int top = 10)
    {
        var epoch = await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return NotFound(new EpochNotFoundError(number));
        }
        if (epoch.Status == EpochStatus.Draft)
        {
            return TypedResults.Conflict(Problem(409, "Not computed", $"Epoch {number} has not been computed yet."));
        }
        var allocation = await models.AllocationAsync(epoch);
        if (ExplainContributor.Run(allocation, contributor, Math.Clamp(top, 1, 100)) is not { } explanation)
        {
            return TypedResults.NotFound(Problem(404, "Unknown contributor", $"'{contributor}' is not a contributor of epoch {number}."));
        }
        return TypedResults.Ok(new ExplanationResponse(explanation.Contributor, explanation.Epoch, explanation.WeightsVersion, explanation.WeightsHash,
            explanation.ScoreShare, Wei(explanation.EpochWei),
            explanation.ByType.Select(t => new TypeShareResponse(t.Type.Name(), t.Share, t.Contributions)).ToList(),
            explanation.TopContributions.Select(c => new ContributionShareResponse(c.Contribution, c.Type.Name(), c.Repository, c.Title,
                c.Via.Select(v => v.Name()).ToList(), c.Share)).ToList()));
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> FileAsync(
        long number, string kind, GuildDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        (EpochArtifactKind Kind, string ContentType)? file = kind switch
        {
            "snapshot.json" => (EpochArtifactKind.Snapshot, "application/json"),
            "report.json" => (EpochArtifactKind.Report, "application/json"),
            "report.csv" => (EpochArtifactKind.ReportCsv, "text/csv"),
            "tree.json" => (EpochArtifactKind.Tree, "application/json"),
            _ => null,
        };
        if (file is null)
        {
            return TypedResults.NotFound(Problem(404, "Unknown file", "Files: snapshot.json, report.json, report.csv, tree.json."));
        }
        var artifact = await db.EpochArtifacts.AsNoTracking().SingleOrDefaultAsync(a => a.Epoch == number && a.Kind == file.Value.Kind, cancellationToken);
        if (artifact is null)
        {
            return TypedResults.NotFound(Problem(404, "Not computed", $"Epoch {number} has no {kind} (not computed yet?)."));
        }
        context.Response.Headers["X-Content-SHA256"] = artifact.Sha256;
        return TypedResults.File(artifact.Content, file.Value.ContentType, $"epoch-{number}-{kind}");
    }

    public static async Task<Results<Created<EpochResponse>, ValidationProblem, Conflict<ProblemDetails>>> CreateAsync(
        EpochInput input, CreateEpochCommand create, CancellationToken cancellationToken)
    {
        var outcome = await create.ExecuteAsync(input, cancellationToken);
        return outcome switch
        {
            { Value: { } epoch } => TypedResults.Created($"/api/epochs/{epoch.Number}", EpochResponse.From(epoch)),
            { Error: InvalidInputError invalid } => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(e => e.Key, e => e.Value)),
            { Error: { } error } => TypedResults.Conflict(Problem(409, "Cannot create the epoch", error.Message)),
            _ => throw new InvalidOperationException("An outcome has a value or an error."),
        };
    }

    private static NotFound<ProblemDetails> NotFound(DomainError error) => TypedResults.NotFound(Problem(404, "Not found", error.Message));

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static string Wei(BigInteger value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Wei(BigInteger? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
