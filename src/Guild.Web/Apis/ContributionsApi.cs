using System.Security.Claims;
using Guild.Core;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion;
using Guild.Jobs.Ingestion.Papers;
using Guild.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

/// <summary>
/// Stewards' API for ingestion: tracked repositories, job progress, identity mappings, the papers import, and the
/// review queue of flagged contributions.
/// </summary>
public static class ContributionsApi
{
    public sealed record TrackedRepositoryResponse(
        long Id, string Host, string Owner, string Name, string LicenseName, DateOnly? LicenseChangeDate, string? LicenseChangeTo,
        string SyncCron, string? GitUrl, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static TrackedRepositoryResponse From(TrackedRepository r) =>
            new(r.Id, r.Host, r.Owner, r.Name, r.LicenseName, r.LicenseChangeDate, r.LicenseChangeTo, r.SyncCron, r.GitUrl, r.Active, r.CreatedAt, r.UpdatedAt);
    }

    public sealed record ProgressResponse(string Key, string Job, long? TrackedRepositoryId, string Status, long Done, long? Total, string? Detail,
        DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ResumeAt);

    public sealed record IdentityMappingRequest(IdentityKind Kind, string? Value, string? Login);

    /// <param name="Person">The person the identity now belongs to (<c>person:{id}</c>).</param>
    public sealed record IdentityResponse(long Id, string Kind, string Value, string? Login, string LoginSource, DateTimeOffset? ConfirmedAt, string Person);

    public sealed record JobResponse(string JobId);

    /// <param name="Flagged">True leaves the contribution out of the next computation; false counts it despite a rule's flag.</param>
    /// <param name="Note">Why: required, and it travels into the next epoch's snapshot and report.</param>
    public sealed record FlagRequest(bool Flagged, string? Note);

    /// <param name="RuleReason">Why the rules flagged it (null: no rule did).</param>
    /// <param name="Flagged">Whether the next computation leaves it out.</param>
    /// <param name="Note">The latest steward note, or the rules' reason.</param>
    public sealed record FlaggedContributionResponse(
        long Id, string Kind, string Repository, string ExternalId, string? Title, string? Url, string? Author, DateTimeOffset CreatedAt,
        string? RuleReason, bool Flagged, string? Note, string? DecidedBy, DateTimeOffset? DecidedAt)
    {
        public static FlaggedContributionResponse From(FlaggedContribution f) => new(
            f.Id, f.Kind.ToString(), f.Repository, f.ExternalId, f.Title, f.Url, f.Author, f.CreatedAt, f.RuleReason, f.Flagged, f.Note, f.DecidedBy, f.DecidedAt);
    }

    public sealed record FlagDecisionResponse(long Contribution, bool Flagged, string Note, string DecidedBy, DateTimeOffset DecidedAt);

