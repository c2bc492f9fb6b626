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
/// Private roadmap proposals through the HTTP API on PostgreSQL and anvil: ballots encrypted to the proposal's key and
/// signed as PrivateVote are counted, replaced and refused like public votes, yet nobody sees a choice until the end;
/// on the first reads after the end (two at once) the portal opens them, publishes the key and counts them, a ballot
/// that does not open is spoiled (its weight shown), and guild-audit opens every ballot itself and agrees.
/// </summary>
public class PrivateRoadmapVotingApiTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<long> CreateAsync(VoteType type, string[] choices, DateTimeOffset ends, bool isPrivate = true)
    {
        var proposer = await portal.LockedMemberAsync(5_000);
        var client = await portal.LoginAsync(proposer.Email, BrowserSession.Password);
        var response = await client.PostAsJsonAsync("/api/roadmap/proposals", new
        {
            title = "Which dataset next (private)?",
            body = "Choices stay hidden until the end.",
            choices,
            type = type.ToString(),
            endsAt = ends,
            @private = isPrivate,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private async Task<RoadmapApi.ProposalResponse> GetAsync(long id) =>
        (await portal.CreateClient().GetFromJsonAsync<RoadmapApi.ProposalResponse>($"/api/roadmap/proposals/{id}", Json))!;

    private sealed record PrivateVoteBody(string Voter, long Timestamp, string Signature, string Ballot);

    /// <summary>Seals <paramref name="choices"/> to the proposal's key (for <paramref name="sealedFor"/>, another proposal, when given) and signs it as the voter.</summary>
    private async Task<PrivateVoteBody> SealAndSignAsync(long proposal, string publicKey, TestMember voter, int[] choices, string reason, long? sealedFor = null)
    {
        var ballot = PrivateBallot.ToHex(PrivateBallot.Seal(publicKey, sealedFor ?? proposal, await portal.ChainIdAsync(), choices, reason));
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var typed = await portal.CreateClient().GetFromJsonAsync<JsonNode>($"/api/roadmap/proposals/{proposal}/typed-data?ballot={ballot}&timestamp={at}");
        Assert.Equal("PrivateVote", typed!["primaryType"]!.GetValue<string>());
        var signed = await VoteTool.SignAsync(typed, voter.PrivateKey);
        return new PrivateVoteBody(voter.Address, at, signed.Signature, ballot);
    }

    private Task<HttpResponseMessage> VoteAsync(long proposal, object body) => portal.CreateClient().PostAsJsonAsync($"/api/roadmap/proposals/{proposal}/votes", body);

    private async Task<BigInteger> PastVotesAsync(string account, long timestamp) =>
        await portal.Node.Eth.GetContractQueryHandler<Escrow.GetPastVotesFunction>()
            .QueryAsync<BigInteger>(await portal.AddressAsync("VoteEscrow"), new Escrow.GetPastVotesFunction { Account = account, Timepoint = timestamp });

    [Fact]
    public async Task PrivateVotes_HiddenWhileOpen_RevealedAndCountedAfterTheEnd_ExportAndRecountAgree()
    {
        var alice = await portal.LockedMemberAsync(2_500);
        var bob = await portal.LockedMemberAsync(2_000);
        var carol = await portal.LockedMemberAsync(1_500);
        var dave = await portal.LockedMemberAsync(800);
        var ends = DateTimeOffset.UtcNow.AddSeconds(30);
        var id = await CreateAsync(VoteType.RankedChoice, ["Code", "Maths", "Papers"], ends);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));
        var proposal = await GetAsync(id);
        Assert.NotNull(proposal.Private);
        Assert.Null(proposal.Private.RevealedPrivateKey);
        var publicKey = proposal.Private.PublicKey;

        var cast = new (TestMember Voter, int[] Choices, string Reason, long? SealedFor)[]
        {
            (alice, [1, 2], "secret-reason-alice", null), (bob, [2, 1], "secret-reason-bob", null), (carol, [3, 2], "secret-reason-carol", null),
            (dave, [1], "secret-reason-dave", id + 1_000), // well formed, but sealed for another proposal: it cannot open here
        };
        foreach (var (voter, choices, reason, sealedFor) in cast)
        {
            var response = await VoteAsync(id, await SealAndSignAsync(id, publicKey, voter, choices, reason, sealedFor));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var counted = (await response.Content.ReadFromJsonAsync<RoadmapApi.VoteResponse>())!;
            Assert.Equal((await PastVotesAsync(voter.Address, proposal.SnapshotTimestamp)).ToString(), counted.Weight);
            Assert.Empty(counted.Choices);
        }
        // Carol changes her mind before the end: her new ballot replaces the old one; the same signed ballot again is a replay.
        await Task.Delay(1100);
        var again = await SealAndSignAsync(id, publicKey, carol, [1], "secret-reason-carol-2");
        var replaced = await VoteAsync(id, again);
        Assert.True((await replaced.Content.ReadFromJsonAsync<RoadmapApi.VoteResponse>())!.Replaced);
        var replay = await VoteAsync(id, again);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("already counted", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // While open: who voted and with how much power (quorum progress), no choice anywhere.
        var weights = new Dictionary<string, BigInteger>();
        foreach (var (voter, _, _, _) in cast)
        {
            weights[voter.Address] = await PastVotesAsync(voter.Address, proposal.SnapshotTimestamp);
        }
        var open = await GetAsync(id);
        Assert.True(open.Tally.Hidden);
        Assert.Empty(open.Tally.Totals);
        Assert.Empty(open.Tally.Rounds);
        Assert.Null(open.Tally.Outcome);
        Assert.Equal(4, open.Tally.Ballots);
        Assert.Equal(weights.Values.Aggregate(BigInteger.Add).ToString(), open.Tally.TotalWeight);
        var json = await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes");
        var csv = await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes?format=csv");
        var page = await portal.CreateClient().GetStringAsync($"/roadmap/{id}");
        foreach (var text in new[] { json, csv, page, JsonSerializer.Serialize(open) })
        {
            Assert.DoesNotContain("secret-reason", text, StringComparison.Ordinal);
        }
        var sealedExport = RoadmapExport.FromJson(json)!;
        Assert.All(sealedExport.Votes, v => { Assert.Empty(v.Choices); Assert.NotNull(v.Ballot); });
        Assert.Null(sealedExport.Proposal.BallotPrivateKey);
        Assert.StartsWith(RoadmapExport.PrivateCsvHeader, csv, StringComparison.Ordinal);

        // After the end: two first reads at once, one reveal.
        var wait = ends - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        var reads = await Task.WhenAll(GetAsync(id), GetAsync(id));
        var closed = reads[0];
        Assert.Equal(JsonSerializer.Serialize(reads[0]), JsonSerializer.Serialize(reads[1]));
        Assert.False(closed.Tally.Hidden);
        Assert.True(PrivateBallot.KeyMatches(closed.Private!.RevealedPrivateKey, publicKey));
        var expected = RoadmapTally.Count(VoteType.RankedChoice, 3,
            [new TallyBallot(alice.Address, weights[alice.Address], [1, 2]), new TallyBallot(bob.Address, weights[bob.Address], [2, 1]),
             new TallyBallot(carol.Address, weights[carol.Address], [1]), new TallyBallot(dave.Address, weights[dave.Address], [], Spoiled: true)],
            BigInteger.Parse(proposal.Tally.Quorum, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonSerializer.Serialize(RoadmapApi.ToResponse(expected)), JsonSerializer.Serialize(closed.Tally));
        Assert.Equal(weights[dave.Address].ToString(), closed.Tally.Spoiled);
        Assert.Equal(1, closed.Tally.Outcome); // Alice's and Carol's first preferences are a majority for Code

        var export = RoadmapExport.FromJson(await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes"))!;
        Assert.Equal(closed.Private.RevealedPrivateKey, export.Proposal.BallotPrivateKey);
        Assert.Equal("secret-reason-carol-2", export.Votes.Single(v => v.Voter == carol.Address).Reason);
        Assert.Contains("does not decrypt", export.Votes.Single(v => v.Voter == dave.Address).Spoiled, StringComparison.Ordinal);
        var file = Path.Combine(portal.DataDirectory, $"private-votes-{id}.json");
        await File.WriteAllTextAsync(file, export.ToJson());
        var (exit, output) = await RoadmapVotingApiTests.RunAuditAsync("recount", file, "--rpc", portal.Rpc);
        Assert.True(exit == 0, output);
        Assert.Contains("the revealed key matches the public key", output, StringComparison.Ordinal);
        Assert.Contains("4 verified and counted, 0 refused", output, StringComparison.Ordinal);
        Assert.Contains("spoiled ballots:", output, StringComparison.Ordinal);
        Assert.Contains("result: 1. Code", output, StringComparison.Ordinal);

        // A file whose revealed key is not the proposal's: the recount says so and counts nothing.
        await File.WriteAllTextAsync(file, (export with { Proposal = export.Proposal with { BallotPrivateKey = PrivateBallot.NewKeyPair().PrivateKey } }).ToJson());
        (exit, output) = await RoadmapVotingApiTests.RunAuditAsync("recount", file);
        Assert.Equal(1, exit);
        Assert.Contains("does not match the proposal's public key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateVote_MalformedEnvelopeOrPlainChoices_IsRefusedNamingTheBallot_AndNothingIsStored()
    {
        var voter = await portal.LockedMemberAsync(1_000);
        var id = await CreateAsync(VoteType.SingleChoice, ["Yes", "No"], DateTimeOffset.UtcNow.AddDays(1));
        var publicId = await CreateAsync(VoteType.SingleChoice, ["Yes", "No"], DateTimeOffset.UtcNow.AddDays(1), isPrivate: false);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));
        var publicKey = (await GetAsync(id)).Private!.PublicKey;
        var good = await SealAndSignAsync(id, publicKey, voter, [1], "");

        async Task RefusedAsync(long proposal, object body, string field, string reason)
        {
            var response = await VoteAsync(proposal, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            var problem = JsonSerializer.Deserialize<ValidationProblemDetails>(text, Json)!;
            Assert.True(problem.Errors.ContainsKey(field), text);
            Assert.Contains(reason, text, StringComparison.Ordinal);
            Assert.Equal(0, (await GetAsync(id)).Tally.Ballots);
        }

        // Too short to be an envelope, the same with its ephemeral key off the curve, and not hex.
        await RefusedAsync(id, good with { Ballot = good.Ballot[..100] }, "ballot", "at least");
        var bytes = Convert.FromHexString(good.Ballot[2..]);
        bytes[40] ^= 0x01;
        await RefusedAsync(id, good with { Ballot = PrivateBallot.ToHex(bytes) }, "ballot", "P-256");
        await RefusedAsync(id, good with { Ballot = "0xzz" }, "ballot", "hex");
        // A public-style vote (choices signed as Vote) on a private proposal.
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var typed = await portal.CreateClient().GetFromJsonAsync<JsonNode>($"/api/roadmap/proposals/{id}/typed-data?choices=1&timestamp={at}");
        var plain = await VoteTool.SignAsync(typed!, voter.PrivateKey);
        await RefusedAsync(id, new { voter = voter.Address, choices = new[] { 1 }, reason = "", timestamp = at, signature = plain.Signature }, "ballot", "this proposal is private");
        // An encrypted ballot on a public proposal.
        await RefusedAsync(publicId, good, "ballot", "this proposal is public");
        // A signature over another ballot than the one sent.
        var other = await SealAndSignAsync(id, publicKey, voter, [2], "");
        var mismatch = await VoteAsync(id, good with { Ballot = other.Ballot });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("signed for another proposal, chain or content", (await mismatch.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync(id)).Tally.Ballots);

        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(id, good)).StatusCode);
        Assert.Equal(1, (await GetAsync(id)).Tally.Ballots);
    }
}
