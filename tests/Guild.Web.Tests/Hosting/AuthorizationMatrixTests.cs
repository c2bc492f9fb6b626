using System.Net;
using System.Text;
using Guild.Core.Accounts;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// Every endpoint and page the portal maps, read from its own route table, against anonymous, member, company and
/// steward callers over real HTTP. A route missing from <see cref="Expected"/>, or mapped without an authorization
/// policy (<c>[Authorize]</c>, <c>RequireAuthorization</c> or an explicit <c>AllowAnonymous</c>), fails the test.
/// </summary>
public partial class AuthorizationMatrixTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    public enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,

        /// <summary>Any signed-in account.</summary>
        SignedIn,

        /// <summary>Accounts with the Member role (their linked wallet holds locked $AGI).</summary>
        Member,

        /// <summary>Accounts with the Company role.</summary>
        Company,

        /// <summary>Stewards (with two-factor sign-in).</summary>
        Steward,
    }

    public enum Caller { Anonymous, Member, Company, Steward }

    /// <summary>Who may use each route: "METHOD pattern" as the route table spells it.</summary>
    private static readonly Dictionary<string, Access> Expected = new(StringComparer.Ordinal)
    {
        // Public pages and reads.
        ["GET /"] = Access.Public,
        ["GET /Error"] = Access.Public,
        ["GET /not-found"] = Access.Public,
        ["GET /epochs"] = Access.Public,
        ["GET /epochs/{Number:long}"] = Access.Public,
        ["POST /theme"] = Access.Public,
        ["GET /health/live"] = Access.Public,
        ["GET /health/ready"] = Access.Public,
        ["GET /openapi/{documentName}.json"] = Access.Public,
        ["GET /api/{**path}"] = Access.Public,
        ["GET /api/chain/contracts"] = Access.Public,
        ["GET /api/chain/head"] = Access.Public,
        ["GET /api/claims/{account}"] = Access.Public,
        ["GET /api/epochs/"] = Access.Public,
        ["GET /api/epochs/{number:long}"] = Access.Public,
        ["GET /api/epochs/{number:long}/contributors"] = Access.Public,
        ["GET /api/epochs/{number:long}/explanation"] = Access.Public,
        ["GET /api/epochs/{number:long}/files/{kind}"] = Access.Public,
        ["GET /api/weight-sets/"] = Access.Public,
        ["GET /roadmap"] = Access.Public,
        ["GET /roadmap/{Id:long}"] = Access.Public,
        ["GET /governance"] = Access.Public,
        ["GET /api/roadmap/proposals/"] = Access.Public,
        ["GET /api/roadmap/proposals/{id:long}"] = Access.Public,
        ["GET /api/roadmap/proposals/{id:long}/typed-data"] = Access.Public,
        ["GET /api/roadmap/proposals/{id:long}/votes"] = Access.Public,
        ["POST /api/roadmap/proposals/{id:long}/votes"] = Access.Public,
        ["GET /api/licenses/"] = Access.Public,
        ["GET /api/licenses/quote"] = Access.Public,
        ["GET /api/licenses/{address}"] = Access.Public,
        ["GET /badges/licenses/{address}.svg"] = Access.Public,
        ["GET /license"] = Access.Public,
        ["GET /licenses"] = Access.Public,
        ["GET /api/weight-sets/{hash}"] = Access.Public,

        // Signing up and in.
        ["GET /Account/AccessDenied"] = Access.Public,
        ["GET /Account/ConfirmEmail"] = Access.Public,
        ["GET /Account/ConfirmEmailChange"] = Access.Public,
        ["GET /Account/ForgotPassword"] = Access.Public,
        ["GET /Account/Login"] = Access.Public,
        ["GET /Account/LoginWith2fa"] = Access.Public,
        ["GET /Account/LoginWithRecoveryCode"] = Access.Public,
        ["GET /Account/Register"] = Access.Public,
        ["GET /Account/RegisterConfirmation"] = Access.Public,
        ["GET /Account/ResendEmailConfirmation"] = Access.Public,
        ["GET /Account/ResetPassword"] = Access.Public,
        ["POST /Account/Logout"] = Access.Public,

        // One's own account, rewards and organisation.
        ["GET /Account/ConfirmGitEmail"] = Access.SignedIn,
        ["GET /Account/Invitation"] = Access.SignedIn,
        ["GET /Account/GitHub/Linked"] = Access.SignedIn,
        ["POST /Account/GitHub/Link"] = Access.SignedIn,
        ["GET /Account/Manage"] = Access.SignedIn,
        ["GET /Account/Manage/ChangePassword"] = Access.SignedIn,
        ["GET /Account/Manage/DeletePersonalData"] = Access.SignedIn,
        ["GET /Account/Manage/Email"] = Access.SignedIn,
        ["GET /Account/Manage/EnableAuthenticator"] = Access.SignedIn,
        ["GET /Account/Manage/GenerateRecoveryCodes"] = Access.SignedIn,
        ["GET /Account/Manage/PersonalData"] = Access.SignedIn,
        ["GET /Account/Manage/TwoFactorAuthentication"] = Access.SignedIn,
        ["POST /Account/Manage/DownloadPersonalData"] = Access.SignedIn,
        ["GET /me"] = Access.SignedIn,
        ["GET /me/contributions"] = Access.SignedIn,
        ["GET /api/me/"] = Access.SignedIn,
        ["POST /api/me/wallet/challenges"] = Access.SignedIn,
        ["POST /api/me/wallet"] = Access.SignedIn,
        ["DELETE /api/me/wallet"] = Access.SignedIn,
        ["GET /organisation"] = Access.SignedIn,
        ["GET /api/organisations/"] = Access.SignedIn,
        ["GET /api/organisations/{id:long}/members"] = Access.SignedIn,
        ["GET /stake"] = Access.SignedIn,
        ["GET /delegation"] = Access.SignedIn,
        ["GET /inbox"] = Access.SignedIn,
        ["GET /roadmap/new"] = Access.Member,
        ["GET /roadmap/grant"] = Access.Member,
        ["POST /api/roadmap/proposals/"] = Access.Member,
        ["POST /api/roadmap/grants"] = Access.Member,
        ["POST /api/organisations/"] = Access.Company,
        ["GET /organisation/license"] = Access.Company,
        ["GET /organisation/{Id:long}/license"] = Access.Company,
        ["GET /api/organisations/{id:long}/license/"] = Access.Company,
        ["PUT /api/organisations/{id:long}/license/wallet"] = Access.Company,
        ["PUT /api/organisations/{id:long}/license/reminders"] = Access.Company,
        ["POST /api/organisations/{id:long}/license/declarations/typed-data"] = Access.Company,
        ["POST /api/organisations/{id:long}/license/declarations"] = Access.Company,
        ["GET /api/organisations/{id:long}/license/declarations"] = Access.Company,
        ["POST /api/organisations/{id:long}/license/transactions"] = Access.Company,
        ["POST /api/organisations/{id:long}/license/transactions/{hash}"] = Access.Company,
        ["POST /api/organisations/{id:long}/invitations"] = Access.SignedIn,

        // Stewards' work.
        ["GET /stewards/repositories"] = Access.Steward,
        ["GET /stewards/users"] = Access.Steward,
        ["GET /stewards/weights"] = Access.Steward,
        ["GET /stewards/flags"] = Access.Steward,
        ["POST /api/weight-sets/"] = Access.Steward,
        ["POST /api/weight-sets/preview"] = Access.Steward,
        ["GET /api/contributions/flags"] = Access.Steward,
        ["POST /api/contributions/{id:long}/flag"] = Access.Steward,
        ["GET /jobs/{**path}"] = Access.Steward,
        ["GET /api/users/"] = Access.Steward,
        ["GET /api/users/role-changes"] = Access.Steward,
        ["PUT /api/users/{userId}/roles/{role}"] = Access.Steward,
        ["DELETE /api/users/{userId}/roles/{role}"] = Access.Steward,
        ["GET /api/people/{key}"] = Access.Steward,
        ["POST /api/people/merges"] = Access.Steward,
        ["GET /api/tracked-repositories/"] = Access.Steward,
        ["GET /api/tracked-repositories/{id:long}"] = Access.Steward,
        ["POST /api/tracked-repositories/"] = Access.Steward,
        ["PUT /api/tracked-repositories/{id:long}"] = Access.Steward,
        ["POST /api/tracked-repositories/{id:long}/activate"] = Access.Steward,
        ["POST /api/tracked-repositories/{id:long}/deactivate"] = Access.Steward,
        ["POST /api/tracked-repositories/{id:long}/sync"] = Access.Steward,
        ["GET /api/ingestion/progress"] = Access.Steward,
        ["POST /api/ingestion/identity-mappings"] = Access.Steward,
        ["POST /api/ingestion/papers"] = Access.Steward,
        ["POST /api/epochs/"] = Access.Steward,
        ["PUT /api/epochs/{number:long}"] = Access.Steward,
        ["DELETE /api/epochs/{number:long}"] = Access.Steward,
        ["POST /api/epochs/{number:long}/compute"] = Access.Steward,
        ["POST /api/epochs/{number:long}/publish"] = Access.Steward,
    };

    [Fact]
    public void EveryRoute_HasAnExpectedAccess_AndAnAuthorizationPolicyOfItsOwn()
    {
        var routes = Routes();

        var unclassified = routes.Keys.Where(k => !Expected.ContainsKey(k)).Order().ToList();
        Assert.True(unclassified.Count == 0, "Routes with no expected access (add them to Expected):\n" + string.Join("\n", unclassified));
        var stale = Expected.Keys.Where(k => !routes.ContainsKey(k)).Order().ToList();
        Assert.True(stale.Count == 0, "Expected routes the portal no longer maps:\n" + string.Join("\n", stale));
        var withoutPolicy = routes.Where(r => !r.Value.Metadata.Any(m => m is IAuthorizeData or IAllowAnonymous)).Select(r => $"{r.Key} ({r.Value.DisplayName})").Order().ToList();
        Assert.True(withoutPolicy.Count == 0, "Routes mapped without an authorization policy:\n" + string.Join("\n", withoutPolicy));
    }

    [Fact]
    public async Task EveryRoute_AllowsExactlyTheCallersItShould()
    {
        var callers = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = portal.CreateBrowserlikeClient(),
            [Caller.Member] = await SignedInAsync(GuildRoles.Member),
            [Caller.Company] = await SignedInAsync(GuildRoles.Company),
            [Caller.Steward] = await portal.StewardClientAsync(),
        };

        var wrong = new List<string>();
        foreach (var (key, endpoint) in Routes().OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var access = Expected.GetValueOrDefault(key, Access.Steward);
            foreach (var (caller, client) in callers)
            {
                using var request = RequestFor(key);
                using var response = await client.SendAsync(request);
                var allowed = !Refused(response);
                if (allowed != Allows(access, caller))
                {
                    wrong.Add($"{key} as {caller}: expected {(Allows(access, caller) ? "allowed" : "refused")} ({access}), got {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Nobody was signed out along the way: each caller still is who it was.
        foreach (var (caller, client) in callers.Where(c => c.Key != Caller.Anonymous))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        }
    }

    private static bool Allows(Access access, Caller caller) => access switch
    {
        Access.Public => true,
        Access.SignedIn => caller != Caller.Anonymous,
        Access.Member => caller == Caller.Member,
        Access.Company => caller == Caller.Company,
        Access.Steward => caller == Caller.Steward,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    /// <summary>
    /// Refused: 401/403, or the redirect the cookie scheme answers a page with: to sign in (with the way back) or to
    /// "access denied". A page's own redirect (the two-factor step with no sign-in pending) is not a refusal.
    /// </summary>
    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            && response.Headers.Location?.OriginalString is { } location
            && (location.Contains("/Account/Login?ReturnUrl=", StringComparison.OrdinalIgnoreCase)
                || location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase)));

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password, role);
        return await portal.LoginAsync(email, Password);
    }

    /// <summary>
    /// A request that reaches the route with harmless arguments: ids no row has, and an empty JSON body that no write
    /// accepts, so an allowed caller gets a 4xx from the handler and nothing changes.
    /// </summary>
    private static HttpRequestMessage RequestFor(string key)
    {
        var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
        var pattern = key[(method.Length + 1)..];
        var path = RouteParameter().Replace(pattern, m => m.Groups["constraint"].Value is "long" or "int" ? "999999" : "no-such-thing");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH" or "DELETE")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }

    /// <summary>The portal's routes, one per method ("GET /epochs/{number:long}"), without static files and framework plumbing.</summary>
    private Dictionary<string, RouteEndpoint> Routes()
    {
        var routes = new Dictionary<string, RouteEndpoint>(StringComparer.Ordinal);
        foreach (var endpoint in portal.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            // Static files, and the fallback that serves them from the build output when tests run without a publish folder.
            if (endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor") || pattern == "/{**path:file}"
                || pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            // A page answers GET and POST (its forms) under one policy: GET is enough to see it.
            foreach (var method in methods.Contains("GET") && methods.Contains("POST") && endpoint.Metadata.Any(m => m.GetType().Name == "ComponentTypeMetadata") ? ["GET"] : methods)
            {
                routes.TryAdd($"{method} {pattern}", endpoint);
            }
        }
        return routes;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(?::(?<constraint>[a-z]+))?\??\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
