using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Guild.Testing.GitHub;

/// <summary>A GitHub account as the OAuth app sees it: <c>/user</c> and <c>/user/emails</c>.</summary>
public sealed record GitHubAccount(long Id, string Login, IReadOnlyList<(string Email, bool Verified)> Emails);

/// <summary>
/// GitHub's OAuth web flow, as an OAuth app meets it: <c>/login/oauth/authorize</c> (the person approves at once, as
/// someone already signed in to GitHub who approved the app before), <c>/login/oauth/access_token</c> (one use per
/// code, client secret checked), and the <c>/user</c> and <c>/user/emails</c> endpoints for the token it issued.
/// </summary>
public sealed partial class LoopbackGitHub
{
    private readonly ConcurrentDictionary<string, (GitHubAccount Account, string RedirectUri)> oauthCodes = new();
    private readonly ConcurrentDictionary<string, GitHubAccount> oauthTokens = new();

    public string OAuthClientId { get; set; } = "guild-test-app";

    public string OAuthClientSecret { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Who is signed in to this GitHub when the authorize page opens; null: the person denies the app.</summary>
    public GitHubAccount? SignedIn { get; set; }

    private async Task<bool> TryHandleOAuthAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        switch (request.Path.Value)
        {
            case "/login/oauth/authorize" when request.Method == "GET":
                {
                    var redirect = request.Query["redirect_uri"].ToString();
                    var state = Uri.EscapeDataString(request.Query["state"].ToString());
                    if (request.Query["client_id"] != OAuthClientId || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
                    {
                        await WriteJsonAsync(response, 404, new { message = "Not Found" });
                        return true;
                    }
                    var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                    if (SignedIn is not { } account)
                    {
                        response.Redirect($"{redirect}{separator}error=access_denied&error_description=The+user+has+denied+your+application+access.&state={state}");
                        return true;
                    }
                    var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
                    oauthCodes[code] = (account, redirect);
                    response.Redirect($"{redirect}{separator}code={code}&state={state}");
                    return true;
                }
            case "/login/oauth/access_token" when request.Method == "POST":
                {
                    var form = await request.ReadFormAsync();
                    if (form["client_id"] != OAuthClientId || form["client_secret"] != OAuthClientSecret)
                    {
                        await WriteJsonAsync(response, 200, new { error = "incorrect_client_credentials", error_description = "The client_id and/or client_secret passed are incorrect." });
                        return true;
                    }
                    if (!oauthCodes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"])
                    {
                        await WriteJsonAsync(response, 200, new { error = "bad_verification_code", error_description = "The code passed is incorrect or expired." });
                        return true;
                    }
                    var token = "gho_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
                    oauthTokens[token] = issued.Account;
                    await WriteJsonAsync(response, 200, new { access_token = token, token_type = "bearer", scope = "user:email" });
                    return true;
                }
            case "/api/v3/user" or "/api/v3/user/emails" when request.Method == "GET":
                {
                    var header = request.Headers.Authorization.ToString().Split(' ');
                    if (header.Length != 2 || !oauthTokens.TryGetValue(header[1], out var account))
                    {
                        await WriteJsonAsync(response, 401, new { message = "Requires authentication" });
                        return true;
                    }
                    object body = request.Path.Value.EndsWith("/emails", StringComparison.Ordinal)
                        ? account.Emails.Select((e, i) => new { email = e.Email, verified = e.Verified, primary = i == 0, visibility = i == 0 ? "private" : null }).ToArray()
                        : new { login = account.Login, id = account.Id, type = "User", name = account.Login };
                    await WriteJsonAsync(response, 200, body);
                    return true;
                }
            default:
                return false;
        }
    }
}
