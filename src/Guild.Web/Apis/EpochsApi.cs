using System.Numerics;
using Guild.Chain.Rewards;
using Guild.Core;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Guild.Jobs.Allocation;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
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
    /// <param name="Activity">What a job is doing with the epoch now: None, Computing or Publishing.</param>
    /// <param name="Failure">Why the last compute or publish failed (or is being retried); null after a success.</param>
    /// <param name="ClaimableAt">When the published root becomes claimable on-chain (its challenge window ends).</param>
    /// <param name="WithheldWei">Budget not allocated because of the cap (or because nobody scored): it stays in the pool.</param>
    /// <param name="CapWei">The per-person cap the computation applied.</param>
    public sealed record EpochResponse(
        long Number, bool Genesis, string Status, DateTimeOffset AsOf, DateTimeOffset? VestingStart, string BudgetWei, int CapPpm,
        string MinimumPayoutWei, string? WeightsVersion, string? WeightsHash, string? SnapshotHash, string? ReportHash, string? Root,
        string? TotalCumulativeWei, string? AllocatedWei, string? WithheldWei, string? CapWei, string? PaidWei, int Contributors, int Accounts,
        DateTimeOffset CreatedAt, DateTimeOffset? ComputedAt, DateTimeOffset? PublishedAt, string Activity, string? Failure, DateTimeOffset? FailedAt,
        DateTimeOffset? ClaimableAt)
    {
        public static EpochResponse From(Epoch e) => new(
            e.Number, e.Genesis, e.Status.ToString(), e.AsOf, e.VestingStart, Wei(e.BudgetWei), e.CapPpm, Wei(e.MinimumPayoutWei),
            e.WeightsVersion, e.WeightsHash, e.SnapshotHash, e.ReportHash, e.Root, Wei(e.TotalCumulativeWei), Wei(e.AllocatedWei),
            Wei(e.WithheldWei), Wei(e.CapWei), Wei(e.PaidWei), e.Contributors, e.Accounts, e.CreatedAt, e.ComputedAt, e.PublishedAt, e.Activity.ToString(), e.Failure, e.FailedAt, e.ClaimableAt);
    }

    /// <summary>What a steward sets for an epoch. The genesis epoch's vesting start is read from the chain, never typed.</summary>
    public sealed record EpochRequest(DateTimeOffset? AsOf, string? BudgetWei, int? CapPpm, string? MinimumPayoutWei, bool Genesis = false);

    /// <param name="Label">How the person is named publicly: <c>@login</c>, an ORCID, or their id as a pseudonym (never an email).</param>
    public sealed record ContributorLineResponse(
        string Contributor, string Label, string? Wallet, string? Exclusion, double ScoreShare, string EpochWei, bool Capped, string PaidWei, string CarriedWei);

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
            .WithSummary("Why a contributor got their share: by contribution type and the top contributions behind it (top at most 10)").AllowAnonymous();
        epochs.MapGet("/{number:long}/files/{kind}", FileAsync).WithName("GetEpochFile")
            .WithSummary("snapshot.json (recompute with guild-audit), report.json, report.csv or tree.json").AllowAnonymous();

        var stewards = epochs.MapGroup("").RequireAuthorization(GuildPolicies.Steward);
        stewards.MapPost("/", CreateAsync).WithName("CreateEpoch").WithSummary("Open the next epoch as a draft (the genesis epoch takes the pool's on-chain vesting start)");
        stewards.MapPut("/{number:long}", UpdateAsync).WithName("UpdateEpoch")
            .WithSummary("Change an unpublished epoch's parameters; it goes back to draft (409 once published or while a job works on it)");
        stewards.MapDelete("/{number:long}", DeleteAsync).WithName("DeleteEpoch").WithSummary("Delete the latest unpublished epoch (409 once published)");
        stewards.MapPost("/{number:long}/compute", ComputeAsync).WithName("ComputeEpoch")
            .WithSummary("Compute (or recompute) an unpublished epoch in the background (409 when published, or the previous epoch is not)");
        stewards.MapPost("/{number:long}/publish", PublishAsync).WithName("PublishEpoch")
            .WithSummary("Fund the distributor and publish the computed root on-chain in the background (409 for a draft or a published epoch)");
        return app;
    }

    public static async Task<Ok<EpochResponse[]>> ListAsync(GuildDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Epochs.AsNoTracking().OrderByDescending(e => e.Number).ToListAsync(cancellationToken)).Select(EpochResponse.From).ToArray());

    public static async Task<Results<Ok<EpochResponse>, ProblemHttpResult>> GetAsync(long number, GuildDbContext db, CancellationToken cancellationToken) =>
        await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number, cancellationToken) is { } epoch
            ? TypedResults.Ok(EpochResponse.From(epoch))
            : NotFound(new EpochNotFoundError(number));

    public static async Task<Results<Ok<ContributorLineResponse[]>, ProblemHttpResult>> ContributorsAsync(
        long number, GuildDbContext db, CancellationToken cancellationToken, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > 1000)
        {
            return TypedResults.Problem(Problem(400, "Invalid paging", "skip must be ≥ 0 and take between 1 and 1000."));
        }
        if (!await db.Epochs.AnyAsync(e => e.Number == number, cancellationToken))
        {
            return NotFound(new EpochNotFoundError(number));
        }
        var lines = await EpochLines.PageAsync(db, number, skip, take, cancellationToken); // paged in the database
        var labels = await PersonLabels.ForAsync(db, lines.Select(l => l.Contributor), cancellationToken);
        return TypedResults.Ok(lines
            .Select(l => new ContributorLineResponse(l.Contributor, labels.Of(l.Contributor), l.Wallet, l.Exclusion, l.ScoreShare, Wei(l.EpochWei), l.Capped, Wei(l.PaidWei), Wei(l.CarriedWei)))
            .ToArray());
    }

    public static async Task<Results<Ok<ExplanationResponse>, ProblemHttpResult>> ExplainAsync(
        long number, string contributor, GuildDbContext db, CancellationToken cancellationToken, int top = StoredExplanation.Top)
    {
        var epoch = await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return NotFound(new EpochNotFoundError(number));
        }
        if (epoch.Status == EpochStatus.Draft)
        {
            return TypedResults.Problem(Problem(409, "Not computed", $"Epoch {number} has not been computed yet."));
        }
        // Stored when the epoch was computed: a row read, never a recomputation, whoever asks.
        var line = await db.EpochContributors.AsNoTracking().SingleOrDefaultAsync(c => c.Epoch == number && c.Contributor == contributor, cancellationToken);
        if (line?.Explanation is not { } stored)
        {
            return TypedResults.Problem(Problem(404, "Unknown contributor", $"'{contributor}' is not a scored contributor of epoch {number}."));
        }
        var explanation = StoredExplanation.Read(stored).For(epoch, line, Math.Clamp(top, 1, StoredExplanation.Top));
        return TypedResults.Ok(new ExplanationResponse(explanation.Contributor, explanation.Epoch, explanation.WeightsVersion, explanation.WeightsHash,
            explanation.ScoreShare, Wei(explanation.EpochWei),
            explanation.ByType.Select(t => new TypeShareResponse(t.Type.Name(), t.Share, t.Contributions)).ToList(),
            explanation.TopContributions.Select(c => new ContributionShareResponse(c.Contribution, c.Type.Name(), c.Repository, c.Title,
                c.Via.Select(v => v.Name()).ToList(), c.Share)).ToList()));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(
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
            return TypedResults.Problem(Problem(404, "Unknown file", $"There is no file '{kind}': the files are snapshot.json, report.json, report.csv and tree.json."));
        }
        var artifact = await db.EpochArtifacts.AsNoTracking().SingleOrDefaultAsync(a => a.Epoch == number && a.Kind == file.Value.Kind, cancellationToken);
        if (artifact is null)
        {
            return TypedResults.Problem(Problem(404, "Not computed", $"Epoch {number} has no {kind} (not computed yet?)."));
        }
        context.Response.Headers["X-Content-SHA256"] = artifact.Sha256;
        return TypedResults.File(artifact.Content, file.Value.ContentType, $"epoch-{number}-{kind}");
    }

    public static async Task<IResult> CreateAsync(EpochRequest request, CreateEpochCommand create, GuildDbContext db, RewardsPublisher rewards, CancellationToken cancellationToken)
    {
        // The genesis pool vests on-chain from the vesting wallet's start: that is the genesis epoch's, not a typed value.
        var vestingStart = request.Genesis ? await rewards.PoolVestingStartAsync(cancellationToken) : (DateTimeOffset?)null;
        var outcome = await create.ExecuteAsync(new EpochInput(request.AsOf, request.BudgetWei, request.CapPpm, request.MinimumPayoutWei, request.Genesis, vestingStart), cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The epoch was not created")
            : TypedResults.Created($"/api/epochs/{outcome.Value!.Number}", EpochResponse.From(outcome.Value));
    }

    public static async Task<IResult> UpdateAsync(long number, EpochRequest request, ChangeEpochCommand change, CancellationToken cancellationToken)
    {
        var outcome = await change.UpdateAsync(number, new EpochInput(request.AsOf, request.BudgetWei, request.CapPpm, request.MinimumPayoutWei, request.Genesis, null), cancellationToken);
        return outcome.Error is { } error ? DomainProblems.ToResult(error, "The epoch was not changed") : TypedResults.Ok(EpochResponse.From(outcome.Value!));
    }

    public static async Task<IResult> DeleteAsync(long number, ChangeEpochCommand change, CancellationToken cancellationToken)
    {
        var outcome = await change.DeleteAsync(number, cancellationToken);
        return outcome.Error is { } error ? DomainProblems.ToResult(error, "The epoch was not deleted") : TypedResults.NoContent();
    }

    public static async Task<IResult> ComputeAsync(long number, EpochJobs jobs, CancellationToken cancellationToken)
    {
        var outcome = await jobs.ComputeAsync(number, cancellationToken);
        return outcome.Error is { } error ? DomainProblems.ToResult(error, "Cannot compute the epoch") : TypedResults.Accepted($"/api/epochs/{number}", new JobResponse(outcome.Value!));
    }

    public static async Task<IResult> PublishAsync(long number, EpochJobs jobs, CancellationToken cancellationToken)
    {
        var outcome = await jobs.PublishAsync(number, cancellationToken);
        return outcome.Error is { } error ? DomainProblems.ToResult(error, "Cannot publish the epoch") : TypedResults.Accepted($"/api/epochs/{number}", new JobResponse(outcome.Value!));
    }

    private static ProblemHttpResult NotFound(DomainError error) => TypedResults.Problem(Problem(404, "Not found", error.Message));

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static string Wei(BigInteger value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Wei(BigInteger? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
