using System.Text;
using Guild.Core.Accounts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Guild.Web.Accounts;

/// <summary>
/// Absolute links for mails: on <c>Accounts:PublicUrl</c> when set (set it in production, so a forged Host header cannot
/// send someone's reset link elsewhere), otherwise on the address the request came to. Identity's tokens travel
/// base64url-encoded.
/// </summary>
public sealed class AccountLinks(IOptions<AccountsOptions> options)
{
    public string To(HttpContext context, string pathAndQuery)
    {
        var root = options.Value.PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/') + "/"
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/";
        return new Uri(new Uri(root), pathAndQuery.TrimStart('/')).ToString();
    }

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
