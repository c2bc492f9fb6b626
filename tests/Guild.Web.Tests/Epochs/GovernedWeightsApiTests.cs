using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Guild.Chain.Embedded;
using Guild.Core.Allocation;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Guild.Web.Tests.Infrastructure.RewardsLoopPortal;

namespace Guild.Web.Tests.Epochs;

/// <summary>
/// Weights chosen by governance and flags reviewed by stewards, through the API on nanoGPT's real history: the genesis
/// epoch computes with the genesis set; a steward drafts a candidate, previews it on the latest epoch and exports it; a
/// contribution is flagged with a note; governance (the Timelock, impersonated on anvil) puts the candidate in force
/// while epoch 2, computed with the old set, waits: its publication is refused until it is recomputed with the set in
/// force. The published root audits, and the report carries the steward's note.
/// </summary>
public class GovernedWeightsApiTests(RewardsLoopPortal portal) : IClassFixture<RewardsLoopPortal>
{
    [Fact]
    public async Task CandidatePreviewedExportedPutInForce_StaleRootRefusedUntilRecomputed_NotesInTheReport()
    {
        var steward = await portal.StewardAsync();
        var anonymous = portal.CreateClient();

        var sets = (await anonymous.GetFromJsonAsync<WeightSetsApi.WeightSetResponse[]>("/api/weight-sets"))!;
        Assert.Contains(sets, s => s.Hash == GovernedWeights.BuiltIn.InForce && s.InForce && s.Version == WeightSet.Default.Version);
        Assert.Contains(sets, s => s.Hash == GovernedWeights.BuiltIn.Genesis && s.Genesis);
        var candidateJson = Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default with { Version = "guild-test-candidate", SizeUnit = 300 }));
        Assert.Equal(HttpStatusCode.Conflict, (await steward.PostAsJsonAsync("/api/weight-sets/preview", new { json = candidateJson })).StatusCode); // nothing computed yet
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/weight-sets", new { json = candidateJson })).StatusCode);

        // Genesis, with the genesis set.
        await portal.ReplayAsync(150);
        var repository = await TrackAsync(steward);
        await portal.ImportAsync(repository);
        var genesis = await RunAsync(steward, new { genesis = true }, publish: true);
        Assert.Equal(GovernedWeights.BuiltIn.Genesis, genesis.WeightsHash);
        Assert.NotNull(genesis.WithheldWei);
        Assert.NotNull(genesis.CapWei);

        // A steward drafts a candidate, previews it against the set in force on the latest epoch, and exports it.
        var stored = await steward.PostAsJsonAsync("/api/weight-sets", new { json = candidateJson, note = "bigger pieces of work" });
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var candidate = (await stored.Content.ReadFromJsonAsync<WeightSetsApi.WeightSetResponse>())!;
        var document = await anonymous.GetByteArrayAsync($"/api/weight-sets/{candidate.Hash}");
        Assert.Equal(candidate.Hash, "0x" + Convert.ToHexStringLower(SHA256.HashData(document)));
        var previewed = await steward.PostAsJsonAsync("/api/weight-sets/preview", new { json = candidateJson });
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var preview = (await previewed.Content.ReadFromJsonAsync<WeightSetsApi.PreviewResponse>())!;
        Assert.Equal(genesis.Number, preview.Epoch);
        Assert.Equal(WeightSet.Default.Version, preview.InForce.Version);
        Assert.Equal("guild-test-candidate", preview.Candidate.Version);
        Assert.InRange(preview.Candidate.Gini, 0, 1);
        // The author, capped either way, cannot move up; everyone else's share moves.
        Assert.NotEmpty(preview.Down);
        Assert.DoesNotContain(preview.Up.Concat(preview.Down), m => m.Label.Contains("@gmail", StringComparison.Ordinal));
        var invalid = await steward.PostAsJsonAsync("/api/weight-sets/preview", new { json = candidateJson.Replace("\"alpha\":0.15", "\"alpha\":7", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        // A steward flags one of Karpathy's commits with a note; the note is required.
        var commit = await CommitAsync("andrej.karpathy@gmail.com");
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/contributions/{commit}/flag", new { flagged = true, note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/contributions/{commit}/flag", new { flagged = true, note = "copied from a tutorial" })).StatusCode);
        var queue = (await steward.GetFromJsonAsync<ContributionsApi.FlaggedContributionResponse[]>("/api/contributions/flags"))!;
        Assert.Contains(queue, q => q.Id == commit && q.Flagged && q.Note == "copied from a tutorial");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/contributions/flags")).StatusCode);

        // Epoch 2 is computed with the set in force; then governance puts the candidate in force.
        await portal.ReplayAsync(180);
        await portal.ImportAsync(repository);
        var second = await RunAsync(steward, new { budgetWei = (1_000 * Agi).ToString() }, publish: false);
        Assert.Equal(GovernedWeights.BuiltIn.InForce, second.WeightsHash);
        await portal.FundFromTreasuryAsync(10_000 * Agi);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DevTreasury>().SetWeightsHashAsync(candidate.Hash);
        }
        Assert.Contains((await anonymous.GetFromJsonAsync<WeightSetsApi.WeightSetResponse[]>("/api/weight-sets"))!, s => s.Hash == candidate.Hash && s.InForce);

        // Its root was computed with a set no longer in force: refused, with the reason, until it is recomputed.
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{second.Number}/publish", null)).StatusCode);
        var refused = await Eventually.ReturnsAsync(async () =>
            await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{second.Number}") is { Failure: { } f, Activity: "None" } e ? e : null, TimeSpan.FromSeconds(60));
        Assert.Contains("governance has", refused.Failure);
        Assert.Equal("Computed", refused.Status);
        var recomputed = await RunAsync(steward, null, publish: true, second.Number);
        Assert.Equal(candidate.Hash, recomputed.WeightsHash);
        Assert.Equal("guild-test-candidate", recomputed.WeightsVersion);

        var report = Encoding.UTF8.GetString(await anonymous.GetByteArrayAsync($"/api/epochs/{second.Number}/files/report.json"));
        Assert.Contains("flagged by a steward: copied from a tutorial", report);
        Assert.Contains($"\"weightsHash\":\"{candidate.Hash}\"", report);
        var snapshot = await anonymous.GetByteArrayAsync($"/api/epochs/{second.Number}/files/snapshot.json");
        var (exit, output) = await AuditAsync(snapshot, recomputed.Root!);
        Assert.True(exit == 0, output);
    }

    private async Task<long> TrackAsync(HttpClient steward)
    {
        var tracked = await steward.PostAsJsonAsync("/api/tracked-repositories", new
        {
            host = "github.com",
            owner = "karpathy",
            name = "nanoGPT",
            licenseName = "Collective Ownership License",
            gitUrl = portal.RepositoryPath,
        });
        Assert.Equal(HttpStatusCode.Created, tracked.StatusCode);
        return (await tracked.Content.ReadFromJsonAsync<ContributionsApi.TrackedRepositoryResponse>())!.Id;
    }

    private async Task<long> CommitAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var author = await db.ContributorIdentities.Where(i => i.Value == email).Select(i => i.Id).SingleAsync();
        return await db.Contributions.Where(c => c.AuthorId == author && c.Kind == ContributionKind.Commit && c.Flags == ContributionFlags.None)
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    /// <summary>Creates (unless <paramref name="number"/> is given), computes and optionally publishes an epoch.</summary>
    private static async Task<EpochsApi.EpochResponse> RunAsync(HttpClient steward, object? request, bool publish, long? number = null)
    {
        if (number is null)
        {
            var created = await steward.PostAsJsonAsync("/api/epochs", request);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            number = (await created.Content.ReadFromJsonAsync<EpochsApi.EpochResponse>())!.Number;
        }
        var computed = await steward.PostAsync($"/api/epochs/{number}/compute", null);
        Assert.True(computed.StatusCode == HttpStatusCode.Accepted, await computed.Content.ReadAsStringAsync());
        var epoch = await StatusAsync(steward, number.Value, "Computed");
        if (!publish)
        {
            return epoch;
        }
        Assert.Equal(HttpStatusCode.Accepted, (await steward.PostAsync($"/api/epochs/{number}/publish", null)).StatusCode);
        epoch = await StatusAsync(steward, number.Value, "Published");
        await PassChallengeWindowAsync();
        return epoch;
    }

    private static Task<EpochsApi.EpochResponse> StatusAsync(HttpClient steward, long number, string status) =>
        Eventually.ReturnsAsync(async () =>
            await steward.GetFromJsonAsync<EpochsApi.EpochResponse>($"/api/epochs/{number}") is { } e && e.Status == status && e.Activity == "None" && e.ComputedAt is not null ? e : null,
            TimeSpan.FromSeconds(120));
}
