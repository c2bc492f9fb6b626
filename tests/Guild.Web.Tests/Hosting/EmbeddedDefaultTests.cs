using System.Net.Http.Json;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// What ./run.sh starts: the portal on its defaults (SQLite in the data directory, an anvil it starts itself, jobs
/// in-process, demo logins). It deploys the contracts once, keeps the chain across restarts, and stops anvil with it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class EmbeddedDefaultTests : IDisposable
{
    private readonly string scratch = TestEnvironment.NewTempDirectory("embedded-default");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Portal_OnDefaults_DeploysOnceKeepsChainAndStopsCleanly()
    {
        var data = Path.Combine(scratch, "data");
        var first = await RunUntilReadyAsync(data, DemoContributorIsLinkedAsync);
        Assert.Equal(9, first.Contracts.Length);
        Assert.All(first.Contracts, c => Assert.Equal(31337, c.ChainId));
        var logins = File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(2, logins.Count);
        var steward = logins.Single(l => l.StartsWith("steward@guild.local\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("Steward", steward[2]);
        Assert.StartsWith("otpauth://totp/Guild:steward%40guild.local?secret=", steward[3]); // stewards need an authenticator app
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "demo-logins.txt")));
        Assert.True(File.Exists(Path.Combine(data, "guild.db")));
        Assert.True(File.Exists(Path.Combine(data, "anvil-state.json")), "anvil dumped its state on shutdown");
        Assert.False(File.Exists(Path.Combine(data, "anvil-state.json.pid")), "anvil was stopped with the portal");

        var second = await RunUntilReadyAsync(data);

        Assert.Equal(first.Contracts.Select(c => (c.Name, c.Address)), second.Contracts.Select(c => (c.Name, c.Address)));
        Assert.Equal(first.Contracts.Select(c => c.TransactionHash), second.Contracts.Select(c => c.TransactionHash));
    }

    /// <summary>The demo contributor signs in with the password from the logins file and is linked to a nanoGPT contributor's login.</summary>
    private static async Task DemoContributorIsLinkedAsync(Uri portal, string data)
    {
        var line = File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Single(l => l.StartsWith("contributor@guild.local\t", StringComparison.Ordinal)).Split('\t');
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = portal };
        var form = await http.GetStringAsync("/Account/Login");
        var login = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Input.Email"] = line[0],
            ["Input.Password"] = line[1],
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
        var me = await http.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me");
        Assert.Equal("okuvshynov", me!.GitHubLogin);
        Assert.StartsWith("person:", me.Contributor); // a stable person, not derived from the login

        // And links a wallet on the embedded default (SQLite): the nonce is spent with a conditional update there too.
        var key = Nethereum.Signer.EthECKey.GenerateKey();
        var issued = await http.PostAsJsonAsync("/api/me/wallet/challenges", new { address = key.GetPublicAddress() });
        Assert.Equal(System.Net.HttpStatusCode.Created, issued.StatusCode);
        var challenge = (await issued.Content.ReadFromJsonAsync<MyAccountApi.WalletChallengeResponse>())!;
        var signature = new Nethereum.Signer.EthereumMessageSigner().EncodeUTF8AndSign(challenge.Message, key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = signature })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = signature })).StatusCode);
        Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), (await http.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me"))!.Wallet);

        // The demo steward logs in with the password and a code from the authenticator key in the same file.
        var steward = File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Single(l => l.StartsWith("steward@guild.local\t", StringComparison.Ordinal)).Split('\t');
        using var stewardHttp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = portal };
        var password = await stewardHttp.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(await stewardHttp.GetStringAsync("/Account/Login")),
            ["_handler"] = "login",
            ["Input.Email"] = steward[0],
            ["Input.Password"] = steward[1],
        }));
        var twoFactor = new Uri(portal, password.Headers.Location!);
        Assert.Contains("LoginWith2fa", twoFactor.AbsolutePath);
        var code = await stewardHttp.PostAsync(twoFactor, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(await stewardHttp.GetStringAsync(twoFactor)),
            ["_handler"] = "login-with-2fa",
            ["Input.TwoFactorCode"] = GuildWebFactory.Totp(System.Web.HttpUtility.ParseQueryString(new Uri(steward[3]).Query)["secret"]!),
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await stewardHttp.GetAsync("/api/users")).StatusCode);
    }

    private async Task<(ChainApi.ContractResponse[] Contracts, int ExitCode)> RunUntilReadyAsync(string data, Func<Uri, string, Task>? whileRunning = null)
    {
        var port = GuildProcessRunner.ClosedPort();
        await using var portal = GuildProcessRunner.Start("Guild.Web", scratch, new Dictionary<string, string>
        {
            ["DataDirectory"] = data,
            ["Demo__Enabled"] = "true",
            ["Portal__PublicOrigin"] = $"http://127.0.0.1:{port}",
        }, "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await Eventually.ReturnsAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(120));
        var contracts = (await http.GetFromJsonAsync<ChainApi.ContractResponse[]>("/api/chain/contracts"))!;
        if (whileRunning is not null)
        {
            await whileRunning(http.BaseAddress, data);
        }

        // Stop it the way Ctrl+C or a container runtime does.
        portal.Terminate();
        var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"exit code {exitCode}: {portal.Output}");
        return (contracts, exitCode);
    }
}
