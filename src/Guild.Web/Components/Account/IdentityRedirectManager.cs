using Microsoft.AspNetCore.Components;

namespace Guild.Web.Components.Account;

/// <summary>Redirects from static account pages, refusing open redirects, and carries a one-shot status message in a cookie.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Navigates to <paramref name="uri"/> when it stays on this site; anything else (another host, <c>//host</c>, <c>/\host</c>) goes home.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(IsLocal(uri) ? uri! : "/");

    public static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri)
        && Uri.IsWellFormedUriString(uri, UriKind.Relative)
        && !uri.StartsWith("//", StringComparison.Ordinal)
        && !uri.StartsWith("/\\", StringComparison.Ordinal)
        && !uri.Contains('\\', StringComparison.Ordinal);

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }
}
