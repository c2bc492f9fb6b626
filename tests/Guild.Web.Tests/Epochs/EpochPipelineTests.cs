using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Core.Allocation;
using Guild.Core.Contributions;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Web.Tests.Epochs;

/// <summary>
/// The rewards pipeline through every layer on PostgreSQL and anvil: contributions in the store → a steward opens,
/// computes and publishes an epoch over the API (Hangfire jobs, Guild.Core, Guild.Chain) → the root is on-chain → the
/// claims API gives a wallet its proof → the wallet claims and receives exactly its amount.
/// </summary>
public class EpochPipelineTests(EpochPipelineTests.DeployingPortal portal) : IClassFixture<EpochPipelineTests.DeployingPortal>
{
    private static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    private const string Password = "Correct-Horse-9";

    /// <summary>The portal deploying its own contract suite on the shared anvil with a fresh key from the environment.</summary>
    public sealed class DeployingPortal : GuildWebFactory
    {
        private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

        public Account Contributor { get; } = new(EthECKey.GenerateKey().GetPrivateKeyAsBytes(), 31337);

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Chain:Signer:PrivateKey", signerKey),
            ("Chain:Deployment:AutoDeploy", "true"),
            ("Chain:Deployment:TimelockDelaySeconds", "60"),
            ("Chain:Deployment:VotingDelaySeconds", "1"),
            ("Chain:Deployment:VotingPeriodSeconds", "600"),
            ("Chain:Deployment:ChallengePeriodSeconds", RewardsLoopPortal.ChallengeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        protected override async Task PrepareAsync()
        {
            var node = new Web3(TestEnvironment.SharedAnvilRpc);
            foreach (var address in new[] { new EthECKey(signerKey).GetPublicAddress(), Contributor.Address })
            {
                await node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
            }
        }
    }

