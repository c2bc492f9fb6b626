using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Hosting;

/// <summary>
/// Refuses state-changing API requests another site makes with the user's cookies. Browsers say where a request comes
/// from (<c>Sec-Fetch-Site</c>, or <c>Origin</c> on cross-origin posts); a request that says it comes from another site
/// is refused with 403 before any handler runs. Requests that say nothing (scripts, server-to-server callers) carry no
/// ambient browser credentials to abuse, so they pass; <c>SameSite=Lax</c> cookies stay a second line.
/// </summary>
public static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteRequestCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && ForeignOrigin(request) is { } origin)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = $"This request came from {origin}; the portal's API changes nothing on behalf of another site.",
                },
            });
            return;
        }
        await next(context);
    });

    /// <summary>Where a request comes from when that is another site; null for the portal itself or an unknown origin.</summary>
    private static string? ForeignOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return request.Headers.Origin.ToString() is { Length: > 0 } o ? o : "another site";
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || site is "same-origin" or "none")
        {
            return null;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
               && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
               && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? null
            : origin;
    }
}
