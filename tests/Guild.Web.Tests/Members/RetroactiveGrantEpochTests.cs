using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Chain.Embedded;
using Guild.Core.Accounts;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace Guild.Web.Tests.Members;

/// <summary>
/// A retroactive grant from vote to claim, through the API on PostgreSQL and anvil: members vote "Grant", the vote ends,
/// the next epoch pays the amount as its own line (recomputing the draft keeps it there once), its report names the
/// proposal, guild-audit reproduces the root from the snapshot, publication marks the grant paid, the wallet claims
/// exactly the amount, and the epoch after pays it nothing more.
/// </summary>
public class RetroactiveGrantEpochTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    private static readonly BigInteger Agi = MembersPortal.Agi;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task PassedGrant_IsPaidOnceByTheNextEpoch_NamedInItsReport_AndClaimable()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await portal.CreateUserAsync(email, BrowserSession.Password, GuildRoles.Steward);
        var steward = await portal.LoginAsync(email, BrowserSession.Password);
        // The genesis epoch pays the initial pool and no grant: publish it (nothing to claim) before the vote.
        var genesis = await CreateEpochAsync(steward, new { genesis = true });
        await ComputeAsync(steward, genesis);
        await PublishAsync(steward, genesis);

        var sponsor = await portal.LockedMemberAsync(5_000);
        var client = await portal.LoginAsync(sponsor.Email, BrowserSession.Password);
        var payee = new EthECKey(EthECKey.GenerateKey().GetPrivateKeyAsBytes(), true).GetPublicAddress().ToLowerInvariant();
        var applied = await client.PostAsJsonAsync("/api/roadmap/grants", new
        {
            applicant = "docs-writer",
            wallet = payee,
            amountAgi = "250",
            evidence = "Wrote the operator guide.",
            endsAt = DateTimeOffset.UtcNow.AddSeconds(30),
        });
        Assert.True(applied.StatusCode == HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var proposal = (await applied.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var typed = await portal.CreateClient().GetFromJsonAsync<JsonNode>($"/api/roadmap/proposals/{proposal}/typed-data?choices=1&reason=&timestamp={at}");
        var signed = await VoteTool.SignAsync(typed!, sponsor.PrivateKey, "ethers");
        var voted = await portal.CreateClient().PostAsJsonAsync($"/api/roadmap/proposals/{proposal}/votes", new { voter = sponsor.Address, choices = new[] { 1 }, reason = "", timestamp = at, signature = signed.Signature });
        Assert.True(voted.StatusCode == HttpStatusCode.OK, await voted.Content.ReadAsStringAsync());
        await Eventually.ReturnsAsync(async () => (await ProposalAsync(proposal)).State == "closed" ? "closed" : null, TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await ProposalAsync(proposal)).Tally.Outcome);

        // The next epoch: 1,000 AGI, of which the grant takes 250 before anything is scored.
        var budget = 1_000 * Agi;
        var number = await CreateEpochAsync(steward, new { budgetWei = budget.ToString() });
        await ComputeAsync(steward, number);
        await ComputeAsync(steward, number); // a recomputed draft pays the grant again, still once
        var snapshot = await steward.GetByteArrayAsync($"/api/epochs/{number}/files/snapshot.json");
        using (var parsed = JsonDocument.Parse(snapshot))
        {
            var grant = Assert.Single(parsed.RootElement.GetProperty("grants").EnumerateArray().ToList());
            Assert.Equal(proposal, grant.GetProperty("proposal").GetInt64());
            Assert.Equal(payee, grant.GetProperty("wallet").GetString());
            Assert.Equal((250 * Agi).ToString(), grant.GetProperty("amountWei").GetString());
        }
        using (var report = JsonDocument.Parse(await steward.GetByteArrayAsync($"/api/epochs/{number}/files/report.json")))
        {
            var line = Assert.Single(report.RootElement.GetProperty("grants").EnumerateArray().ToList());
            Assert.Equal($"grant:roadmap-proposal-{proposal}", line.GetProperty("grantedBy").GetString());
            Assert.Equal((250 * Agi).ToString(), line.GetProperty("amountWei").GetString());
            var account = Assert.Single(report.RootElement.GetProperty("accounts").EnumerateArray().ToList(), a => a.GetProperty("account").GetString() == payee);
            Assert.Equal((250 * Agi).ToString(), account.GetProperty("cumulativeWei").GetString());
        }
        var csv = Encoding.UTF8.GetString(await steward.GetByteArrayAsync($"/api/epochs/{number}/files/report.csv"));
        Assert.Single(csv.Split('\n'), l => l.StartsWith($"grant:roadmap-proposal-{proposal},{payee},", StringComparison.Ordinal));
        // The epoch's page lists the grant with the vote that granted it.
        var page = await portal.CreateClient().GetStringAsync($"/epochs/{number}");
        Assert.Contains($"grant:roadmap-proposal-{proposal}", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/roadmap/{proposal}\"", page, StringComparison.Ordinal);
        var computed = (await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}"))!;
        var (exit, output) = await RewardsLoopPortal.AuditAsync(snapshot, computed.Root!);
        Assert.True(exit == 0, output);
        Assert.Null((await ProposalAsync(proposal)).Grant!.PaidInEpoch); // not paid until the root is on-chain

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DevTreasury>().FundRewardsAsync(budget);
        }
        await PublishAsync(steward, number);
        Assert.Equal(number, (await ProposalAsync(proposal)).Grant!.PaidInEpoch);
        Assert.Equal(250 * Agi, await ClaimAsync(payee));

        // The epoch after pays the grant nothing more.
        var next = await CreateEpochAsync(steward, new { budgetWei = budget.ToString() });
        await ComputeAsync(steward, next);
        using (var later = JsonDocument.Parse(await steward.GetByteArrayAsync($"/api/epochs/{next}/files/snapshot.json")))
        {
            Assert.False(later.RootElement.TryGetProperty("grants", out _));
        }
        var claim = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{payee}"))!;
        Assert.Equal((250 * Agi).ToString(), claim.PendingCumulativeWei ?? claim.CumulativeWei);
    }

    private async Task<RoadmapApi.ProposalResponse> ProposalAsync(long id) =>
        (await portal.CreateClient().GetFromJsonAsync<RoadmapApi.ProposalResponse>($"/api/roadmap/proposals/{id}", Web))!;

    private static async Task<long> CreateEpochAsync(HttpClient steward, object request)
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

    private async Task PublishAsync(HttpClient steward, long number)
    {
        var started = await steward.PostAsync($"/api/epochs/{number}/publish", null);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        await StatusAsync(steward, number, "Published");
        // Past the challenge window (three days by default), so the root is claimable and the next one may follow.
        await portal.WarpAsync(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
    }

    private static async Task StatusAsync(HttpClient steward, long number, string status)
    {
        EpochsApi.EpochResponse? last = null;
        try
        {
            await Eventually.ReturnsAsync(async () =>
                (last = await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}")) is { } e && e.Status == status && e.Activity == "None" ? e : null,
                TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"epoch {number} is {last?.Status}, not {status}: {last?.Failure}");
        }
    }

    /// <summary>Sends the claim the API prepared for <paramref name="account"/> from an anvil account; returns what the account received.</summary>
    private async Task<BigInteger> ClaimAsync(string account)
    {
        var claim = (await portal.CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{account}"))!;
        var node = portal.Node;
        var token = await portal.AddressAsync("GuildToken");
        async Task<BigInteger> BalanceAsync() => await node.Eth.GetContractQueryHandler<Guild.Chain.Contracts.GuildToken.BalanceOfFunction>()
            .QueryAsync<BigInteger>(token, new Guild.Chain.Contracts.GuildToken.BalanceOfFunction { Account = account });
        var before = await BalanceAsync();
        var sender = (await node.Eth.Accounts.SendRequestAsync())[0];
        var hash = await node.Eth.TransactionManager.SendTransactionAsync(new TransactionInput { From = sender, To = claim.Distributor, Data = claim.Calldata, Gas = new HexBigInteger(300_000) });
        var receipt = await node.Eth.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
        return await BalanceAsync() - before;
    }
}
