using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Web.Tests.Infrastructure;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// Security by default, checked over real HTTP: headers on every response, cross-site writes refused, problem details
/// (with a trace id) for unknown API paths and bad JSON, a readiness check that tells outsiders only the status,
/// uploads bounded before they are read, hostile return URLs sent home, and rate limits on sign-in.
/// </summary>
public class HardeningTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/epochs")]
    [InlineData("/api/epochs")]
    [InlineData("/jobs")]
    [InlineData("/health/ready")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await portal.CreateBrowserlikeClient().GetAsync(path);

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task CrossSiteWrites_WithTheStewardsCookie_AreRefusedAndChangeNothing()
    {
        var steward = await StewardAsync();
        var before = (await steward.GetFromJsonAsync<JsonElement[]>("/api/epochs"))!.Length;

        foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/epochs") { Content = JsonContent.Create(new { budgetWei = "1000" }) };
            request.Headers.Add(header, value);
            var response = await steward.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Cross-site request refused", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, (await steward.GetFromJsonAsync<JsonElement[]>("/api/epochs"))!.Length);

        // The portal's own pages say same-origin, and pass.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/epochs/999999/compute");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        own.Headers.Add("Origin", portal.ServerAddress.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.NotFound, (await steward.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task UnknownApiPathsAndBadJson_AnswerProblemDetailsWithATraceId_AndNoInternals()
    {
        var client = portal.CreateBrowserlikeClient();
        var unknown = await client.GetAsync("/api/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("traceId", out _));

        var steward = await StewardAsync();
        var bad = await steward.PostAsync("/api/epochs", new StringContent("{\"budgetWei\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("traceId", body);
        Assert.DoesNotContain("   at ", body); // no stack trace
        Assert.DoesNotContain("Exception", body);
    }

    [Fact]
    public async Task Readiness_TellsOutsidersTheStatusOnly_AndStewardsTheDetails()
    {
        var outsider = await portal.CreateBrowserlikeClient().GetStringAsync("/health/ready");
        Assert.Contains("\"status\"", outsider);
        Assert.DoesNotContain("description", outsider);
        Assert.DoesNotContain("http://", outsider);

        var steward = await (await StewardAsync()).GetStringAsync("/health/ready");
        Assert.Contains("description", steward);
        Assert.DoesNotContain(Guild.Testing.TestEnvironment.SharedAnvilRpc, steward);
    }

    [Fact]
    public async Task PapersUpload_WithoutCsvOrTooLarge_IsRefusedBeforeItIsRead()
    {
        var steward = await StewardAsync();

        var untyped = await steward.PostAsync("/api/ingestion/papers", new ByteArrayContent(Encoding.UTF8.GetBytes("doi,title,authors,citations\n")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, untyped.StatusCode);

        using var huge = new HttpRequestMessage(HttpMethod.Post, "/api/ingestion/papers") { Content = new ByteArrayContent(new byte[11 * 1024 * 1024]) };
        huge.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        huge.Headers.ExpectContinue = true; // the refusal comes before the body is sent
        var tooLarge = await steward.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Login_WithAHostileReturnUrl_RedirectsHome(string returnUrl)
    {
        var email = $"user+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var client = portal.CreateBrowserlikeClient();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await client.GetStringAsync(path);

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = BrowserSession.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Authority == portal.ServerAddress.Authority, $"redirected to {location}");
    }

    private async Task<HttpClient> StewardAsync()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password, GuildRoles.Steward);
        return await portal.LoginAsync(email, BrowserSession.Password);
    }
}

/// <summary>The real limits: the fourth sign-in attempt within a minute from one address answers 429 with Retry-After.</summary>
public class RateLimitTests(RateLimitTests.LimitedPortal portal) : IClassFixture<RateLimitTests.LimitedPortal>
{
    public sealed class LimitedPortal : GuildWebFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [("RateLimits:AuthPerMinute", "3")];
    }

    [Fact]
    public async Task SignInAttempts_BeyondTheLimit_Answer429WithRetryAfter()
    {
        var client = portal.CreateBrowserlikeClient();
        var form = await client.GetStringAsync("/Account/Login");
        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            last = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(form),
                ["_handler"] = "login",
                ["Input.Email"] = "nobody@guild.test",
                ["Input.Password"] = "wrong-password-1",
            }));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter is not null);
        Assert.Contains("wait a minute", await last.Content.ReadAsStringAsync());
    }
}
