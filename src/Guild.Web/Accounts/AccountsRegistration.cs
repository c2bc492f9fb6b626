using System.Security.Claims;
using Guild.Core.Accounts;
using Guild.Core.Configuration;
using Guild.Core.Data;
using Guild.Web.Components.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Accounts;

public static class AccountsRegistration
{
    /// <summary>
    /// ASP.NET Core Identity on <see cref="GuildDbContext"/> with cookie sign-in, confirmed accounts, authenticator apps,
    /// roles and the steward policy (the role in the database, and two-factor authentication unless switched off).
    /// </summary>
    public static IHostApplicationBuilder AddGuildAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        builder.AddGitHubSignIn(authentication);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // API callers get status codes, not redirects to a login page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(GuildPolicies.Steward, p => p.RequireAuthenticatedUser().RequireRole(GuildRoles.Steward).AddRequirements(new StewardRequirement()))
            .AddPolicy(GuildPolicies.Company, p => p.RequireAuthenticatedUser().RequireRole(GuildRoles.Company));
        services.AddSingleton<IAuthorizationHandler, StewardRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StewardTwoFactorResultHandler>();
        // A changed password, a revoked role or a deleted account ends other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<GuildUser>(o =>
            {
                // Registration mails a confirmation link; an unconfirmed account cannot log in.
                o.SignIn.RequireConfirmedAccount = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GuildDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        builder.AddGuildAccountActions();
        services.AddSingleton<AccountLinks>();
        services.AddScoped<UserDirectory>();
        builder.AddValidatedOptions<DemoOptions>(DemoOptions.Section);
        services.AddHostedService<DemoAccountsSeeder>();
        return builder;
    }

    /// <summary>Endpoints the static account pages post to.</summary>
    public static IEndpointRouteBuilder MapGuildAccounts(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account").ExcludeFromDescription();
        account.MapPost("/Logout", async (ClaimsPrincipal user, SignInManager<GuildUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(LocalOrRoot(returnUrl));
        }).AllowAnonymous();
        endpoints.MapGitHubSignIn();
        endpoints.MapPersonalDataDownload();
        return endpoints;
    }

    private static string LocalOrRoot(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || !Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) || returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? "~/"
            : "~/" + returnUrl.TrimStart('/');

    private static Task RedirectOrStatus(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            // A bare status for API callers: the portal's status-code pages would re-execute into an HTML page.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }
}
