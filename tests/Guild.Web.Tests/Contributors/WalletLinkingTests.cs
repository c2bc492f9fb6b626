using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Guild.Core.Accounts;
using Guild.Core.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Testing.GitHub;
using Guild.Web.Accounts;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using static Microsoft.Playwright.Assertions;

namespace Guild.Web.Tests.Contributors;

/// <summary>
/// A contributor links the GitHub account their work is recorded under (OAuth against a loopback GitHub) and then a
/// wallet, by signing a Sign-In with Ethereum message that names the portal, the chain id, the distributor and a server
/// nonce. Bad signatures, spent, expired and foreign challenges change nothing (more in <see cref="SiweLinkingTests"/>).
/// </summary>
public class WalletLinkingTests(WalletLinkingTests.LinkingPortal portal) : BrowserTests, IClassFixture<WalletLinkingTests.LinkingPortal>
{
    private const string Password = BrowserSession.Password;

    /// <summary>A portal with its own contract suite on the shared anvil and GitHub OAuth pointed at a loopback GitHub.</summary>
    public sealed class LinkingPortal : GuildWebFactory, IAsyncLifetime
    {
        private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

        public LoopbackGitHub GitHub { get; private set; } = null!;

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Chain:Signer:PrivateKey", signerKey),
            ("Chain:Deployment:AutoDeploy", "true"),
            ("GitHub:OAuth:ClientId", GitHub.OAuthClientId),
            ("GitHub:OAuth:ClientSecret", GitHub.OAuthClientSecret),
            ("GitHub:OAuth:Host", GitHub.BaseUrl.ToString()),
            ("Chain:Deployment:ChallengePeriodSeconds", RewardsLoopPortal.ChallengeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        protected override async Task PrepareAsync()
        {
            GitHub = await LoopbackGitHub.StartAsync();
            await new Web3(TestEnvironment.SharedAnvilRpc).Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance",
                new EthECKey(signerKey).GetPublicAddress(), new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
        }

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await GitHub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Contributor_LinksGitHubThenAWalletInChromium_AndTheirVerifiedEmailCountsForTheirCommits()
    {
        var login = $"Octo-{Guid.NewGuid():N}"[..20];
        var verified = $"{login.ToLowerInvariant()}@users.example";
        var unverified = $"other-{login.ToLowerInvariant()}@elsewhere.example";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // A commit recorded under the git email only: nobody knows whose it is until its owner links GitHub.
            await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/linking", null),
            [
                new ContributionRecord(ContributionKind.Commit, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddDays(-1))
                {
                    Author = new IdentityRef(IdentityKind.GitEmail, verified, "Octo"), Title = "Tokenizer", Additions = 40,
                },
            ], default);
        }
        portal.GitHub.SignedIn = new GitHubAccount(9_000_001, login, [(verified, true), (unverified, false)]);
        var page = await SignInAsync(await NewUserAsync());

        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Link GitHub" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("GitHub account linked.");
        await Expect(page.GetByTestId("github-login")).ToContainTextAsync("@" + login, new() { IgnoreCase = true });

        var key = EthECKey.GenerateKey();
        await page.GetByLabel("Wallet address").FillAsync(key.GetPublicAddress());
        await page.GetByRole(AriaRole.Button, new() { Name = "Get the message to sign" }).ClickAsync();
        await AssertAccessibleAsync(page);
        var message = await page.GetByTestId("wallet-message").TextContentAsync() ?? "";
        var distributor = await DistributorAsync();
        Assert.Contains($"\n{EthereumAddress.ToChecksum(key.GetPublicAddress().ToLowerInvariant())}\n", message);
        Assert.Contains("\nChain ID: 31337\n", message);
        // Sign-In with Ethereum (EIP-4361) for the portal's own address, bound to the distributor.
        Assert.StartsWith($"{portal.ServerAddress.Authority} wants you to sign in with your Ethereum account:\n", message);
        Assert.Contains($"\nURI: {portal.ServerAddress.GetLeftPart(UriPartial.Authority)}\n", message);
        Assert.EndsWith($"\nResources:\n- eip155:31337:{EthereumAddress.ToChecksum(distributor)}", message);
        Assert.Matches("\nNonce: [0-9a-f]{32}\n", message);

