using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Tests.Members;

/// <summary>
/// Retroactive funding applications over HTTP: a member with the roadmap threshold opens one for an applicant, and it
/// becomes a "Grant" / "Do not grant" roadmap vote carrying the wallet and amount; bad input is refused field by field,
/// outsiders are refused, and nothing is stored for either.
/// </summary>
public class RetroactiveGrantApiTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<int> CountAsync() => (await portal.CreateClient().GetFromJsonAsync<JsonArray>("/api/roadmap/proposals"))!.Count;

    [Fact]
    public async Task Apply_ByAMember_OpensAGrantVoteWithTheWalletAndAmount()
    {
        var sponsor = await portal.LockedMemberAsync(1_000);
        var client = await portal.LoginAsync(sponsor.Email, BrowserSession.Password);

        var response = await client.PostAsJsonAsync("/api/roadmap/grants", new
        {
            applicant = "docs-writer",
            wallet = "0x00000000000000000000000000000000000000ab",
            amountAgi = "2500.5",
            evidence = "Wrote the [operator guide](https://example.org/guide) and answered **300** forum questions.",
            endsAt = DateTimeOffset.UtcNow.AddDays(7),
        });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var proposal = (await portal.CreateClient().GetFromJsonAsync<RoadmapApi.ProposalResponse>($"/api/roadmap/proposals/{id}", Web))!;
        Assert.Equal(["Grant", "Do not grant"], proposal.Choices);
        Assert.Equal(Guild.Core.Governance.VoteType.SingleChoice, proposal.Type);
        Assert.Contains("docs-writer", proposal.Title, StringComparison.Ordinal);
        Assert.Contains("<strong>300</strong>", proposal.BodyHtml, StringComparison.Ordinal);
        Assert.NotNull(proposal.Grant);
        Assert.Equal("docs-writer", proposal.Grant.Applicant);
        Assert.Equal("0x00000000000000000000000000000000000000ab", proposal.Grant.Wallet.ToLowerInvariant());
        Assert.Equal((25_005 * MembersPortal.Agi / 10).ToString(), proposal.Grant.AmountWei);
        Assert.Null(proposal.Grant.PaidInEpoch);
    }

    [Fact]
    public async Task Apply_BadInputOrNotAMember_IsRefusedAndStoresNothing()
    {
        var sponsor = await portal.LockedMemberAsync(1_000);
        var client = await portal.LoginAsync(sponsor.Email, BrowserSession.Password);
        var before = await CountAsync();

        var response = await client.PostAsJsonAsync("/api/roadmap/grants", new
        {
            applicant = "someone@example.org",
            wallet = "0x1234",
            amountAgi = "-5",
            evidence = " ",
            endsAt = DateTimeOffset.UtcNow.AddDays(7),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Equal(["amountAgi", "applicant", "evidence", "wallet"], problem.Errors.Keys.Order(StringComparer.Ordinal));

        var outsider = await portal.NewMemberAsync(agi: 10);
        var outsiderClient = await portal.LoginAsync(outsider.Email, BrowserSession.Password);
        var forbidden = await outsiderClient.PostAsJsonAsync("/api/roadmap/grants", new
        {
            applicant = "me",
            wallet = outsider.Address,
            amountAgi = "100",
            evidence = "my work",
            endsAt = DateTimeOffset.UtcNow.AddDays(7),
        });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(before, await CountAsync());
    }
}
