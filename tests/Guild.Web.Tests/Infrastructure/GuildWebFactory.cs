using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Guild.Core.Accounts;
using Guild.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>
/// The whole portal on Kestrel (a real port, for Chromium) against a fresh PostgreSQL database and the test run's
/// anvil, with its in-process Hangfire server. Subclass to change settings.
/// </summary>
public partial class GuildWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private PostgresDatabase? database;

    public string DataDirectory { get; } = TestEnvironment.NewTempDirectory("web");

    public string DatabaseConnectionString => database?.ConnectionString ?? throw new InvalidOperationException("not initialized");

    public Uri ServerAddress => ClientOptions.BaseAddress;

    /// <summary>The key sealing the data-protection keys: a command-line process that must read them gets the same one.</summary>
    public string KeyEncryptionKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    /// <summary>Runs before the portal starts (e.g. to fund a signer the portal deploys with).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("web");
        await PrepareAsync();
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the framework's and MudBlazor's static files come from a publish folder; tests run from the build.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", "PostgreSQL");
        builder.UseSetting("Database:ConnectionString", DatabaseConnectionString);
        builder.UseSetting("Chain:Rpc", TestEnvironment.SharedAnvilRpc);
        builder.UseSetting("DataDirectory", DataDirectory);
        builder.UseSetting("Jobs:PollIntervalSeconds", "0.2");
        builder.UseSetting("DataProtection:KeyEncryptionKey", KeyEncryptionKey);
        // Tests replay git histories into their own temporary folders.
        builder.UseSetting("Git:LocalRoots:0", Path.Combine(Path.GetTempPath(), "guild-tests"));
        // Tests sign in many times from one address; RateLimitTests sets the real limits.
        foreach (var limit in new[] { "Auth", "Wallet", "Claims", "Explanations", "Health", "Quote" })
        {
            builder.UseSetting($"RateLimits:{limit}PerMinute", "100000");
        }
        // Mail goes to the test run's smtp4dev; tests read it through its API (Mailbox).
        builder.UseSetting("Email:Host", TestEnvironment.Smtp.Host);
        builder.UseSetting("Email:Port", TestEnvironment.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Security", "None");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>A client over the real socket that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBrowserlikeClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = ServerAddress,
        };

    public async Task<GuildUser> CreateUserAsync(string email, string password, string? role = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = new GuildUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, password));
        if (role is not null)
        {
            Check(await users.AddToRoleAsync(user, role));
        }
        if (role == GuildRoles.Steward)
        {
            // Stewards need an authenticator app: enrol one; LoginAsync and BrowserSession answer its code.
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
        return user;

        static void Check(IdentityResult result) =>
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>
    /// Links a GitHub account to a portal account the way the OAuth callback does (the login row and the person), for
    /// tests whose subject is not the OAuth flow itself.
    /// </summary>
    public async Task<Guild.Core.People.Person> LinkGitHubAsync(string email, string login, long? gitHubId = null, IReadOnlyList<string>? verifiedEmails = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.AddLoginAsync(user, new UserLoginInfo(Accounts.GitHubSignIn.Scheme, gitHubId?.ToString() ?? Guid.NewGuid().ToString("N"), login))).Succeeded);
        var linked = await scope.ServiceProvider.GetRequiredService<Guild.Core.People.LinkGitHubAccountCommand>().ExecuteAsync(user.Id, "test", login, gitHubId, verifiedEmails ?? [], default);
        Assert.Null(linked.Error);
        return linked.Value!.Person;
    }

    /// <summary>The id of the person a GitHub login belongs to.</summary>
    public async Task<long> PersonIdAsync(string login)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Guild.Core.Data.GuildDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.ContributorIdentities.Where(i => i.Kind == Guild.Core.Contributions.IdentityKind.GitHubLogin && i.Value == login.ToLowerInvariant()).Select(i => i.PersonId));
    }

    /// <summary>Signs in through the real login form (antiforgery token included) and returns the cookie-carrying client.</summary>
    public async Task<HttpClient> LoginAsync(string email, string password)
    {
        var client = CreateBrowserlikeClient();
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (response.Headers.Location is { } next && next.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal))
        {
            var step = new Uri(ServerAddress, next);
            var twoFactorForm = await client.GetStringAsync(step);
            response = await client.PostAsync(step, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryToken(twoFactorForm),
                ["_handler"] = "login-with-2fa",
                ["Input.TwoFactorCode"] = await AuthenticatorCodeAsync(email),
            }));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("LoginWith2fa") != true,
                $"two-factor step failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>A signed-in steward's client (a fresh steward account).</summary>
    public async Task<HttpClient> StewardClientAsync()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await CreateUserAsync(email, "Correct-Horse-9", GuildRoles.Steward);
        return await LoginAsync(email, "Correct-Horse-9");
    }

    /// <summary>The code an authenticator app would show now for the account's key (a real TOTP, computed with Otp.NET).</summary>
    public async Task<string> AuthenticatorCodeAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{email} has no authenticator key.");
        return Totp(key);
    }

    public static string Totp(string base32Key) => new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(base32Key)).ComputeTotp();

    /// <summary>Waits until the chain-head API reports a block at or above <paramref name="block"/>.</summary>
    public Task<Apis.ChainApi.ChainHeadResponse> WaitForChainHeadAsync(long block, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(async () =>
        {
            var response = await CreateClient().GetAsync("/api/chain/head");
            return response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadFromJsonAsync<Apis.ChainApi.ChainHeadResponse[]>())?.SingleOrDefault(h => h.BlockNumber >= block)
                : null;
        }, timeout);

    public static string AntiforgeryToken(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
