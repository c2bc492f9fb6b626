using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using Guild.Chain.Contracts.TestSmartWallet;
using Guild.Chain.Deployment;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Guild.Web.Tests.Contributors;

/// <summary>
/// Wallets link with Sign-In with Ethereum (EIP-4361), checked against an independent implementation: the npm
/// <c>siwe</c> library parses the portal's messages, and messages it builds and ethers signs with anvil's development keys
/// are accepted. Foreign, tampered, replayed, expired and malformed messages and signatures are refused with 400 and
/// change nothing. Contract wallets link through EIP-1271. Any account can link a wallet, GitHub or not.
/// </summary>
public class SiweLinkingTests(SiweLinkingTests.SiwePortal portal) : IClassFixture<SiweLinkingTests.SiwePortal>
{
    private const string Password = BrowserSession.Password;

    /// <summary>The portal as the public knows it: not the loopback address the tests talk to.</summary>
    public const string PublicOrigin = "http://guild.example.test"; // http: the test talks to Kestrel directly, with no TLS proxy in front
    public const string Domain = "guild.example.test";

    /// <summary>A portal with its own contract suite on the shared anvil and a configured public origin.</summary>
    public sealed class SiwePortal : GuildWebFactory
    {
        private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Chain:Signer:PrivateKey", signerKey),
            ("Chain:Deployment:AutoDeploy", "true"),
            ("Portal:PublicOrigin", PublicOrigin),
        ];

