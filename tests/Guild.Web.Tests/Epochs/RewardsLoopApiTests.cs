using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using Guild.Core.Allocation;
using Guild.Core.Data;
using Guild.Core.People;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;
using static Guild.Web.Tests.Infrastructure.RewardsLoopPortal;

namespace Guild.Web.Tests.Epochs;

/// <summary>
/// The rewards loop through the API, epoch after epoch, on nanoGPT's real history: genesis, then two more epochs with
/// newer commits imported between them; a contributor who links a wallet only after genesis; an email whose genesis
/// entitlement a steward maps to a GitHub account; a publish refused for lack of funding until the treasury funds it;
/// claims after every publish. Every wallet ends up holding exactly what the epochs paid it, and guild-audit reproduces
/// every published root from its snapshot alone.
/// </summary>
public class RewardsLoopApiTests(RewardsLoopPortal portal) : IClassFixture<RewardsLoopPortal>
{
    [Fact]
    public async Task GenesisAndTwoMoreEpochs_PayEveryWalletTheSumOfItsPayouts_AndEveryRootAudits()
    {
        var steward = await portal.StewardAsync();
        var claimed = new Dictionary<string, BigInteger>();

        // Genesis: the history up to February 2023.
        await portal.ReplayAsync(150);
        var tracked = await steward.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "github.com",
            owner = "karpathy",
            name = "nanoGPT",
            licenseName = "Collective Ownership License",
            gitUrl = portal.RepositoryPath,
        });
        Assert.Equal(HttpStatusCode.Created, tracked.StatusCode);
        var repository = (await tracked.Content.ReadFromJsonAsync<ContributionsApi.TrackedRepositoryResponse>())!.Id;
        await portal.ImportAsync(repository);
        var andrej = await LinkWalletDirectlyAsync("andrej.karpathy@gmail.com");
        var daniel = await LinkWalletDirectlyAsync("daniel@dcgross.com");

        var genesis = await RunEpochAsync(steward, new { genesis = true });
        Assert.True(genesis.Genesis);
        await ClaimAllAsync(claimed);
        Assert.True(claimed[andrej] > 0);

        // After genesis: Luca's commits were recorded under his email only; a steward confirms it is GitHub account
        // lantiga, whose owner then links a wallet. Oleksandr (a noreply email names okuvshynov) links one too.
        var luca = await PersonKeyAsync("luca@lightning.ai");
        var lucaGenesis = await LineAsync(genesis.Number, luca);
        Assert.True(lucaGenesis.GenesisEntitlementWei > 0 && lucaGenesis.Wallet is null);
        var mapped = await steward.PostAsJsonAsync("/api/ingestion/identity-mappings", new { kind = "GitEmail", value = "luca@lightning.ai", login = "lantiga" });
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        var lantiga = await LinkWalletByApiAsync("lantiga", 1_000_001);
        var okuvshynov = await LinkWalletByApiAsync("okuvshynov", 661042);
        Assert.NotEqual(luca, await PersonKeyAsync("luca@lightning.ai"));

        // Epoch 2: newer commits arrive; what the genesis cap withheld stays in the pool, and a million AGI more than that,
        // all allocated (no cap this time), is more than the pool can cover, so publishing waits for funding.
        await portal.ReplayAsync(180);
        await portal.ImportAsync(repository);
        var withheld = BigInteger.Parse(genesis.WithheldWei!, CultureInfo.InvariantCulture);
        var second = await CreateAsync(steward, new { budgetWei = (withheld + 1_000_000 * Agi).ToString(CultureInfo.InvariantCulture), capPpm = 1_000_000 });
        await ComputeAsync(steward, second);
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{second}/publish", null)).StatusCode);
        var refused = await Eventually.ReturnsAsync(async () =>
            await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{second}") is { Failure: { } failure, Activity: "None" } e ? e : null, TimeSpan.FromSeconds(60));
        Assert.Contains("short by", refused.Failure);
        Assert.Equal("Computed", refused.Status);
        // Governance grants what the refusal says is missing, and enough for epoch 3.
        Guild.Chain.Rewards.RewardsFundingState before, after;
        await using (var fundingScope = portal.Services.CreateAsyncScope())
        {
            before = await fundingScope.ServiceProvider.GetRequiredService<Guild.Chain.Rewards.RewardsFunding>().ReadAsync();
        }
        var grant = RewardsLoopPortal.ShortfallOf(refused.Failure!) + 2_000_000 * Agi;
        await portal.FundFromTreasuryAsync(grant);
        await using (var fundingScope = portal.Services.CreateAsyncScope())
        {
            after = await fundingScope.ServiceProvider.GetRequiredService<Guild.Chain.Rewards.RewardsFunding>().ReadAsync();
        }
        Assert.True(after.PayableNowWei >= before.PayableNowWei + grant, $"before {before}, after {after}, grant {grant}");
        await PublishAsync(steward, second);
        await ClaimAllAsync(claimed);

        // The merged person is paid the email's whole genesis share that vested so far, once.
        var snapshot2 = await EpochSnapshotAsync(second);
        Assert.Contains(new SnapshotMerge(luca, lantiga.Person), snapshot2.Merges);
        var lantigaLine = await LineAsync(second, lantiga.Person);
        var released = GenesisVesting.VestedAt(lucaGenesis.GenesisEntitlementWei, snapshot2.VestingStart!.Value, snapshot2.AsOf) - lucaGenesis.GenesisReleasedTotalWei;
        Assert.Equal(lucaGenesis.CarriedWei + released + lantigaLine.EpochWei, lantigaLine.PaidWei);

        // Epoch 3: the whole history.
        await portal.ReplayAsync(History.Count);
        await portal.ImportAsync(repository);
        var third = await CreateAsync(steward, new { budgetWei = (1_000_000 * Agi).ToString() });
        await ComputeAsync(steward, third);
        await PublishAsync(steward, third);
        await ClaimAllAsync(claimed);

        // Every wallet holds exactly the sum of its payouts over the three epochs (vested genesis releases included).
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var lines = await db.EpochContributors.AsNoTracking().Where(c => c.Wallet != null).ToListAsync();
        foreach (var wallet in new[] { andrej, daniel, lantiga.Wallet, okuvshynov.Wallet })
        {
            var paid = lines.Where(l => l.Wallet == wallet).Aggregate(BigInteger.Zero, (sum, l) => sum + l.PaidWei);
            Assert.True(paid > 0, $"{wallet} was paid nothing");
            Assert.Equal(paid, claimed[wallet]);
            Assert.Equal(paid, await portal.BalanceAsync(wallet));
        }

        // Anyone reproduces every published root from its public snapshot, which names no email.
        foreach (var number in new[] { genesis.Number, second, third })
        {
            var epoch = (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!;
            Assert.Equal("Published", epoch.Status);
            var file = await portal.CreateClient().GetByteArrayAsync($"/api/epochs/{number}/files/snapshot.json");
            var (exit, output) = await AuditAsync(file, epoch.Root!);
            Assert.True(exit == 0, $"guild-audit refused epoch {number}: {output}");
            Assert.Contains("root matches", output);
            foreach (var kind in new[] { "snapshot.json", "report.json", "report.csv" })
            {
                var text = Encoding.UTF8.GetString(await portal.CreateClient().GetByteArrayAsync($"/api/epochs/{number}/files/{kind}"));
                Assert.DoesNotContain("andrej.karpathy@gmail.com", text);
                Assert.DoesNotContain("@lightning.ai", text);
            }
        }
        var publicLines = await portal.CreateClient().GetFromJsonAsync<EpochsApi.ContributorLineResponse[]>($"/api/epochs/{third}/contributors?take=1000");
        Assert.Contains(publicLines!, l => l.Label == "@lantiga" && l.Wallet == lantiga.Wallet);
        Assert.DoesNotContain(publicLines!, l => l.Label.Contains('@', StringComparison.Ordinal) && l.Label.Contains('.', StringComparison.Ordinal));
    }

    private async Task<EpochsApi.EpochResponse> RunEpochAsync(HttpClient steward, object request)
    {
        var number = await CreateAsync(steward, request);
        await ComputeAsync(steward, number);
        return await PublishAsync(steward, number);
    }

    private static async Task<long> CreateAsync(HttpClient steward, object request)
    {
        var created = await steward.PostAsJsonAsync("/api/epochs", request);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
    }

    private static async Task ComputeAsync(HttpClient steward, long number)
    {
        var started = await steward.PostAsync($"/api/epochs/{number}/compute", null);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        await StatusAsync(steward, number, "Computed");
    }

    private static async Task<EpochsApi.EpochResponse> PublishAsync(HttpClient steward, long number)
    {
        var started = await steward.PostAsync($"/api/epochs/{number}/publish", null);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var published = await StatusAsync(steward, number, "Published");
        Assert.NotNull(published.ClaimableAt);
        await PassChallengeWindowAsync();
        return published;
    }

    private static async Task<EpochsApi.EpochResponse> StatusAsync(HttpClient steward, long number, string status)
    {
        try
        {
            return await Eventually.ReturnsAsync(async () =>
                await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}") is { } e && e.Status == status && e.Activity == "None" ? e : null,
                TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            var monitor = Hangfire.JobStorage.Current.GetMonitoringApi();
            var jobsSeen = string.Join("\n", monitor.FailedJobs(0, 20).Select(j => $"failed {j.Key} {j.Value.Job?.Method.Name} {j.Value.FailedAt:O} {j.Value.ExceptionMessage}")
                .Concat(monitor.ProcessingJobs(0, 20).Select(j => $"processing {j.Key} {j.Value.Job?.Method.Name} {j.Value.StartedAt:O}"))
                .Concat(monitor.EnqueuedJobs("default", 0, 20).Select(j => $"enqueued {j.Key} {j.Value.Job?.Method.Name} {j.Value.EnqueuedAt:O}"))
                .Concat(monitor.ScheduledJobs(0, 20).Select(j => $"scheduled {j.Key} {j.Value.Job?.Method.Name} {j.Value.EnqueueAt:O}"))
                .Concat(monitor.SucceededJobs(0, 20).Select(j => $"succeeded {j.Key} {j.Value.Job?.Type.Name} {j.Value.SucceededAt:O}")));
            throw new TimeoutException($"epoch {number} never became {status}: {await steward.GetStringAsync($"/api/epochs/{number}")}\n{jobsSeen}");
        }
    }

    /// <summary>Claims for every wallet of the latest tree, adding what each claim paid.</summary>
    private async Task ClaimAllAsync(Dictionary<string, BigInteger> claimed)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var latest = await db.Epochs.Where(e => e.Status == Guild.Core.Allocation.Epochs.EpochStatus.Published).MaxAsync(e => e.Number);
        foreach (var account in await db.EpochAccounts.Where(a => a.Epoch == latest).Select(a => a.Account).ToListAsync())
        {
            var claim = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{account}"))!;
            Assert.Equal(latest, claim.Epoch); // the challenge window has passed: the latest root is the claimable one
            claimed[account] = claimed.GetValueOrDefault(account) + await portal.ClaimAsync(account);
        }
    }

    private async Task<string> PersonKeyAsync(string identity)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        return Person.KeyOf(await db.ContributorIdentities.Where(i => i.Value == identity).Select(i => i.PersonId).SingleAsync());
    }

    private async Task<Guild.Core.Allocation.Epochs.EpochContributor> LineAsync(long epoch, string person)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().EpochContributors.AsNoTracking().SingleAsync(c => c.Epoch == epoch && c.Contributor == person);
    }

    private async Task<EpochSnapshot> EpochSnapshotAsync(long number)
    {
        using var stream = new MemoryStream(await portal.CreateClient().GetByteArrayAsync($"/api/epochs/{number}/files/snapshot.json"));
        return EpochSnapshotJson.Read(stream);
    }

    /// <summary>A wallet for the person an identity belongs to, linked in the database (not the subject of this test).</summary>
    private async Task<string> LinkWalletDirectlyAsync(string identity)
    {
        var address = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var person = await db.ContributorIdentities.Where(i => i.Value == identity).Select(i => i.PersonId).SingleAsync();
        db.ContributorWallets.Add(new Guild.Core.Contributions.ContributorWallet(person, address, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return address;
    }

    /// <summary>A portal account links a GitHub account, then a wallet by signing the portal's message over the API.</summary>
    private async Task<(string Person, string Wallet)> LinkWalletByApiAsync(string login, long gitHubId)
    {
        var email = $"{login}+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password);
        var person = await portal.LinkGitHubAsync(email, login, gitHubId);
        var client = await portal.LoginAsync(email, BrowserSession.Password);
        var key = EthECKey.GenerateKey();
        var issued = await client.PostAsJsonAsync("/api/me/wallet/challenges", new { address = key.GetPublicAddress() });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var challenge = (await issued.Content.ReadFromJsonAsync<MyAccountApi.WalletChallengeResponse>())!;
        var linked = await client.PostAsJsonAsync("/api/me/wallet", new { challenge.Nonce, Signature = new EthereumMessageSigner().EncodeUTF8AndSign(challenge.Message, key) });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        return (person.Key, key.GetPublicAddress().ToLowerInvariant());
    }
}
