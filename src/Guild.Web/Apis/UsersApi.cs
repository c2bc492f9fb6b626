using Guild.Core.Accounts;
using Guild.Web.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Apis;

/// <summary>Stewards manage accounts' roles: search the accounts, grant and revoke a role (recorded), read the audit trail.</summary>
public static class UsersApi
{
    public sealed record RoleChangeResponse(bool Changed, string UserId, string Role, bool Granted);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(GuildPolicies.Steward);
        users.MapGet("/", SearchAsync).WithName("SearchUsers").WithSummary("Accounts with their roles, searched by email, sorted and paged (stewards)");
        users.MapGet("/role-changes", RoleChangesAsync).WithName("GetRoleChanges").WithSummary("The latest role grants and revocations, newest first (stewards)");
        users.MapPut("/{userId}/roles/{role}", (string userId, string role, HttpContext context, UserManager<GuildUser> accounts, ChangeRoleCommand change,
                CancellationToken cancellationToken) => ChangeAsync(userId, role, true, context, accounts, change, cancellationToken))
            .WithName("GrantRole").WithSummary("Grant a role (Member, Company, Steward); recorded in the audit trail");
        users.MapDelete("/{userId}/roles/{role}", (string userId, string role, HttpContext context, UserManager<GuildUser> accounts, ChangeRoleCommand change,
                CancellationToken cancellationToken) => ChangeAsync(userId, role, false, context, accounts, change, cancellationToken))
            .WithName("RevokeRole").WithSummary("Revoke a role; the last steward keeps theirs. Recorded in the audit trail");
        return app;
    }

    public static async Task<IResult> SearchAsync(UserDirectory directory, string? search, UserDirectory.SortBy? sort, bool? descending, int? page, int? pageSize,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.SearchAsync(search, sort ?? UserDirectory.SortBy.Email, descending ?? false, page ?? 0, pageSize ?? 25, cancellationToken));

    public static async Task<IResult> RoleChangesAsync(UserDirectory directory, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.RoleChangesAsync(take ?? 100, cancellationToken));

    private static async Task<IResult> ChangeAsync(string userId, string role, bool grant, HttpContext context, UserManager<GuildUser> accounts,
        ChangeRoleCommand change, CancellationToken cancellationToken)
    {
        var outcome = await change.ExecuteAsync(userId, role, grant, accounts.GetUserId(context.User) ?? "", "steward", cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, grant ? "The role was not granted" : "The role was not revoked")
            : TypedResults.Ok(new RoleChangeResponse(outcome.Value!.Changed, userId, role, grant));
    }
}
