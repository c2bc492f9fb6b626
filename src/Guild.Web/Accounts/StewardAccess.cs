using Guild.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Guild.Web.Accounts;

/// <summary>
/// Part of the steward policy: the account is a steward in the database now (a revoked role ends access at once, whatever
/// the cookie says) and, with <c>Accounts:StewardsRequireTwoFactor</c>, has an authenticator app enrolled: stewards
/// publish on-chain.
/// </summary>
public sealed class StewardRequirement : IAuthorizationRequirement
{
    public const string TwoFactorRequired =
        "Stewards need two-factor authentication (they publish on-chain): set up an authenticator app to use the steward pages.";
}

internal sealed class StewardRequirementHandler(IServiceScopeFactory scopes, IOptions<AccountsOptions> options) : AuthorizationHandler<StewardRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, StewardRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        // A scope of its own: interactive components evaluate policies concurrently within one circuit.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = await users.GetUserAsync(context.User);
        if (user is null || !await users.IsInRoleAsync(user, GuildRoles.Steward))
        {
            context.Fail(new AuthorizationFailureReason(this, "Not a steward."));
            return;
        }
        if (options.Value.StewardsRequireTwoFactor && !await users.GetTwoFactorEnabledAsync(user))
        {
            context.Fail(new AuthorizationFailureReason(this, StewardRequirement.TwoFactorRequired));
            return;
        }
        context.Succeed(requirement);
    }
}

/// <summary>
/// A steward refused only for want of two-factor authentication is told so: pages redirect to the authenticator set-up,
/// the API answers 403 with the reason. Every other outcome goes the default way.
/// </summary>
internal sealed class StewardTwoFactorResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string SetUpPath = "/Account/Manage/EnableAuthenticator";

    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Message == StewardRequirement.TwoFactorRequired) == true)
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Two-factor authentication required", Detail = StewardRequirement.TwoFactorRequired },
                });
                return;
            }
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{SetUpPath}?required=steward&returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }
        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
