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
        var first = await RunUntilReadyAsync(data, async (portal, folder) =>
        {
            await DemoContributorIsLinkedAsync(portal, folder);
            await DemoCompanyDeclaresAndBuysAsync(portal, folder);
            await DemoMembersVotedAsync(portal);
        });
        Assert.Equal(10, first.Contracts.Length); // eight contracts and two vesting wallets (the treasury's and the distribution pool's)
        Assert.Contains(first.Contracts, c => c.Name == "RewardsWeights");
        Assert.All(first.Contracts, c => Assert.Equal(31337, c.ChainId));
        var logins = File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(6, logins.Count);
        foreach (var email in new[] { "member1@guild.local", "member2@guild.local", "member3@guild.local" })
        {
            var member = logins.Single(l => l.StartsWith(email + "\t", StringComparison.Ordinal)).Split('\t');
            Assert.Equal("Member", member[2]);
            Assert.Matches("^wallet 0x[0-9a-f]{40}, private key 0x[0-9a-f]{64} .* AGI locked for \\d+ weeks", member[4]);
        }
        var company = logins.Single(l => l.StartsWith("company@guild.local\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("Company", company[2]);
        Assert.StartsWith("licence wallet 0x", company[4]);
        var steward = logins.Single(l => l.StartsWith("steward@guild.local\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("Steward", steward[2]);
        Assert.StartsWith("otpauth://totp/Guild:steward%40guild.local?secret=", steward[3]); // stewards need an authenticator app
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "demo-logins.txt")));
        Assert.True(File.Exists(Path.Combine(data, "guild.db")));
        Assert.True(File.Exists(Path.Combine(data, "anvil-state.json")), "anvil dumped its state on shutdown");
        Assert.False(File.Exists(Path.Combine(data, "anvil-state.json.pid")), "anvil was stopped with the portal");

        var roadmap = first.Roadmap;
        var second = await RunUntilReadyAsync(data);

        // A second start changes nothing: the same logins, no second proposal and no vote more.
        Assert.Equal(logins.Where(l => !l.StartsWith("company@", StringComparison.Ordinal)),
            File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Where(l => !l.StartsWith('#') && !l.StartsWith("company@", StringComparison.Ordinal)));
        Assert.Equal(roadmap, second.Roadmap);

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

    /// <summary>
    /// The demo company (./run.sh prints its login) signs in, declares 11,000,000 USD signed with the wallet key from the
    /// logins file, and buys with the stablecoin on the embedded chain: its wallet is funded and the sale reserve stocked.
    /// </summary>
    private static async Task DemoCompanyDeclaresAndBuysAsync(Uri portal, string data)
    {
        var line = File.ReadAllLines(Path.Combine(data, "demo-logins.txt")).Single(l => l.StartsWith("company@guild.local\t", StringComparison.Ordinal)).Split('\t');
        var note = System.Text.RegularExpressions.Regex.Match(line[4], @"wallet (0x[0-9a-f]{40}), private key (0x[0-9a-f]{64}); add the local chain (\S+) ");
        Assert.True(note.Success, line[4]);
        var (wallet, key, rpc) = (note.Groups[1].Value, note.Groups[2].Value, note.Groups[3].Value);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = portal };
        var login = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(await http.GetStringAsync("/Account/Login")),
            ["_handler"] = "login",
            ["Input.Email"] = line[0],
            ["Input.Password"] = line[1],
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
        var organisation = Assert.Single((await http.GetFromJsonAsync<OrganisationsApi.OrganisationResponse[]>("/api/organisations"))!);
        Assert.Equal("Acme Robotics (demo)", organisation.Name);
        var quote = (await http.GetFromJsonAsync<LicensesApi.QuoteResponse>("/api/licenses/quote?revenueUsd=11000000"))!;
        Assert.True(quote.ReserveCovers, $"the embedded chain stocks the sale reserve: {quote.ReserveWei} for {quote.ShortfallWei}");

        var typed = await http.PostAsJsonAsync($"/api/organisations/{organisation.Id}/license/declarations/typed-data",
            new { legalName = "Acme Robotics (demo) Ltd", fiscalYear = DateTimeOffset.UtcNow.Year, revenueUsd = "11,000,000" });
        Assert.True(typed.IsSuccessStatusCode, await typed.Content.ReadAsStringAsync());
        var typedData = (await typed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("typedData");
        var signed = await Eip712Tool.SignAsync(typedData, key);
        Assert.Equal(wallet, signed.Address);
        var m = typedData.GetProperty("message");
        var stored = await http.PostAsJsonAsync($"/api/organisations/{organisation.Id}/license/declarations", new
        {
            company = m.GetProperty("company").GetString(),
            legalName = m.GetProperty("legalName").GetString(),
            fiscalYear = m.GetProperty("fiscalYear").GetInt32(),
            revenueUsd = m.GetProperty("revenueUsd").GetString(),
            statementUri = "",
            statementHash = "",
            nonce = m.GetProperty("nonce").GetString(),
            deadline = m.GetProperty("deadline").GetString(),
            signature = signed.Signature,
        });
        Assert.True(stored.StatusCode == System.Net.HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var declarationId = (await stored.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var prepared = await http.PostAsJsonAsync($"/api/organisations/{organisation.Id}/license/transactions",
            new { declarationId, action = "Purchase", payment = "Stablecoin", termYears = 1 });
        Assert.True(prepared.IsSuccessStatusCode, await prepared.Content.ReadAsStringAsync());
        var web3 = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(key, 31337), rpc);
        foreach (var call in (await prepared.Content.ReadFromJsonAsync<LicensesApi.PreparedResponse>())!.Calls)
        {
            var input = new Nethereum.RPC.Eth.DTOs.TransactionInput(call.Data, call.To, wallet, new Nethereum.Hex.HexTypes.HexBigInteger(System.Numerics.BigInteger.Parse(call.Gas!, System.Globalization.CultureInfo.InvariantCulture)),
                null, new Nethereum.Hex.HexTypes.HexBigInteger(System.Numerics.BigInteger.Parse(call.Value, System.Globalization.CultureInfo.InvariantCulture)));
            var receipt = await web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(input);
            Assert.Equal(System.Numerics.BigInteger.One, receipt.Status.Value);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.PostAsync($"/api/organisations/{organisation.Id}/license/transactions/{receipt.TransactionHash}", null)).StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/licenses/{wallet}")).GetProperty("licensed").GetBoolean() ? "licensed" : null,
            TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// The demo members' roadmap vote is open, ranked choice, with their three signed votes and the run-off rounds, and
    /// the demo Governor proposal was executed: the licence quote uses the ETH price it set, and the governance page
    /// lists it as executed once the indexer has seen it.
    /// </summary>
    private static async Task DemoMembersVotedAsync(Uri portal)
    {
        using var http = new HttpClient { BaseAddress = portal };
        var proposals = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/roadmap/proposals")).EnumerateArray().ToList();
        var demo = Assert.Single(proposals, p => p.GetProperty("title").GetString() == "Demo: which model should the guild train next?");
        Assert.Equal("open", demo.GetProperty("state").GetString());
        Assert.Equal(3, demo.GetProperty("votes").GetInt32());
        var detail = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/roadmap/proposals/{demo.GetProperty("id").GetInt64()}");
        Assert.Equal("RankedChoice", detail.GetProperty("type").GetString());
        Assert.True(detail.GetProperty("tally").GetProperty("rounds").GetArrayLength() >= 1);

        var quote = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/licenses/quote?revenueUsd=11000000");
        Assert.Equal((3_500 * System.Numerics.BigInteger.Pow(10, 18)).ToString(), quote.GetProperty("ethPriceUsd").GetString());
        await Eventually.ReturnsAsync(async () =>
        {
            var page = await http.GetStringAsync("/governance");
            return page.Contains("Demo: set the ETH price to 3500 USD", StringComparison.Ordinal) && page.Contains("data-state=\"Executed\"", StringComparison.Ordinal) ? "executed" : null;
        }, TimeSpan.FromSeconds(150));
    }

    private async Task<(ChainApi.ContractResponse[] Contracts, int ExitCode, string Roadmap)> RunUntilReadyAsync(string data, Func<Uri, string, Task>? whileRunning = null)
    {
        var port = GuildProcessRunner.ClosedPort();
        await using var portal = GuildProcessRunner.Start("Guild.Web", scratch, new Dictionary<string, string>
        {
            ["DataDirectory"] = data,
            ["Demo__Enabled"] = "true",
            // As ./run.sh sets it: the treasury has vested for sixty days, so the sale reserve can be stocked for the demo company.
            ["Chain__Deployment__GenesisDaysAgo"] = "60",
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
        var roadmap = await http.GetStringAsync("/api/roadmap/proposals");
        if (whileRunning is not null)
        {
            await whileRunning(http.BaseAddress, data);
        }

        // Stop it the way Ctrl+C or a container runtime does.
        portal.Terminate();
        var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"exit code {exitCode}: {portal.Output}");
        return (contracts, exitCode, roadmap);
    }
}
