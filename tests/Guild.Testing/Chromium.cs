using Microsoft.Playwright;

namespace Guild.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright: never a downloaded browser. <c>/usr/bin/chromium</c> is a wrapper script;
/// the real binary is launched directly.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/lib/chromium/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (./test.sh does when run as root).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
