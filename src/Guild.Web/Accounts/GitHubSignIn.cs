using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Core.Configuration;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Accounts;

/// <summary>
/// Configuration section <c>GitHub:OAuth</c>: the OAuth app a contributor links their GitHub account through. Without a
/// client id the portal offers no GitHub link (the embedded demo links its demo contributor itself).
/// </summary>
public sealed class GitHubSignInOptions : IValidatableObject
{
    public const string Section = "GitHub:OAuth";

    public string? ClientId { get; set; }

    /// <summary>Environment or secret store only: start-up refuses it in a file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>https://github.com</c>, or a GitHub Enterprise Server's base URL.</summary>
    [Url]
    public string Host { get; set; } = "https://github.com";

    /// <summary>The REST API root; by default <c>https://api.github.com</c> for github.com and <c>{Host}/api/v3</c> otherwise.</summary>
    [Url]
    public string? ApiUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public string Api => (ApiUrl ?? (new Uri(Host).Host == "github.com" ? "https://api.github.com" : Host.TrimEnd('/') + "/api/v3")).TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult("is required with GitHub:OAuth:ClientId", [nameof(ClientSecret)]);
        }
    }
}

/// <summary>
/// Links a signed-in account to the GitHub account its owner proves over OAuth: the login their contributions are
/// recorded under, and the verified emails of that account, which become confirmed mappings of git commit emails to the
/// login. Linking is not signing in: the portal's own password stays the way in.
/// </summary>
public static class GitHubSignIn
{
    public const string Scheme = "GitHub";
    private const string VerifiedEmailClaim = "urn:github:verified-email";

    public static IHostApplicationBuilder AddGitHubSignIn(this IHostApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        builder.Configuration.RefuseSecretsInFiles("GitHub:OAuth:ClientSecret");
        var options = builder.AddValidatedOptions<GitHubSignInOptions>(GitHubSignInOptions.Section);
        if (!options.Enabled)
        {
            return builder;
        }
        var host = options.Host.TrimEnd('/');
        authentication.AddOAuth(Scheme, "GitHub", o =>
        {
            o.ClientId = options.ClientId!;
            o.ClientSecret = options.ClientSecret!;
            o.CallbackPath = "/signin-github";
            o.AuthorizationEndpoint = host + "/login/oauth/authorize";
            o.TokenEndpoint = host + "/login/oauth/access_token";
            o.UserInformationEndpoint = options.Api + "/user";
            o.Scope.Add("user:email");
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.SaveTokens = false; // the token is used once, here, and never stored
            o.UsePkce = true;
            // The callback is a top-level GET from GitHub: Lax is enough and works on plain-HTTP development hosts.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnCreatingTicket = ReadAccountAsync;
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/me?github=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapGitHubSignIn(this IEndpointRouteBuilder endpoints)
    {
        var github = endpoints.MapGroup("/Account/GitHub").ExcludeFromDescription().RequireAuthorization();
        github.MapPost("/Link", async (HttpContext context, IAuthenticationSchemeProvider schemes, SignInManager<GuildUser> signIn, UserManager<GuildUser> users) =>
        {
            if (await schemes.GetSchemeAsync(Scheme) is null)
            {
                return Results.Redirect("/me?github=unavailable");
            }
            // The user id rides in the OAuth state (XsrfKey): the callback links only the account that asked.
            var properties = signIn.ConfigureExternalAuthenticationProperties(Scheme, "/Account/GitHub/Linked", users.GetUserId(context.User));
            return Results.Challenge(properties, [Scheme]);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        github.MapGet("/Linked", async (HttpContext context, SignInManager<GuildUser> signIn, UserManager<GuildUser> users, GuildDbContext db,
            LinkGitHubAccountCommand link, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var user = await users.GetUserAsync(context.User);
            var info = user is null ? null : await signIn.GetExternalLoginInfoAsync(user.Id);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (user is null || info?.Principal.FindFirstValue(ClaimTypes.Name) is not { Length: > 0 } login)
            {
                return Results.Redirect("/me?github=failed");
            }
            // Rewards follow the person the GitHub account belongs to, so an account has one owner: refuse when another
            // portal account holds this GitHub account, or another one by the same name (a renamed account whose old
            // name someone registered since).
            var owner = await users.FindByLoginAsync(Scheme, info.ProviderKey);
            var lower = login.ToLowerInvariant();
            if ((owner is not null && owner.Id != user.Id)
                || await db.UserLogins.AnyAsync(l => l.LoginProvider == Scheme && l.UserId != user.Id && l.ProviderDisplayName!.ToLower() == lower, cancellationToken))
            {
                return Results.Redirect("/me?github=taken");
            }

            var logger = loggers.CreateLogger(typeof(GitHubSignIn));
            long? accountId = long.TryParse(info.ProviderKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
            int skipped;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The same GitHub account under its old name is replaced; another GitHub account is added to the same person.
                if ((await users.GetLoginsAsync(user)).SingleOrDefault(l => l.LoginProvider == Scheme && l.ProviderKey == info.ProviderKey) is { } previous)
                {
                    Check(await users.RemoveLoginAsync(user, previous.LoginProvider, previous.ProviderKey));
                }
                Check(await users.AddLoginAsync(user, new UserLoginInfo(Scheme, info.ProviderKey, login)));
                var linked = await link.ExecuteAsync(user.Id, $"github-link:{user.Id}", login, accountId,
                    info.Principal.FindAll(VerifiedEmailClaim).Select(c => c.Value).ToList(), cancellationToken);
                if (linked.Error is { } error)
                {
                    logger.LogWarning("GitHub login {Login} not linked to account {UserId}: {Reason}", login, user.Id, error.Message);
                    return Results.Redirect("/me?github=taken");
                }
                skipped = linked.Value!.EmailsSkipped;
                await transaction.CommitAsync(cancellationToken);
            }
            logger.LogInformation("Account {UserId} linked GitHub login {Login}", user.Id, login);
            return Results.Redirect(skipped == 0 ? "/me?github=linked" : "/me?github=linked-partly");
        });
        return endpoints;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static async Task ReadAccountAsync(Microsoft.AspNetCore.Authentication.OAuth.OAuthCreatingTicketContext context)
    {
        using var account = await GetAsync(context, context.Options.UserInformationEndpoint);
        var root = account.RootElement;
        context.Identity!.AddClaim(new Claim(ClaimTypes.NameIdentifier, root.GetProperty("id").GetRawText(), ClaimValueTypes.String, context.Options.ClaimsIssuer));
        context.Identity.AddClaim(new Claim(ClaimTypes.Name, root.GetProperty("login").GetString()!, ClaimValueTypes.String, context.Options.ClaimsIssuer));
        var emailsEndpoint = context.Options.UserInformationEndpoint + "/emails";
        using var emails = await GetAsync(context, emailsEndpoint);
        foreach (var email in emails.RootElement.EnumerateArray())
        {
            if (email.TryGetProperty("verified", out var verified) && verified.GetBoolean() && email.GetProperty("email").GetString() is { } address)
            {
                context.Identity.AddClaim(new Claim(VerifiedEmailClaim, address, ClaimValueTypes.String, context.Options.ClaimsIssuer));
            }
        }
    }

    private static async Task<JsonDocument> GetAsync(Microsoft.AspNetCore.Authentication.OAuth.OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Guild", "1.0")); // GitHub refuses requests without one
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted), cancellationToken: context.HttpContext.RequestAborted);
    }
}