        protected override Task PrepareAsync() => FundAsync(new EthECKey(signerKey).GetPublicAddress());
    }

    [Fact]
    public async Task IndependentSigner_BuildsAndSignsTheIssuedFields_ThePortalLinksTheWallet_AndAReplayIsRefused()
    {
        var (client, contributor, _) = await SignedInAsync(gitHub: true);
        var key = new EthECKey(TestKeys.Anvil[0]);
        var address = key.GetPublicAddress();

        // The Host header is the client's to choose: a foreign one is refused outright (the portal answers to its public
        // name and loopback only), and the message names the configured origin, not the Host the request used.
        using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/api/me/wallet/challenges") { Content = JsonContent.Create(new { address }) };
        spoofed.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(spoofed)).StatusCode);
        var issued = await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var challenge = (await issued.Content.ReadFromJsonAsync<MyAccountApi.WalletChallengeResponse>())!;
        var distributor = await DistributorAsync();
        Assert.StartsWith($"{Domain} wants you to sign in with your Ethereum account:\n{address}\n\n", challenge.Message);
        Assert.Contains($"\nURI: {PublicOrigin}\nVersion: 1\nChain ID: 31337\nNonce: {challenge.Nonce}\n", challenge.Message);
        Assert.EndsWith($"\nResources:\n- eip155:31337:{EthereumAddress.ToChecksum(distributor)}", challenge.Message);
        Assert.Contains($"({contributor})", challenge.Siwe.Statement);
        Assert.DoesNotContain("evil.example", challenge.Message);

        // The reference parser reads the portal's text into the same fields the API names.
        var parsed = await SiweTool.ParseAsync(challenge.Message);
        Assert.True(parsed.Ok, parsed.Error);
        Assert.Equal(Domain, parsed.Fields.GetProperty("domain").GetString());
        Assert.Equal(address, parsed.Fields.GetProperty("address").GetString());
        Assert.Equal(challenge.Siwe.Statement, parsed.Fields.GetProperty("statement").GetString());
        Assert.Equal(challenge.Nonce, parsed.Fields.GetProperty("nonce").GetString());
        Assert.Equal(31337, parsed.Fields.GetProperty("chainId").GetInt64());
        Assert.Equal(challenge.Siwe.ExpirationTime, parsed.Fields.GetProperty("expirationTime").GetString());

        // The independent implementation writes the very same text from the fields, and its signature links the wallet.
        var signed = await SiweTool.SignAsync(challenge.Siwe, TestKeys.Anvil[0]);
        Assert.Equal(challenge.Message, signed.Message);
        var linked = await client.PostAsJsonAsync("/api/me/wallet", new { signed.Message, signed.Signature });
        Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        Assert.Equal(address.ToLowerInvariant(), await WalletAsync(contributor));
        Assert.True((await SiweTool.VerifyAsync(signed.Message, signed.Signature, Domain, challenge.Nonce)).Success);

        // Replayed: the nonce is spent, with the message or by its nonce alone.
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { signed.Message, signed.Signature }), HttpStatusCode.BadRequest, "already used");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, signed.Signature }), HttpStatusCode.BadRequest, "already used");
        Assert.Equal(address.ToLowerInvariant(), await WalletAsync(contributor));
    }

    [Fact]
    public async Task ForeignTamperedExpiredAndMalformedMessages_AreRefusedWith400_AndChangeNothing()
    {
        var (client, contributor, _) = await SignedInAsync(gitHub: true);
        var signer = TestKeys.Anvil[1];
        var address = new EthECKey(signer).GetPublicAddress();
        var challenge = await IssueAsync(client, address);
        var fields = challenge.Siwe;
        var before = await SnapshotAsync();

        async Task RefusedAsync(object body, string expected, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", body), status, expected);

        // Signed by the wallet, but for another site, another URI, another chain, or without the distributor.
        foreach (var (foreign, expected) in new (MyAccountApi.SiweFields Fields, string Expected)[]
                 {
                     (fields with { Domain = "evil.example" }, "asks to sign in to evil.example"),
                     (fields with { Uri = "https://evil.example" }, "asks to sign in to"),
                     (fields with { Domain = "guild.example.test:8443", Uri = "https://guild.example.test:8443" }, "but this portal is guild.example.test"),
                     (fields with { ChainId = 1 }, "is for chain 1, but the portal pays on chain 31337"),
                     (fields with { Resources = [] }, "does not name the rewards distributor"),
                     (fields with { Resources = [$"eip155:31337:{EthereumAddress.ToChecksum(EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant())}"] }, "does not name the rewards distributor"),
                     (fields with { Statement = "Pay the Guild rewards of person:1 to this wallet." }, "differs from the one this portal issued"),
                     (fields with { ExpirationTime = SiweMessage.FormatTime(DateTimeOffset.UtcNow.AddDays(30)) }, "differs from the one this portal issued"),
                     (fields with { ExpirationTime = SiweMessage.FormatTime(DateTimeOffset.UtcNow.AddMinutes(-1)) }, "expired"),
                     (fields with { Nonce = "abcdef0123456789" }, "No wallet challenge abcdef0123456789"),
                 })
        {
            var signed = await SiweTool.SignAsync(foreign, signer);
            await RefusedAsync(new { signed.Message, signed.Signature }, expected,
                expected.StartsWith("No wallet", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest);
        }

        var good = await SiweTool.SignAsync(fields, signer);
        // Tampered: one character of the signed text changed, or the text of another nonce sent with this one.
        await RefusedAsync(new { Message = good.Message.Replace("Pay the Guild", "Pay the guild", StringComparison.Ordinal), good.Signature }, "differs from the one this portal issued");
        await RefusedAsync(new { challenge.Nonce, Message = good.Message.Replace(challenge.Nonce, "0123456789abcdef", StringComparison.Ordinal), good.Signature }, "is not the challenge");
        // Signed by another key, of the exact message.
        var impostor = await SiweTool.SignAsync(fields, TestKeys.Anvil[5]);
        await RefusedAsync(new { good.Message, impostor.Signature }, $"signed by {new EthECKey(TestKeys.Anvil[5]).GetPublicAddress()}");
        // Another account's challenge, even with its owner's valid signature.
        var (other, _, _) = await SignedInAsync(gitHub: false);
        await AssertProblemAsync(await other.PostAsJsonAsync("/api/me/wallet", new { good.Message, good.Signature }), HttpStatusCode.NotFound, "No wallet challenge");
        // Not an EIP-4361 message at all.
        await RefusedAsync(new { Message = "Sign in please", good.Signature }, "not a Sign-In with Ethereum");
        await RefusedAsync(new { Message = good.Message.Replace("\n", "\r\n", StringComparison.Ordinal), good.Signature }, "not a Sign-In with Ethereum");
        await RefusedAsync(new { Message = good.Message.Replace(address, address.ToLowerInvariant().Replace("0x", "0X", StringComparison.Ordinal), StringComparison.Ordinal), good.Signature }, "EIP-55");
        await RefusedAsync(new { Message = new string('a', 5000), good.Signature }, "longer than");

        // Malformed signatures: 400 with a reason, never 500.
        foreach (var malformed in new[]
                 {
                     "", "0x", "zz", "0x1234", "0x" + new string('0', 130), "0x" + new string('f', 128) + "1f", "0x" + new string('1', 129),
                     "0x" + new string('a', 2 * 5000), "0x" + new string('g', 130), " 0x" + new string('0', 130) + "\u0000",
                 })
        {
            await RefusedAsync(new { good.Message, Signature = malformed }, "not a valid signature");
        }
        await RefusedAsync(new { good.Message }, "not a valid signature");
        foreach (var json in new[] { "{\"message\": 5, \"signature\": []}", "{\"nonce\": {}}", "{", "[]", "null" })
        {
            var response = await client.PostAsync("/api/me/wallet", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // None of that changed anything: no wallet, the challenge still open; and it links once signed as issued.
        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await WalletAsync(contributor));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/wallet", new { good.Message, good.Signature })).StatusCode);
        Assert.Equal(address.ToLowerInvariant(), await WalletAsync(contributor));
    }

    [Fact]
    public async Task ContractWallet_LinksThroughEip1271WhenItsOwnerSigns_AndIsRefusedOtherwise()
    {
        var owner = new EthECKey(TestKeys.Anvil[2]);
        var wallet = await DeploySmartWalletAsync(owner.GetPublicAddress());
        var (client, contributor, _) = await SignedInAsync(gitHub: true);
        var challenge = await IssueAsync(client, wallet);
        Assert.Contains($"\n{EthereumAddress.ToChecksum(wallet)}\n", challenge.Message);

        var stranger = await SiweTool.SignAsync(challenge.Siwe, TestKeys.Anvil[3]);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { stranger.Message, stranger.Signature }), HttpStatusCode.BadRequest,
            $"wallet contract {EthereumAddress.ToChecksum(wallet)} did not accept this signature");
        foreach (var malformed in new[] { "0x1234", "0x" + new string('0', 130), "0x" + new string('0', 2 * 200) })
        {
            var response = await client.PostAsJsonAsync("/api/me/wallet", new { stranger.Message, Signature = malformed });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        }
        Assert.Null(await WalletAsync(contributor));

        // The owner's personal_sign of the message is what this wallet accepts; the reference library agrees on-chain.
        var signed = await SiweTool.SignAsync(challenge.Siwe, TestKeys.Anvil[2]);
        Assert.True((await SiweTool.VerifyAsync(signed.Message, signed.Signature, Domain, challenge.Nonce, TestEnvironment.SharedAnvilRpc)).Success);
        Assert.False((await SiweTool.VerifyAsync(stranger.Message, stranger.Signature, Domain, challenge.Nonce, TestEnvironment.SharedAnvilRpc)).Success);
        var linked = await client.PostAsJsonAsync("/api/me/wallet", new { signed.Message, signed.Signature });
        Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        Assert.Equal(wallet, await WalletAsync(contributor));

        // A contract that is no wallet (the distributor itself) does not accept anything either.
        var distributor = await DistributorAsync();
        var notAWallet = await IssueAsync(client, distributor);
        var attempt = await SiweTool.SignAsync(notAWallet.Siwe, TestKeys.Anvil[2]);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/me/wallet", new { attempt.Message, attempt.Signature }), HttpStatusCode.BadRequest, "did not accept this signature");
        Assert.Equal(wallet, await WalletAsync(contributor));
    }

    [Fact]
    public async Task AccountWithoutGitHub_LinksAWallet_ItsPersonHoldsIt_AndTheNextEpochPaysIt()
    {
        var (client, _, email) = await SignedInAsync(gitHub: false);
        var me = await client.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me");
        Assert.Null(me!.Contributor);
        var key = TestKeys.Anvil[4];
        var address = new EthECKey(key).GetPublicAddress();

        var challenge = await IssueAsync(client, address);
        me = await client.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me");
        Assert.StartsWith("person:", me!.Contributor); // the account got its person on demand
        Assert.Equal($"Pay the Guild rewards of the account {email} ({me.Contributor}) to this wallet.", challenge.Siwe.Statement);
        Assert.True((await SiweTool.ParseAsync(challenge.Message)).Ok);
        var signed = await SiweTool.SignAsync(challenge.Siwe, key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/wallet", new { signed.Message, signed.Signature })).StatusCode);
        Assert.Equal(address.ToLowerInvariant(), (await client.GetFromJsonAsync<MyAccountApi.MyAccountResponse>("/api/me"))!.Wallet);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var person = await db.People.SingleAsync(p => p.UserId == user.Id);
        Assert.Equal(me.Contributor, person.Key);
        Assert.Equal(address.ToLowerInvariant(), (await db.ContributorWallets.SingleAsync(w => w.PersonId == person.Id)).Address);

        // Work recorded under a GitHub login the account links afterwards is paid to that wallet: the next epoch's
        // snapshot, which the allocation pays from, names the account's person, with the login and the wallet.
        var login = $"late-{Guid.NewGuid():N}"[..16];
        await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/siwe", null),
        [
            new ContributionRecord(ContributionKind.PullRequest, "11", DateTimeOffset.UtcNow.AddDays(-1))
            {
                Author = new IdentityRef(IdentityKind.GitHubLogin, login), Title = "Wallets for everyone", Additions = 120, Number = 11,
            },
        ], default);
        var linked = await portal.LinkGitHubAsync(email, login);
        Assert.Equal(person.Id, linked.Id);
        var now = DateTimeOffset.UtcNow;
        var snapshot = await new EpochSnapshotBuilder(db).BuildAsync(new Epoch(1, false, now, null, BigInteger.Pow(10, 21), 1_000_000, 1, now), WeightSet.Default, null, null, default);
        var line = Assert.Single(snapshot.Contributors, c => c.Id == person.Key);
        Assert.Equal(address.ToLowerInvariant(), line.Wallet);
        Assert.Contains(line.Identities, i => i.Contains(login, StringComparison.Ordinal));
    }

    private static Task FundAsync(string address) =>
        new Web3(TestEnvironment.SharedAnvilRpc).Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));

    /// <summary>Deploys a TestSmartWallet for <paramref name="owner"/> from its exported artifact, from a fresh funded account; returns its address, lower-case.</summary>
    private static async Task<string> DeploySmartWalletAsync(string owner)
    {
        var deployer = EthECKey.GenerateKey();
        await FundAsync(deployer.GetPublicAddress());
        var web3 = new Web3(new Account(deployer, 31337), TestEnvironment.SharedAnvilRpc);
        var artifact = ContractArtifacts.Find(null, TestEnvironment.RepositoryRoot)!.Get("TestSmartWallet");
        var receipt = await web3.Eth.GetContractDeploymentHandler<TestSmartWalletDeployment>()
            .SendRequestAndWaitForReceiptAsync(new TestSmartWalletDeployment(artifact.Bytecode) { Owner = owner });
        return receipt.ContractAddress.ToLowerInvariant();
    }

    /// <summary>A signed-in API client: with a GitHub link (made directly) or without; its person's key (null without one yet) and its email.</summary>
    private async Task<(HttpClient Client, string? Contributor, string Email)> SignedInAsync(bool gitHub)
    {
        var email = $"siwe+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password);
        var person = gitHub ? await portal.LinkGitHubAsync(email, $"siwe-{Guid.NewGuid():N}"[..16]) : null;
        return (await portal.LoginAsync(email, Password), person?.Key, email);
    }

    private static async Task<MyAccountApi.WalletChallengeResponse> IssueAsync(HttpClient client, string address)
    {
        var response = await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<MyAccountApi.WalletChallengeResponse>())!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    private async Task<string?> WalletAsync(string? contributor)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var person = Guild.Core.People.Person.IdOf(contributor);
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContributorWallets.Where(w => w.PersonId == person).Select(w => w.Address).SingleOrDefaultAsync();
    }

    /// <summary>Every wallet and every challenge's state, to show a refusal changed nothing.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var wallets = await db.ContributorWallets.AsNoTracking().OrderBy(w => w.PersonId).Select(w => $"{w.PersonId}:{w.Address}").ToListAsync();
        var challenges = await db.WalletChallenges.AsNoTracking().OrderBy(c => c.Nonce).Select(c => $"{c.Nonce}:{c.UsedAt}").ToListAsync();
        return string.Join(",", wallets) + "|" + string.Join(",", challenges);
    }

    private async Task<string> DistributorAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContractDeployments.Where(d => d.Name == "RewardsDistributor").Select(d => d.Address.ToLower()).SingleAsync();
    }
}
