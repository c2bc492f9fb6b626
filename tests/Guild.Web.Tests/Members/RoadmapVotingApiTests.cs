using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Core.Governance;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Escrow = Guild.Chain.Contracts.VoteEscrow;

namespace Guild.Web.Tests.Members;

/// <summary>
/// Roadmap proposals and signed votes through the HTTP API on PostgreSQL and anvil: votes signed by ethers and viem
/// (independent EIP-712 implementations) are counted with the voter's power at the snapshot; every bad input is refused
/// with a reason and changes nothing; the export recounts to the same result with guild-audit.
/// </summary>
public class RoadmapVotingApiTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    private static readonly BigInteger Agi = MembersPortal.Agi;

    private async Task<(HttpClient Client, TestMember Member)> ProposerAsync()
    {
        var member = await portal.LockedMemberAsync(5_000);
        return (await portal.LoginAsync(member.Email, BrowserSession.Password), member);
    }

    private static async Task<long> CreateAsync(HttpClient client, VoteType type, string[] choices, DateTimeOffset? ends = null)
    {
        var response = await client.PostAsJsonAsync("/api/roadmap/proposals", new
        {
            title = "Next model to train",
            body = "# Why\n\nWe have **compute** for one run.",
            choices,
            type = type.ToString(),
            endsAt = ends ?? DateTimeOffset.UtcNow.AddDays(3),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private async Task<VoteRequestBody> SignAsync(long proposal, TestMember voter, int[] choices, string reason = "", long? timestamp = null,
        string library = "ethers", Func<JsonNode, JsonNode>? tamper = null)
    {
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var typed = await portal.CreateClient().GetFromJsonAsync<JsonNode>(
            $"/api/roadmap/proposals/{proposal}/typed-data?choices={string.Join(',', choices)}&reason={Uri.EscapeDataString(reason)}&timestamp={at}");
        var signed = await VoteTool.SignAsync(tamper is null ? typed! : tamper(typed!), voter.PrivateKey, library);
        return new VoteRequestBody(voter.Address, choices, reason, at, signed.Signature);
    }

    private sealed record VoteRequestBody(string Voter, int[] Choices, string Reason, long Timestamp, string Signature);

    private Task<HttpResponseMessage> VoteAsync(long proposal, object body) => portal.CreateClient().PostAsJsonAsync($"/api/roadmap/proposals/{proposal}/votes", body);

    private async Task<RoadmapApi.ProposalResponse> GetAsync(long id) =>
        (await portal.CreateClient().GetFromJsonAsync<RoadmapApi.ProposalResponse>($"/api/roadmap/proposals/{id}", new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }))!;

    private async Task<BigInteger> PastVotesAsync(string account, long timestamp) =>
        await portal.Node.Eth.GetContractQueryHandler<Escrow.GetPastVotesFunction>()
            .QueryAsync<BigInteger>(await portal.AddressAsync("VoteEscrow"), new Escrow.GetPastVotesFunction { Account = account, Timepoint = timestamp });

    [Fact]
    public async Task Votes_SignedByEthersAndViem_CountWithThePowerAtTheSnapshot_AndALaterVoteReplaces()
    {
        var (client, _) = await ProposerAsync();
        var alice = await portal.LockedMemberAsync(2_500);
        var bob = await portal.LockedMemberAsync(2_000);
        var carol = await portal.LockedMemberAsync(1_500);
        var id = await CreateAsync(client, VoteType.RankedChoice, ["Llama-style 7B", "Mixture of experts", "Distil the 70B"]);
        var proposal = await GetAsync(id);
        // Power gained after the snapshot does not count.
        await portal.GrantAgiAsync(carol.Address, 10_000 * Agi);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));

        foreach (var (voter, choices, library) in new[] { (alice, new[] { 1, 2 }, "ethers"), (bob, new[] { 2, 1 }, "viem"), (carol, new[] { 3, 2 }, "ethers") })
        {
            var response = await VoteAsync(id, await SignAsync(id, voter, choices, $"ranked by {library}", library: library));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var counted = (await response.Content.ReadFromJsonAsync<RoadmapApi.VoteResponse>())!;
            Assert.Equal((await PastVotesAsync(voter.Address, proposal.SnapshotTimestamp)).ToString(), counted.Weight);
            Assert.False(counted.Replaced);
        }

        var result = await GetAsync(id);
        var a = await PastVotesAsync(alice.Address, proposal.SnapshotTimestamp);
        var b = await PastVotesAsync(bob.Address, proposal.SnapshotTimestamp);
        var c = await PastVotesAsync(carol.Address, proposal.SnapshotTimestamp);
        Assert.True(a > b && a > c && a < b + c, "no first-round majority: the run-off decides");
        Assert.Equal([a.ToString(), b.ToString(), c.ToString()], result.Tally.Totals);
        // The weakest first preference goes and its ballot moves on; B then leads A only if C's weight carries it.
        var eliminated = b < c ? 2 : 3;
        Assert.Equal(eliminated, result.Tally.Rounds[0].Eliminated);
        var expectedWinner = eliminated == 3 ? (b + c > a ? 2 : 1) : (a > c ? 1 : 3);
        Assert.Equal(expectedWinner, result.Tally.Outcome);
        Assert.Equal((a + b + c).ToString(), result.Tally.TotalWeight);

        // Carol votes again, later: her new ballot replaces the old one, with the same snapshot weight.
        await Task.Delay(1100);
        var again = await VoteAsync(id, await SignAsync(id, carol, [1], "changed my mind"));
        var replaced = (await again.Content.ReadFromJsonAsync<RoadmapApi.VoteResponse>())!;
        Assert.True(replaced.Replaced);
        Assert.Equal(c.ToString(), replaced.Weight);
        var after = await GetAsync(id);
        Assert.Equal(3, after.Tally.Ballots);
        Assert.Equal([(a + c).ToString(), b.ToString(), "0"], after.Tally.Totals);
        Assert.Equal(1, after.Tally.Outcome);
    }

    [Fact]
    public async Task Vote_BadInput_IsRefusedWithAReason_AndNothingChanges()
    {
        var (client, _) = await ProposerAsync();
        var voter = await portal.LockedMemberAsync(1_000);
        var powerless = await portal.NewMemberAsync();
        var id = await CreateAsync(client, VoteType.SingleChoice, ["Yes", "No"]);
        var other = await CreateAsync(client, VoteType.SingleChoice, ["Yes", "No"]);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));
        // Signed a minute ahead (within the allowed clock skew), so an "older" vote can still fall inside the vote.
        var first = await SignAsync(id, voter, [1], timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(id, first)).StatusCode);
        var before = (await GetAsync(id)).Tally;

        async Task Refused(object body, HttpStatusCode status, string reason, long proposal = 0)
        {
            var response = await VoteAsync(proposal == 0 ? id : proposal, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
            Assert.Contains(reason, text, StringComparison.Ordinal);
            var now = (await GetAsync(id)).Tally;
            Assert.Equal(before.Totals, now.Totals);
            Assert.Equal(before.Ballots, now.Ballots);
        }

        // Signed for another proposal, then sent to this one: recovers to someone else.
        var forOther = await SignAsync(other, voter, [2]);
        await Refused(forOther with { Timestamp = forOther.Timestamp }, HttpStatusCode.BadRequest, "signed for another proposal, chain or content");
        // Signed in another chain's domain.
        var otherChain = await SignAsync(id, voter, [2], timestamp: first.Timestamp + 1,
            tamper: typed => { typed["domain"]!["chainId"] = 1; return typed; });
        await Refused(otherChain, HttpStatusCode.BadRequest, "signed for another proposal, chain or content");
        // Signed for another Governor (contract).
        var otherContract = await SignAsync(id, voter, [2], timestamp: first.Timestamp + 1,
            tamper: typed => { typed["domain"]!["verifyingContract"] = "0x0000000000000000000000000000000000000001"; return typed; });
        await Refused(otherContract, HttpStatusCode.BadRequest, "signed for another proposal, chain or content");
        // Replayed: the same signed vote again.
        await Refused(first, HttpStatusCode.Conflict, "already counted");
        // An older vote than the counted one.
        var older = await SignAsync(id, voter, [2], timestamp: first.Timestamp - 30);
        await Refused(older, HttpStatusCode.Conflict, "signed later");
        // No power at the snapshot.
        await Refused(await SignAsync(id, powerless, [2]), HttpStatusCode.Forbidden, "no voting power");
        // Not a ballot of this vote type, and not a signature at all.
        await Refused(await SignAsync(id, voter, [1, 2]), HttpStatusCode.BadRequest, "exactly one option");
        await Refused(first with { Signature = "0x1234" }, HttpStatusCode.BadRequest, "65 bytes");
        // Unknown proposal.
        var missing = await VoteAsync(999_999, first);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Vote_AfterTheEnd_IsRefused()
    {
        var (client, _) = await ProposerAsync();
        var voter = await portal.LockedMemberAsync(1_000);
        var id = await CreateAsync(client, VoteType.Approval, ["A", "B"], DateTimeOffset.UtcNow.AddSeconds(3));
        var signed = await SignAsync(id, voter, [1, 2]);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var response = await VoteAsync(id, signed);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("closed", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal(0, (await GetAsync(id)).Tally.Ballots);
    }

    [Fact]
    public async Task CreateProposal_ScriptInTheMarkdown_IsRefused_AndNothingIsStored()
    {
        var (client, _) = await ProposerAsync();
        var before = await portal.CreateClient().GetFromJsonAsync<JsonArray>("/api/roadmap/proposals");

        var response = await client.PostAsJsonAsync("/api/roadmap/proposals", new
        {
            title = "Harmless",
            body = "Read this <script>fetch('/api/me')</script> and <img src=x onerror=alert(1)>",
            choices = new[] { "Yes", "No" },
            type = "SingleChoice",
            endsAt = DateTimeOffset.UtcNow.AddDays(1),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("script tag", problem.Detail);
        Assert.Contains("onerror attribute", problem.Detail);
        Assert.Equal(before!.Count, (await portal.CreateClient().GetFromJsonAsync<JsonArray>("/api/roadmap/proposals"))!.Count);
    }

    [Fact]
    public async Task CreateProposal_NotAMemberOrTooLittlePower_IsForbidden()
    {
        var outsider = await portal.NewMemberAsync(agi: 10);
        var outsiderClient = await portal.LoginAsync(outsider.Email, BrowserSession.Password);
        var body = new { title = "T", body = "B", choices = new[] { "A", "B" }, type = "SingleChoice", endsAt = DateTimeOffset.UtcNow.AddDays(1) };
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderClient.PostAsJsonAsync("/api/roadmap/proposals", body)).StatusCode);

        // A member, but with less than the roadmap threshold (100 AGI of power): 150 AGI locked for two weeks is far below.
        var small = await portal.LockedMemberAsync(150, weeks: 2);
        var smallClient = await portal.LoginAsync(small.Email, BrowserSession.Password);
        var response = await smallClient.PostAsJsonAsync("/api/roadmap/proposals", body);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("takes 100", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task Export_JsonAndCsv_HaveEverySignature_AndGuildAuditRecountsTheSameResultFromTheChain()
    {
        var (client, _) = await ProposerAsync();
        var voters = new[] { await portal.LockedMemberAsync(4_000), await portal.LockedMemberAsync(3_000), await portal.LockedMemberAsync(2_500) };
        var id = await CreateAsync(client, VoteType.RankedChoice, ["A", "B", "C"]);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));
        int[][] ballots = [[1, 3], [2, 3], [3, 2]];
        for (var i = 0; i < voters.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await VoteAsync(id, await SignAsync(id, voters[i], ballots[i]))).StatusCode);
        }
        var api = await GetAsync(id);

        var json = await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes");
        var csv = await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes?format=csv");
        var export = RoadmapExport.FromJson(json)!;
        Assert.Equal(3, export.Votes.Count);
        Assert.All(export.Votes, v => Assert.Contains(v.Signature, csv, StringComparison.Ordinal));
        Assert.Equal(await portal.ChainIdAsync(), export.ChainId);

        var file = Path.Combine(portal.DataDirectory, $"votes-{id}.json");
        await File.WriteAllTextAsync(file, json);
        var (exit, output) = await RunAuditAsync("recount", file, "--rpc", portal.Rpc);
        Assert.True(exit == 0, output);
        Assert.Contains("3 verified and counted, 0 refused", output, StringComparison.Ordinal);
        Assert.Contains("weights from the chain", output, StringComparison.Ordinal);
        Assert.Contains($"result: {api.Tally.Outcome}. {api.Choices[api.Tally.Outcome!.Value - 1]}", output, StringComparison.Ordinal);

        // A tampered file: one ballot changed after signing.
        var tampered = export with { Votes = [export.Votes[0] with { Choices = [2] }, .. export.Votes.Skip(1)] };
        await File.WriteAllTextAsync(file, tampered.ToJson());
        (exit, output) = await RunAuditAsync("recount", file);
        Assert.Equal(1, exit);
        Assert.Contains("refused " + export.Votes[0].Voter, output, StringComparison.Ordinal);
    }

    internal static async Task<(int Exit, string Output)> RunAuditAsync(params string[] args)
    {
        // The CLI as built with the solution, in the configuration these tests were built in.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Guild.Audit", "bin", configuration, "net10.0", "guild-audit.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