    public static IEndpointRouteBuilder MapContributionsApi(this IEndpointRouteBuilder app)
    {
        var repositories = app.MapGroup("/api/tracked-repositories").WithTags("Ingestion").RequireAuthorization(GuildPolicies.Steward);
        repositories.MapGet("/", ListAsync).WithName("ListTrackedRepositories").WithSummary("Every tracked repository");
        repositories.MapGet("/{id:long}", GetAsync).WithName("GetTrackedRepository").WithSummary("One tracked repository");
        repositories.MapPost("/", AddAsync).WithName("AddTrackedRepository").WithSummary("Track a repository and schedule its sync");
        repositories.MapPut("/{id:long}", UpdateAsync).WithName("UpdateTrackedRepository").WithSummary("Change a repository's licence, schedule or git source");
        repositories.MapPost("/{id:long}/deactivate", (long id, [AsParameters] ContributionsServices s, CancellationToken ct) => SetActiveAsync(id, false, s, ct))
            .WithName("DeactivateTrackedRepository").WithSummary("Stop syncing a repository (its contributions stay)");
        repositories.MapPost("/{id:long}/activate", (long id, [AsParameters] ContributionsServices s, CancellationToken ct) => SetActiveAsync(id, true, s, ct))
            .WithName("ActivateTrackedRepository").WithSummary("Resume syncing a repository");
        repositories.MapPost("/{id:long}/sync", SyncNowAsync).WithName("SyncTrackedRepository").WithSummary("Run the GitHub sync (and git import, if configured) now");

        var flags = app.MapGroup("/api/contributions").WithTags("Review queue").RequireAuthorization(GuildPolicies.Steward);
        flags.MapGet("/flags", FlagQueueAsync).WithName("ListFlaggedContributions")
            .WithSummary("The review queue: contributions a rule flagged (bot author, only generated/vendored/lock files) or a steward decided on, with the reason (skip/take)");
        flags.MapPost("/{id:long}/flag", FlagAsync).WithName("FlagContribution")
            .WithSummary("Flag (leave out) or unflag (count) a contribution, with a note that goes into the next epoch's report");

        var ingestion = app.MapGroup("/api/ingestion").WithTags("Ingestion").RequireAuthorization(GuildPolicies.Steward);
        ingestion.MapGet("/progress", ProgressAsync).WithName("GetIngestionProgress").WithSummary("The latest run of every ingestion job: done / total, status");
        ingestion.MapPost("/identity-mappings", ConfirmMappingAsync).WithName("ConfirmIdentityMapping")
            .WithSummary("Confirm that a git email or an ORCID belongs to a GitHub login");
        // Content type checked in the handler (415 with the reason) rather than by routing, which would answer 404.
        ingestion.MapPost("/papers", ImportPapersAsync).WithName("ImportPapers")
            // Kestrel refuses a larger body before it is read, so nothing past the limit is buffered.
            .WithMetadata(new RequestSizeLimitAttribute(PapersLimitBytes))
            .WithSummary("Import papers (text/csv, at most 10 MB: doi,title,authors,citations[,published]); one bad row refuses the file");
        return app;
    }

