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
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<EpochReadModels>();
        builder.Services.AddScoped<ClaimLookup>();
        return builder;
    }

    public static WebApplication MapGuildPortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