        await page.GetByLabel("Signature").FillAsync(new EthereumMessageSigner().EncodeUTF8AndSign(message, key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Link wallet" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("linked: your rewards go to it");
        await Expect(page.GetByTestId("wallet")).ToContainTextAsync(key.GetPublicAddress().ToLowerInvariant());
        await AssertAccessibleAsync(page);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var wallet = await db.ContributorWallets.SingleAsync(w => w.PersonId == db.ContributorIdentities.Single(i => i.Kind == IdentityKind.GitHubLogin && i.Value == login.ToLowerInvariant()).PersonId);
            Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), wallet.Address);
            var email = await db.ContributorIdentities.SingleAsync(i => i.Kind == IdentityKind.GitEmail && i.Value == verified);
            Assert.Equal(login.ToLowerInvariant(), email.Login);
            Assert.Equal(LoginSource.Confirmed, email.LoginSource);
            Assert.Equal(wallet.PersonId, email.PersonId); // the commit's email is now part of the person who linked GitHub
            Assert.False(await db.ContributorIdentities.AnyAsync(i => i.Value == unverified && i.Login != null));
        }
    }

    [Fact]
    public async Task Contributor_WithABrowserWallet_LinksItBySigning_ThenClaimsExactlyTheirPublishedAmount()
    {
        var node = new Web3(TestEnvironment.SharedAnvilRpc);
        // An anvil development account stands in for the person's wallet: anvil holds its key and signs for it.
        var account = (await node.Eth.Accounts.SendRequestAsync()).Last().ToLowerInvariant();
        var login = $"wallet-{Guid.NewGuid():N}"[..18];
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/claims", null),
            [
                new ContributionRecord(ContributionKind.PullRequest, "7", DateTimeOffset.UtcNow.AddDays(-1))
                {
                    Author = new IdentityRef(IdentityKind.GitHubLogin, login), Title = "Claim button", Additions = 200, Number = 7,
                },
            ], default);
        }
        portal.GitHub.SignedIn = new GitHubAccount(9_000_005, login, []);
        var page = await SignInAsync(await NewUserAsync(), account);
        await page.GetByRole(AriaRole.Button, new() { Name = "Link GitHub" }).ClickAsync();
        await Expect(page.GetByTestId("github-login")).ToContainTextAsync("@" + login, new() { IgnoreCase = true });

        await page.GetByLabel("Wallet address").FillAsync(account);
        await page.GetByRole(AriaRole.Button, new() { Name = "Get the message to sign" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with browser wallet" }).ClickAsync();
        await Expect(page.GetByLabel("Signature")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^0x[0-9a-f]{130}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Link wallet" }).ClickAsync();
        await Expect(page.GetByTestId("wallet")).ToContainTextAsync(account);

        // A steward runs the epoch; the pool vests a day.
        var stewardEmail = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(stewardEmail, Password, GuildRoles.Steward);
        var steward = await portal.LoginAsync(stewardEmail, Password);
        var created = await steward.PostAsJsonAsync("/api/epochs", new { budgetWei = BigInteger.Pow(10, 21).ToString(), capPpm = 1_000_000, minimumPayoutWei = "1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
        var compute = await steward.PostAsync($"/api/epochs/{number}/compute", null);
        Assert.True(compute.StatusCode == HttpStatusCode.Accepted, await compute.Content.ReadAsStringAsync());
        await EpochStatusAsync(steward, number, "Computed");
        await node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", 86_400));
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{number}/publish", null)).StatusCode);
        await EpochStatusAsync(steward, number, "Published");
        await RewardsLoopPortal.PassChallengeWindowAsync();

        var claim = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{account}"))!;
        Assert.True(BigInteger.Parse(claim.CumulativeWei) > 0);
        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim with browser wallet" }).ClickAsync();
        await Expect(page.GetByTestId("claim-result")).ToContainTextAsync("Claim sent: 0x");

        var token = await DeploymentAsync("GuildToken");
        var balance = await Eventually.ReturnsAsync(async () =>
        {
            var value = await node.Eth.GetContractQueryHandler<Guild.Chain.Contracts.GuildToken.BalanceOfFunction>()
                .QueryAsync<BigInteger>(token, new Guild.Chain.Contracts.GuildToken.BalanceOfFunction { Account = account });
            return value > 0 ? (object)value : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(BigInteger.Parse(claim.CumulativeWei), (BigInteger)balance);
        var after = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{account}"))!;
        Assert.Equal("0", after.ClaimableWei);
        await page.GotoAsync("/me");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Claim with browser wallet" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AccountWithoutGitHub_LinksAWalletOnMe_BySigningTheSiweMessageInItsBrowserWallet()
    {
        var node = new Web3(TestEnvironment.SharedAnvilRpc);
        // Another anvil development account than the claim test's: a wallet is paid for one person only.
        var account = (await node.Eth.Accounts.SendRequestAsync())[^2].ToLowerInvariant();
        var page = await SignInAsync(await NewUserAsync(), account);

        await page.GotoAsync("/me");
        await Expect(page.GetByTestId("wallet")).ToContainTextAsync("Any account can link one");
        await page.GetByLabel("Wallet address").FillAsync(account);
        await page.GetByRole(AriaRole.Button, new() { Name = "Get the message to sign" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-message")).ToContainTextAsync($"{portal.ServerAddress.Authority} wants you to sign in with your Ethereum account:");
        await Expect(page.GetByTestId("wallet-message")).ToContainTextAsync("Pay the Guild rewards of the account contributor+");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with browser wallet" }).ClickAsync();
        await Expect(page.GetByLabel("Signature")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^0x[0-9a-f]{130}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Link wallet" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("linked: your rewards go to it");
        await Expect(page.GetByTestId("wallet")).ToContainTextAsync(account);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task GitHubLogin_HasOneOwner_ARefusalOrADenialKeepsTheExistingLink_AndAnotherPersonsEmailStaysTheirs()
    {
        var login = $"Shared-{Guid.NewGuid():N}"[..20];
        var own = $"Own-{Guid.NewGuid():N}"[..20];
        var contested = $"team-{Guid.NewGuid():N}"[..13] + "@example.org";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // A steward confirmed earlier that this email is somebody else's.
            var confirmed = await scope.ServiceProvider.GetRequiredService<ConfirmIdentityMappingCommand>().ExecuteAsync(IdentityKind.GitEmail, contested, "somebody-else", "steward", default);
            Assert.Null(confirmed.Error);
        }
        portal.GitHub.SignedIn = new GitHubAccount(9_000_002, login, []);
        var first = await SignInAsync(await NewUserAsync());
        await first.GotoAsync("/me");
        await first.GetByRole(AriaRole.Button, new() { Name = "Link GitHub" }).ClickAsync();
        await Expect(first.GetByTestId("github-login")).ToContainTextAsync("@" + login, new() { IgnoreCase = true });

        var secondEmail = await NewUserAsync();
        var second = await SignInAsync(secondEmail);
        portal.GitHub.SignedIn = new GitHubAccount(9_000_003, own, [(contested, true)]);
        await second.GotoAsync("/me");
        await second.GetByRole(AriaRole.Button, new() { Name = "Link GitHub" }).ClickAsync();
        await Expect(second.GetByTestId("status")).ToContainTextAsync("already confirmed for another GitHub account");
        await Expect(second.GetByTestId("github-login")).ToContainTextAsync("@" + own, new() { IgnoreCase = true });

        foreach (var account in new[] { new GitHubAccount(9_000_002, login, []), new GitHubAccount(9_000_004, login.ToUpperInvariant(), []) })
        {
            // The same GitHub account, or another one that took over the same name after a rename.
            portal.GitHub.SignedIn = account;
            await second.GotoAsync("/me");
            await second.GetByRole(AriaRole.Button, new() { Name = "Link another GitHub account" }).ClickAsync();
            await Expect(second.GetByTestId("status")).ToContainTextAsync("linked to another portal account");
            await Expect(second.GetByTestId("github-login")).ToContainTextAsync("@" + own, new() { IgnoreCase = true });
        }

        portal.GitHub.SignedIn = null; // the person presses "Cancel" on GitHub
        await second.GotoAsync("/me");
        await second.GetByRole(AriaRole.Button, new() { Name = "Link another GitHub account" }).ClickAsync();
        await Expect(second.GetByTestId("status")).ToContainTextAsync("GitHub did not confirm the account");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            var rewards = await Guild.Web.Epochs.ContributorRewards.LoadAsync(scope.ServiceProvider.GetRequiredService<GuildDbContext>(), (await users.FindByEmailAsync(secondEmail))!.Id, default);
            Assert.Equal([own.ToLowerInvariant()], rewards.GitHubLogins);
            var identity = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContributorIdentities
                .SingleAsync(i => i.Kind == IdentityKind.GitEmail && i.Value == contested);
            Assert.Equal("somebody-else", identity.Login);
        }
    }

    [Fact]
    public async Task WalletApi_RefusesBadInput_WrongSigners_SpentExpiredAndForeignChallenges_WithoutChangingAnything()
    {
        var (client, contributor) = await LinkedApiUserAsync();
        var key = EthECKey.GenerateKey();
        var address = key.GetPublicAddress();

        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.CreateBrowserlikeClient().PostAsJsonAsync("/api/me/wallet/challenges", new { address })).StatusCode);
        // An account without GitHub may link a wallet too (SiweLinkingTests follows it through); it gets a message.
        var unlinked = await portal.LoginAsync(await NewUserAsync(), Password);
        Assert.Equal(HttpStatusCode.Created, (await unlinked.PostAsJsonAsync("/api/me/wallet/challenges", new { address })).StatusCode);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address = "0x1234" }), HttpStatusCode.BadRequest, "address");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address = EthereumAddress.Zero }), HttpStatusCode.BadRequest, "address");

        var challenge = await IssueAsync(client, address);
        var impostor = EthECKey.GenerateKey();
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = Sign(challenge.Message, impostor) }),
            HttpStatusCode.BadRequest, $"signed by {EthereumAddress.ToChecksum(impostor.GetPublicAddress().ToLowerInvariant())}");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = "0x1234" }), HttpStatusCode.BadRequest, "not a valid signature");
        // The same text with another nonce is another message: a signature is good for the message it signed only.
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = Sign(challenge.Message.Replace(challenge.Nonce, new string('0', 32)), key) }),
            HttpStatusCode.BadRequest, "signed by");
        var (other, _) = await LinkedApiUserAsync();
        await AssertProblemAsync(await other.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = Sign(challenge.Message, key) }), HttpStatusCode.NotFound, "No wallet challenge");
        Assert.Null(await WalletAsync(contributor));

        var linked = await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = Sign(challenge.Message, key) });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal(address.ToLowerInvariant(), await WalletAsync(contributor));
        // The person hears of it by mail: a hijacked account cannot redirect rewards unnoticed.
        var email = (await client.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me"))!.Email!;
        var notice = await Mailbox.WaitForAsync(email);
        Assert.Equal("Your Guild wallet changed", notice.Subject);
        Assert.Contains(address.ToLowerInvariant(), notice.Text);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = Sign(challenge.Message, key) }), HttpStatusCode.BadRequest, "already used");

        var next = EthECKey.GenerateKey();
        var late = await IssueAsync(client, next.GetPublicAddress());
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GuildDbContext>().WalletChallenges.Where(c => c.Nonce == late.Nonce)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { late.Nonce, Signature = Sign(late.Message, next) }), HttpStatusCode.BadRequest, "expired");
        Assert.Equal(address.ToLowerInvariant(), await WalletAsync(contributor));

        // Two requests racing with one valid signature: exactly one links.
        var racer = EthECKey.GenerateKey();
        var raced = await IssueAsync(client, racer.GetPublicAddress());
        var race = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/me/wallet", new { raced.Nonce, Signature = Sign(raced.Message, racer) })));
        Assert.Equal(1, race.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(race.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(racer.GetPublicAddress().ToLowerInvariant(), await WalletAsync(contributor));

        // One wallet is paid for one person: another account cannot link the address this one holds, and nothing changes.
        var taken = await IssueAsync(other, racer.GetPublicAddress());
        await AssertProblemAsync(await other.PostAsJsonAsync("/api/me/wallet", new { taken.Nonce, Signature = Sign(taken.Message, racer) }), HttpStatusCode.Conflict, "already linked to another contributor");
        Assert.Equal(racer.GetPublicAddress().ToLowerInvariant(), await WalletAsync(contributor));

        // Unlinking leaves the person without a wallet (their share accrues again); unlinking twice finds nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/me/wallet")).StatusCode);
        Assert.Null(await WalletAsync(contributor));
        await Eventually.ReturnsAsync(async () => (await Mailbox.ToAsync(email)).FirstOrDefault(m => m.Text.Contains("was unlinked")), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/me/wallet")).StatusCode);
        // Now the address is free, the other account may link it.
        var freed = await IssueAsync(other, racer.GetPublicAddress());
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/me/wallet", new { freed.Nonce, Signature = Sign(freed.Message, racer) })).StatusCode);

        var stale = await IssueAsync(client, address);
        for (var open = 1; open < 5; open++) // the stale message is still open: it counts
        {
            await IssueAsync(client, address);
        }
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address }), HttpStatusCode.TooManyRequests, "waiting for a signature");

        var me = await client.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me");
        Assert.Equal(contributor, me!.Contributor);
        Assert.StartsWith("person:", me.Contributor);
        Assert.Null(me.Wallet);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})")));
    }

    private async Task<string> NewUserAsync()
    {
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password);
        return email;
    }

    private Task<IPage> SignInAsync(string email, string? walletAccount = null) => BrowserSession.SignInAsync(Browser, portal, email, "/me", walletAccount);

    /// <summary>A signed-in API client whose account has a GitHub link (made directly, as the OAuth flow is covered above), and its person's key.</summary>
    private async Task<(HttpClient Client, string Contributor)> LinkedApiUserAsync()
    {
        var email = await NewUserAsync();
        var person = await portal.LinkGitHubAsync(email, $"api-{Guid.NewGuid():N}"[..16]);
        return (await portal.LoginAsync(email, Password), person.Key);
    }

    private static async Task<MyAccountApi.WalletChallengeResponse> IssueAsync(HttpClient client, string address)
    {
        var response = await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MyAccountApi.WalletChallengeResponse>())!;
    }

    private static string Sign(string message, EthECKey key) => new EthereumMessageSigner().EncodeUTF8AndSign(message, key);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    private async Task<string?> WalletAsync(string contributor)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var person = Guild.Core.People.Person.IdOf(contributor);
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContributorWallets.Where(w => w.PersonId == person).Select(w => w.Address).SingleOrDefaultAsync();
    }

    private static async Task EpochStatusAsync(HttpClient steward, long number, string status)
    {
        try
        {
            await Eventually.ReturnsAsync(async () =>
                (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))?.Status == status ? status : null, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"epoch {number} never became {status}: {await steward.GetStringAsync($"/api/epochs/{number}")}");
        }
    }

    private async Task<string> DeploymentAsync(string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContractDeployments.Where(d => d.Name == name).Select(d => d.Address).SingleAsync();
    }

    private async Task<string> DistributorAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContractDeployments.Where(d => d.Name == "RewardsDistributor").Select(d => d.Address.ToLower()).SingleAsync();
    }
}