    public static async Task<Results<Ok<FlaggedContributionResponse[]>, ProblemHttpResult>> FlagQueueAsync(
        ContributionFlagQueue queue, CancellationToken cancellationToken, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > 500)
        {
            return TypedResults.Problem(new ProblemDetails { Status = 400, Title = "Invalid paging", Detail = "skip must be ≥ 0 and take between 1 and 500." });
        }
        return TypedResults.Ok((await queue.ListAsync(skip, take, cancellationToken)).Select(FlaggedContributionResponse.From).ToArray());
    }

    public static async Task<IResult> FlagAsync(long id, FlagRequest request, ReviewContributionFlagCommand review, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await review.ExecuteAsync(id, request.Flagged, request.Note, user.Identity?.Name ?? "steward", cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The decision was not recorded")
            : TypedResults.Ok(new FlagDecisionResponse(id, outcome.Value!.Flagged, outcome.Value.Note, outcome.Value.DecidedBy, outcome.Value.DecidedAt));
    }

    /// <summary>What the handlers share.</summary>
    public sealed record ContributionsServices(GuildDbContext Db, IngestionSchedules Schedules, IServiceProvider Services);

    public static async Task<Ok<TrackedRepositoryResponse[]>> ListAsync(GuildDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.TrackedRepositories.AsNoTracking().OrderBy(r => r.Slug).ToListAsync(cancellationToken)).Select(TrackedRepositoryResponse.From).ToArray());

    public static async Task<Results<Ok<TrackedRepositoryResponse>, ProblemHttpResult>> GetAsync(long id, GuildDbContext db, CancellationToken cancellationToken) =>
        await db.TrackedRepositories.FindAsync([id], cancellationToken) is { } r
            ? TypedResults.Ok(TrackedRepositoryResponse.From(r))
            : TypedResults.Problem(Problem(new TrackedRepositoryNotFoundError(id), StatusCodes.Status404NotFound));

    public static async Task<Results<Created<TrackedRepositoryResponse>, ValidationProblem, ProblemHttpResult>> AddAsync(
        TrackedRepositoryInput input, [AsParameters] ContributionsServices s, CancellationToken cancellationToken)
    {
        var outcome = await s.Services.GetRequiredService<AddTrackedRepositoryCommand>().ExecuteAsync(input, cancellationToken);
        switch (outcome.Error)
        {
            case InvalidInputError invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The repository cannot be tracked");
            case { } error:
                return TypedResults.Problem(Problem(error, StatusCodes.Status409Conflict));
        }
        s.Schedules.Apply(outcome.Value!);
        return TypedResults.Created($"/api/tracked-repositories/{outcome.Value!.Id}", TrackedRepositoryResponse.From(outcome.Value));
    }

    public static async Task<Results<Ok<TrackedRepositoryResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, TrackedRepositoryChanges input, [AsParameters] ContributionsServices s, CancellationToken cancellationToken)
    {
        var outcome = await s.Services.GetRequiredService<UpdateTrackedRepositoryCommand>().ExecuteAsync(id, input, cancellationToken);
        switch (outcome.Error)
        {
            case InvalidInputError invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The repository cannot be changed");
            case { } error:
                return TypedResults.Problem(Problem(error, StatusCodes.Status404NotFound));
        }
        s.Schedules.Apply(outcome.Value!);
        return TypedResults.Ok(TrackedRepositoryResponse.From(outcome.Value!));
    }

    public static async Task<Results<Ok<TrackedRepositoryResponse>, ProblemHttpResult>> SetActiveAsync(
        long id, bool active, ContributionsServices s, CancellationToken cancellationToken)
    {
        var outcome = await s.Services.GetRequiredService<SetTrackedRepositoryActiveCommand>().ExecuteAsync(id, active, cancellationToken);
        if (outcome.Error is { } error)
        {
            return TypedResults.Problem(Problem(error, StatusCodes.Status404NotFound));
        }
        s.Schedules.Apply(outcome.Value!);
        return TypedResults.Ok(TrackedRepositoryResponse.From(outcome.Value!));
    }

    public static async Task<IResult> SyncNowAsync(long id, [AsParameters] ContributionsServices s, CancellationToken cancellationToken)
    {
        var outcome = await s.Schedules.SyncNowAsync(s.Db, id, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "Nothing was queued")
            : TypedResults.Accepted("/api/ingestion/progress", outcome.Value!.Select(job => new JobResponse(job)).ToArray());
    }

    public static async Task<Ok<ProgressResponse[]>> ProgressAsync(GuildDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.IngestionProgress.AsNoTracking().OrderBy(p => p.Key)
            .Select(p => new ProgressResponse(p.Key, p.Job, p.TrackedRepositoryId, p.Status.ToString(), p.Done, p.Total, p.Detail, p.StartedAt, p.UpdatedAt, p.FinishedAt, p.ResumeAt))
            .ToArrayAsync(cancellationToken));

    public static async Task<IResult> ConfirmMappingAsync(
        IdentityMappingRequest request, ClaimsPrincipal user, ConfirmIdentityMappingCommand confirm, CancellationToken cancellationToken)
    {
        var outcome = await confirm.ExecuteAsync(request.Kind, request.Value, request.Login, user.Identity?.Name ?? "steward", cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "The mapping cannot be confirmed");
        }
        var i = outcome.Value!;
        return TypedResults.Ok(new IdentityResponse(i.Id, i.Kind.ToString(), i.Value, i.Login, i.LoginSource.ToString(), i.ConfirmedAt, Guild.Core.People.Person.KeyOf(i.PersonId)));
    }

    private const int PapersLimitBytes = 10 * 1024 * 1024;

    public static async Task<Results<Ok<PapersImported>, ValidationProblem, ProblemHttpResult>> ImportPapersAsync(
        HttpRequest request, ImportPapersCommand import, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send the papers as CSV with Content-Type: text/csv.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }
        if (request.ContentLength > PapersLimitBytes)
        {
            return TypedResults.Problem($"The file is larger than {PapersLimitBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }
        // The CSV parser reads synchronously: buffer the upload, which Kestrel has already bounded, first.
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem($"The file is larger than {PapersLimitBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        var outcome = await import.ExecuteAsync(reader, cancellationToken);
        return outcome.Error is InvalidInputError invalid
            ? TypedResults.ValidationProblem(invalid.Errors, title: "The papers file was refused; nothing was imported")
            : TypedResults.Ok(outcome.Value!);
    }

    private static ProblemDetails Problem(DomainError error, int status) => new()
    {
        Title = error switch
        {
            TrackedRepositoryExistsError => "Already tracked",
            TrackedRepositoryNotFoundError => "No such repository",
            _ => "Refused",
        },
        Detail = error.Message,
        Status = status,
    };
}
