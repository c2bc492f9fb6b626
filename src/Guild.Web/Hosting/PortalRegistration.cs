using Guild.Web.Components;
using Guild.Web.Epochs;
using MudBlazor.Services;

namespace Guild.Web.Hosting;

public static class PortalRegistration
{
    public static IHostApplicationBuilder AddGuildPortal(this IHostApplicationBuilder builder)
    {
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
