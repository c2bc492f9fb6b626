using System.Security.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

/// <summary>
/// People behind the identities, for stewards: who a person is (their identities, emails included, their wallet and
/// the merges that formed them), and merging two people into one with a recorded reason.
/// </summary>
public static class PeopleApi
{
    public sealed record PersonIdentityResponse(long Id, string Kind, string Value, long? GitHubId, string? Login, string LoginSource);

    public sealed record PersonMergeResponse(string From, string Into, string Reason, string By, DateTimeOffset At, string? Note);

    public sealed record PersonResponse(string Key, string Label, string? MergedInto, string? Wallet, PersonIdentityResponse[] Identities, PersonMergeResponse[] Merges);

    public sealed record MergeRequest(string? From, string? Into, string? Reason);

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(GuildPolicies.Steward);
        people.MapGet("/{key}", GetAsync).WithName("GetPerson").WithSummary("A person's identities, wallet and merges (stewards: emails included)");
        people.MapPost("/merges", MergeAsync).WithName("MergePeople")
            .WithSummary("Merge one person into another (balances, entitlements and the wallet follow at the next epoch); the reason is recorded");
        return app;
    }

    public static async Task<IResult> GetAsync(string key, GuildDbContext db, CancellationToken cancellationToken)
    {
        var id = Person.IdOf(key);
        var person = id is null ? null : await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return DomainProblems.ToResult(new PersonNotFoundError(key), "No such person");
        }
        var identities = await db.ContributorIdentities.AsNoTracking().Where(i => i.PersonId == person.Id).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var wallet = await db.ContributorWallets.AsNoTracking().Where(w => w.PersonId == person.Id).Select(w => w.Address).FirstOrDefaultAsync(cancellationToken);
        var merges = await db.PersonMerges.AsNoTracking().Where(m => m.IntoPersonId == person.Id || m.FromPersonId == person.Id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var labels = await PersonLabels.ForAsync(db, [person.Key], cancellationToken);
        return TypedResults.Ok(new PersonResponse(person.Key, labels.Of(person.Key), person.MergedIntoId is { } into ? Person.KeyOf(into) : null, wallet,
            identities.Select(i => new PersonIdentityResponse(i.Id, i.Kind.ToString(), i.Value, i.GitHubId, i.Login, i.LoginSource.ToString())).ToArray(),
            merges.Select(m => new PersonMergeResponse(Person.KeyOf(m.FromPersonId), Person.KeyOf(m.IntoPersonId), m.Reason, m.By, m.At, m.Note)).ToArray()));
    }

    public static async Task<IResult> MergeAsync(MergeRequest request, ClaimsPrincipal user, MergePeopleCommand merge, CancellationToken cancellationToken)
    {
        var outcome = await merge.ExecuteAsync(request.From, request.Into, request.Reason, user.Identity?.Name ?? "steward", cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The people were not merged")
            : TypedResults.Ok(new { person = outcome.Value!.Key });
    }
}
