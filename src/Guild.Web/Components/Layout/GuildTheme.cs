using MudBlazor;

namespace Guild.Web.Components.Layout;

internal static class GuildTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5d50",
            Secondary = "#b5833a",
            AppbarBackground = "#1f3d35",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"] },
        },
    };
}
