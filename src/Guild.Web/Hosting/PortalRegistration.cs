using Guild.Core.Configuration;
using Guild.Web.Components;
using Guild.Web.Epochs;
using MudBlazor.Services;

namespace Guild.Web.Hosting;

public static class PortalRegistration
{
    public static IHostApplicationBuilder AddGuildPortal(this IHostApplicationBuilder builder)
    {
        var portal = builder.AddValidatedOptions<PortalOptions>(PortalOptions.Section);
        if (portal.Origin is null && !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            throw new GuildConfigurationException([
                $"Portal:PublicOrigin: is required in {builder.Environment.EnvironmentName}: the origin people reach the portal at, e.g. https://guild.example.org (wallet sign-in messages name it)",
            ]);
        }
        builder.Services.AddSingleton<PortalOrigin>();
        if (portal.Origin is { } origin)
        {
            // Behind its public name the portal answers only to that name (and to loopback, for the host's own health
            // checks); over https its cookies are never sent in clear.
            if (builder.Configuration["AllowedHosts"] is null or "*")
            {
                builder.Configuration["AllowedHosts"] = string.Join(';', origin.Host, "localhost", "127.0.0.1");
            }
            if (origin.Scheme == Uri.UriSchemeHttps)
            {
                builder.Services.PostConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
                builder.Services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            }
        }
        // No form or JSON body the portal accepts comes near a megabyte; the papers import raises its own limit.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = portal.MaxRequestBodyBytes);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<EpochReadModels>();
        builder.Services.AddSingleton<CandidatePreviews>();
        builder.Services.AddScoped<ClaimLookup>();
        builder.Services.AddScoped<Accounts.MyWallet>();
        builder.Services.AddScoped<Accounts.ColleagueInvitations>();
        builder.Services.AddScoped<Members.MemberWallets>();
        builder.Services.AddScoped<Members.RoadmapResults>();
        builder.Services.AddScoped<Members.MemberDirectory>();
        builder.Services.AddScoped<Members.DelegationRelay>();
        builder.Services.AddScoped<Members.BindingParameters>();
        builder.Services.AddScoped<Members.GovernorProposals>();
        // After the demo accounts (which write the logins file first): demo members, a roadmap vote, an executed proposal.
        builder.Services.AddHostedService<Members.DemoMembersSeeder>();
        return builder;
    }

    public static WebApplication MapGuildPortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // The theme switch: remembered for a year, then back to the page it was pressed on.
        app.MapPost("/theme", ([Microsoft.AspNetCore.Mvc.FromForm] string? theme, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, HttpContext context) =>
        {
            context.Response.Cookies.Append(Components.Layout.GuildTheme.Cookie, theme == "dark" ? "dark" : "light", new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
                IsEssential = true,
                Secure = context.Request.IsHttps,
            });
            return TypedResults.LocalRedirect(Components.Account.IdentityRedirectManager.IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
