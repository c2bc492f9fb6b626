using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Guild.Web.Accounts;

/// <summary>
/// Absolute links for mails, on the portal's public origin (<c>Portal:PublicOrigin</c>, or where it listens in
/// Development and tests): never the request's Host header, which a client chooses and could point someone's reset link
/// elsewhere. Identity's tokens travel base64url-encoded.
/// </summary>
public sealed class AccountLinks(Hosting.PortalOrigin origin)
{
    public string To(HttpContext context, string pathAndQuery) =>
        new Uri(new Uri(origin.Current.GetLeftPart(UriPartial.Authority) + context.Request.PathBase + "/"), pathAndQuery.TrimStart('/')).ToString();

    /// <summary>A link from an interactive page, which has no request: the portal is served at its origin's root.</summary>
    public string To(string pathAndQuery) => new Uri(new Uri(origin.Current.GetLeftPart(UriPartial.Authority) + "/"), pathAndQuery.TrimStart('/')).ToString();

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token in a link's <c>code</c>, or null when it is not one of ours.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A local return URL, or null: links and redirects never lead off the portal.</summary>
    public static string? Local(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : null;
}
