using Guild.Core.Organisations;
using Guild.Web.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Apis;

/// <summary>
/// Organisations for company accounts: create one, list yours and its members, invite a colleague by email (a one-time
/// link, valid for <c>Accounts:InvitationLifetimeHours</c>). Only members act for an organisation; to anyone else it does not exist.
/// </summary>
public static class OrganisationsApi
{
    public sealed record OrganisationRequest(string? Name);

    public sealed record InvitationRequest(string? Email);

    public sealed record OrganisationResponse(long Id, string Name, DateTimeOffset CreatedAt);

    public sealed record MemberResponse(string Email, DateTimeOffset JoinedAt);

    public sealed record InvitationResponse(long Id, string Email, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder app)
    {
        var organisations = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        organisations.MapGet("/", MineAsync).WithName("GetMyOrganisations").WithSummary("The organisations the signed-in account acts for");
        organisations.MapPost("/", CreateAsync).RequireAuthorization(GuildPolicies.Company).WithName("CreateOrganisation").WithSummary("A company account creates an organisation and becomes its first member");
        organisations.MapGet("/{id:long}/members", MembersAsync).WithName("GetOrganisationMembers").WithSummary("The members of an organisation (members only)");
        organisations.MapPost("/{id:long}/invitations", InviteAsync).WithName("InviteColleague")
            .WithSummary("Mail a colleague a one-time link to join (members only); accepting grants the Company role");
        return app;
    }

    public static async Task<IResult> MineAsync(HttpContext context, UserManager<Core.Accounts.GuildUser> users, OrganisationAccess access, CancellationToken cancellationToken) =>
        TypedResults.Ok((await access.OfUserAsync(users.GetUserId(context.User)!, cancellationToken)).Select(o => new OrganisationResponse(o.Id, o.Name, o.CreatedAt)));

    public static async Task<IResult> CreateAsync(OrganisationRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        CreateOrganisationCommand create, CancellationToken cancellationToken)
    {
        var outcome = await create.ExecuteAsync(users.GetUserId(context.User)!, request.Name, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The organisation was not created")
            : TypedResults.Created($"/api/organisations/{outcome.Value!.Id}", new OrganisationResponse(outcome.Value.Id, outcome.Value.Name, outcome.Value.CreatedAt));
    }

    public static async Task<IResult> MembersAsync(long id, HttpContext context, UserManager<Core.Accounts.GuildUser> users, OrganisationAccess access,
        CancellationToken cancellationToken)
    {
        var outcome = await access.MembersAsync(id, users.GetUserId(context.User)!, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "No such organisation")
            : TypedResults.Ok(outcome.Value!.Select(m => new MemberResponse(m.Email, m.JoinedAt)));
    }

    public static async Task<IResult> InviteAsync(long id, InvitationRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        ColleagueInvitations invitations, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var outcome = await invitations.InviteAsync(id, user!, request.Email, cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "No invitation was sent");
        }
        var issued = outcome.Value!;
        return TypedResults.Created($"/api/organisations/{id}/invitations/{issued.Invitation.Id}",
            new InvitationResponse(issued.Invitation.Id, issued.Invitation.Email, issued.Invitation.ExpiresAt));
    }
}