    private async Task<HttpClient> StewardAsync()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password, GuildRoles.Steward);
        return await portal.LoginAsync(email, Password);
    }

    private async Task SeedContributionsAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var now = DateTimeOffset.UtcNow;
        IdentityRef Login(string login) => new(IdentityKind.GitHubLogin, login);
        await services.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(new ContributionSource("github.com", "guild/pipeline", null),
        [
            new ContributionRecord(ContributionKind.PullRequest, "1", now.AddDays(-3)) { Author = Login("ada"), Title = "Scoring engine", Additions = 500, Deletions = 40, MergedBy = "grace" },
            new ContributionRecord(ContributionKind.Review, "11", now.AddDays(-2)) { Author = Login("grace"), Number = 1 },
            new ContributionRecord(ContributionKind.PullRequest, "2", now.AddDays(-2)) { Author = Login("linus"), Title = "Claims tree", Additions = 120, Deletions = 10 },
        ], default);
        var db = services.GetRequiredService<Guild.Core.Data.GuildDbContext>();
        db.ContributorWallets.Add(new ContributorWallet(await portal.PersonIdAsync("ada"), portal.Contributor.Address.ToLowerInvariant(), now));
        db.ContributorWallets.Add(new ContributorWallet(await portal.PersonIdAsync("grace"), EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), now));
        await db.SaveChangesAsync();
    }

    private async Task<EpochsApi.EpochResponse> WaitForStatusAsync(HttpClient client, long number, string status) =>
        await Eventually.ReturnsAsync(async () =>
        {
            var epoch = await client.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}");
            return epoch?.Status == status ? epoch : null;
        }, TimeSpan.FromSeconds(90));

    [Fact]
    public async Task StewardComputesAndPublishes_ContributorClaimsExactlyTheirAmount()
    {
        await SeedContributionsAsync();
        var steward = await StewardAsync();

        // Open, compute and publish epoch 1 over the API.
        var created = await steward.PostAsJsonAsync("/api/epochs", new { budgetWei = (1_000 * Agi).ToString(), capPpm = 600_000, minimumPayoutWei = "1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{number}/compute", null)).StatusCode);
        var computed = await WaitForStatusAsync(steward, number, "Computed");
        await new Web3(TestEnvironment.SharedAnvilRpc).Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", 86_400)); // let the pool vest
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{number}/publish", null)).StatusCode);
        var published = await WaitForStatusAsync(steward, number, "Published");

        // Until its challenge window ends the root is not claimable: the API says when it will be. (Other test runs share
        // the chain and may move its clock; then the window has simply passed already.)
        Assert.NotNull(published.ClaimableAt);
        var early = await portal.CreateClient().GetAsync($"/api/claims/{portal.Contributor.Address}");
        if (early.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            Assert.Contains("challenge window", await early.Content.ReadAsStringAsync());
        }
        else
        {
            var head = await new Web3(TestEnvironment.SharedAnvilRpc).Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
            Assert.True(DateTimeOffset.FromUnixTimeSeconds((long)head.Timestamp.Value) >= published.ClaimableAt, "a root was served before its challenge window ended");
        }
        await RewardsLoopPortal.PassChallengeWindowAsync();

        // The root on-chain is the epoch's.
        var contracts = (await portal.CreateClient().GetFromJsonAsync<ChainApi.ContractResponse[]>("/api/chain/contracts"))!;
        var distributor = contracts.Single(c => c.Name == "RewardsDistributor").Address;
        var token = contracts.Single(c => c.Name == "GuildToken").Address;
        var node = new Web3(TestEnvironment.SharedAnvilRpc);
        var root = await node.Eth.GetContractQueryHandler<Distributor.RootOfFunction>().QueryAsync<byte[]>(distributor, new Distributor.RootOfFunction { Epoch = number });
        Assert.Equal(computed.Root, "0x" + Convert.ToHexStringLower(root));
        Assert.Equal(computed.Root, published.Root);

        // Anyone can see why ada got her share.
        var ada = Guild.Core.People.Person.KeyOf(await portal.PersonIdAsync("ada"));
        var explanation = await portal.CreateClient().GetFromJsonAsync<JsonElement>($"/api/epochs/{number}/explanation?contributor={ada}");
        Assert.Contains(explanation.GetProperty("byType").EnumerateArray(), t => t.GetProperty("type").GetString() == "pull_request");
        // What the API serves was stored at compute time; it is what the published snapshot recomputes to.
        var snapshot = await portal.CreateClient().GetStreamAsync($"/api/epochs/{number}/files/snapshot.json");
        var recomputed = ExplainContributor.Run(
            AllocateEpoch.Run(EpochSnapshotJson.Read(snapshot)), ada, top: 3)!;
        Assert.Equal(recomputed.ByType.Select(t => (t.Type.Name(), Math.Round(t.Share, 12), t.Contributions)),
            explanation.GetProperty("byType").EnumerateArray().Select(t => (t.GetProperty("type").GetString()!, Math.Round(t.GetProperty("share").GetDouble(), 12), t.GetProperty("contributions").GetInt32())));
        var top3 = await portal.CreateClient().GetFromJsonAsync<JsonElement>($"/api/epochs/{number}/explanation?contributor={ada}&top=3");
        Assert.Equal(recomputed.TopContributions.Select(c => c.Contribution),
            top3.GetProperty("topContributions").EnumerateArray().Select(c => c.GetProperty("contribution").GetString()));

        // The list pages in the database, in one order: the pages together are the whole list, largest share first.
        var all = (await portal.CreateClient().GetFromJsonAsync<EpochsApi.ContributorLineResponse[]>($"/api/epochs/{number}/contributors?take=1000"))!;
        var paged = new List<EpochsApi.ContributorLineResponse>();
        for (var skip = 0; skip < all.Length; skip += 2)
        {
            paged.AddRange((await portal.CreateClient().GetFromJsonAsync<EpochsApi.ContributorLineResponse[]>($"/api/epochs/{number}/contributors?skip={skip}&take=2"))!);
        }
        Assert.True(all.Length >= 2);
        Assert.Equal(all.Select(l => l.Contributor), paged.Select(l => l.Contributor));
        Assert.Equal(all.OrderByDescending(l => l.ScoreShare).Select(l => l.ScoreShare), all.Select(l => l.ScoreShare));

        // Ada's wallet fetches its claim and sends the calldata the portal prepared, as a browser wallet would.
        var claim = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{portal.Contributor.Address}"))!;
        Assert.Equal(number, claim.Epoch);
        Assert.Equal("0", claim.ClaimedWei);
        Assert.Equal(claim.CumulativeWei, claim.ClaimableWei);
        Assert.Equal(distributor.ToLowerInvariant(), claim.Distributor?.ToLowerInvariant());
        var wallet = new Web3(portal.Contributor, TestEnvironment.SharedAnvilRpc);
        var input = new Nethereum.RPC.Eth.DTOs.TransactionInput { Data = claim.Calldata, To = distributor, From = portal.Contributor.Address };
        input.Gas = await wallet.Eth.TransactionManager.EstimateGasAsync(input); // as a wallet does before asking to sign
        var hash = await wallet.Eth.TransactionManager.SendTransactionAsync(input);
        var receipt = await wallet.Eth.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
        var balance = await node.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = portal.Contributor.Address });
        Assert.Equal(BigInteger.Parse(claim.CumulativeWei), balance);
        Assert.True(balance > 0);
        var after = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{portal.Contributor.Address}"))!;
        Assert.Equal(claim.CumulativeWei, after.ClaimedWei);
        Assert.Equal("0", after.ClaimableWei);

        // The portal shows the epoch and its root to anyone.
        var page = await portal.CreateClient().GetStringAsync($"/epochs/{number}");
        Assert.Contains(computed.Root!, page);

        // Publishing or computing again is refused with the reason; nothing is queued and the chain keeps the same root.
        foreach (var action in new[] { "publish", "compute" })
        {
            var again = await steward.PostAsync($"/api/epochs/{number}/{action}", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("published and immutable", await again.Content.ReadAsStringAsync());
        }
        Assert.Equal(published.PublishedAt, (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!.PublishedAt);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Guild.Core.Data.GuildDbContext>();
        Assert.Equal(1, db.ChainTransactions.Count(t => t.Purpose == $"rewards.publish-root:{number}"));
    }

    [Fact]
    public async Task ImpossibleMoves_Answer409WithTheReason_AndAFailedComputeIsRecordedOnTheEpoch()
    {
        var steward = await StewardAsync();
        long draft;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // Two unpublished epochs, as a crash between checks could leave them: the later one cannot compute.
            var db = scope.ServiceProvider.GetRequiredService<Guild.Core.Data.GuildDbContext>();
            var last = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MaxAsync(db.Epochs.Select(e => (long?)e.Number)) ?? 0;
            var now = DateTimeOffset.UtcNow;
            db.Epochs.Add(new Guild.Core.Allocation.Epochs.Epoch(last + 1, false, now.AddSeconds(-2), null, Agi, 50_000, Agi, now));
            db.Epochs.Add(new Guild.Core.Allocation.Epochs.Epoch(last + 2, false, now.AddSeconds(-1), null, Agi, 50_000, Agi, now));
            await db.SaveChangesAsync();
            draft = last + 2;

            // The job refuses, and says why on the epoch (the page shows it with Retry), not only in the dashboard.
            var job = scope.ServiceProvider.GetRequiredService<Guild.Jobs.Allocation.ComputeEpochJob>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(draft, default));
        }
        var epoch = (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{draft}"))!;
        Assert.Equal("Draft", epoch.Status);
        Assert.Equal("None", epoch.Activity);
        Assert.Contains($"needs epoch {draft - 1} published first", epoch.Failure);

        var compute = await steward.PostAsync($"/api/epochs/{draft}/compute", null);
        Assert.Equal(HttpStatusCode.Conflict, compute.StatusCode);
        Assert.Contains("published first", await compute.Content.ReadAsStringAsync());
        var publish = await steward.PostAsync($"/api/epochs/{draft - 1}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Contains("is a draft: compute it", await publish.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsync("/api/epochs/999999/compute", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await steward.DeleteAsync($"/api/epochs/{draft - 1}")).StatusCode); // not the latest

        // Drafts can be changed and deleted, latest first.
        var changed = await steward.PutAsJsonAsync($"/api/epochs/{draft}", new { budgetWei = (2 * Agi).ToString() });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal((2 * Agi).ToString(), (await changed.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.BudgetWei);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PutAsJsonAsync($"/api/epochs/{draft}", new { budgetWei = "-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await steward.DeleteAsync($"/api/epochs/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await steward.DeleteAsync($"/api/epochs/{draft - 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync($"/api/epochs/{draft}")).StatusCode);
    }

    [Fact]
    public async Task EpochEndpoints_WithoutTheStewardRole_AreRefused()
    {
        var anonymous = portal.CreateBrowserlikeClient();
        var email = $"contributor+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, Password);
        var contributor = await portal.LoginAsync(email, Password);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/epochs", new { budgetWei = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.PostAsJsonAsync("/api/epochs", new { budgetWei = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.PostAsync("/api/epochs/1/publish", null)).StatusCode);
    }

    [Fact]
    public async Task CreateEpoch_BadInput_Answers400WithTheFieldAndStoresNothing()
    {
        var steward = await StewardAsync();
        var before = (await steward.GetFromJsonAsync<EpochsApi.EpochResponse[]>("/api/epochs"))!.Length;

        var response = await steward.PostAsJsonAsync("/api/epochs", new { budgetWei = "-12", capPpm = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("budgetWei", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("capPpm", out _));
        Assert.Equal(before, (await steward.GetFromJsonAsync<EpochsApi.EpochResponse[]>("/api/epochs"))!.Length);
    }

    [Fact]
    public async Task Claims_NotAnAddress_Answers400()
    {
        var response = await portal.CreateClient().GetAsync("/api/claims/not-an-address");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
