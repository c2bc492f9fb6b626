using Guild.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Guild.Web.Hosting;

/// <summary>
/// Headers every response carries, pages, API and the jobs dashboard alike: a content security policy (own scripts
/// only; MudBlazor needs inline styles; the Hangfire dashboard inline scripts), no framing, no MIME sniffing, and a
/// referrer that never leaves the origin with a path.
/// </summary>
public static class SecurityHeaders
{
    // form-action covers where a form's redirects go: linking GitHub posts here and is redirected to the OAuth host.
    private static string Policy(string gitHub) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        $"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' {gitHub}; object-src 'none'";

    // The Hangfire dashboard renders inline scripts of its own.
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static WebApplication UseGuildSecurityHeaders(this WebApplication app)
    {
        var gitHub = new Uri(app.Services.GetRequiredService<IOptions<GitHubSignInOptions>>().Value.Host).GetLeftPart(UriPartial.Authority);
        var policy = Policy(gitHub);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(JobsDashboard.Path) ? DashboardPolicy : policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
