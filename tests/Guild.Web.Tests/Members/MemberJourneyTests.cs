using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using Guild.Core;
using Guild.Core.Governance;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Web.Tests.Members;

/// <summary>
/// Members in Chromium with an injected wallet that forwards to the portal's anvil: lock and see the power, delegate
/// (by transaction and by signature), open a ranked-choice proposal that three members of different power vote on by
/// signature (rounds, export and recount agree), vote on a private proposal whose ballot the page seals in the browser
/// (hidden until the end, then counted and recounted), and take a Governor proposal from creation to execution, moving the
/// chain's clock with anvil's RPC, until the parameter has changed.
/// </summary>
public class MemberJourneyTests(MembersPortal portal) : BrowserTests, IClassFixture<MembersPortal>
{
    private static readonly BigInteger Agi = MembersPortal.Agi;
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Wait = new() { Timeout = 60_000 };

    private Task<IPage> OpenAsync(TestMember member, string path) =>
        BrowserSession.SignInAsync(Browser, portal, member.Email, path, member.Address, portal.Rpc);

    private async Task<Escrow.LockOfOutputDTO> LockOfAsync(string account) =>
        await portal.Node.Eth.GetContractQueryHandler<Escrow.LockOfFunction>()
            .QueryDeserializingToObjectAsync<Escrow.LockOfOutputDTO>(new Escrow.LockOfFunction { Account = account }, await portal.AddressAsync("VoteEscrow"));

    [Fact]
    public async Task Stake_LockThroughTheBrowserWallet_ShowsThePowerAndMakesAMember()
    {
        var member = await portal.NewMemberAsync(devAccount: 1, agi: 5_000);
        var page = await OpenAsync(member, "/stake");
        await Expect(page.GetByTestId("stake-member")).ToContainTextAsync("no");

        await page.Locator("#stake-amount").FillAsync("1000");
        await page.Locator("#stake-weeks").FillAsync("104");
        await Expect(page.GetByTestId("stake-preview")).ToContainTextAsync("Voting power right after: 4"); // about 500 AGI for two of four years
        await page.GetByRole(AriaRole.Button, new() { Name = "Lock with browser wallet" }).ClickAsync();

        await Expect(page.GetByTestId("stake-locked")).ToContainTextAsync("1,000 AGI until", Wait);
        await Expect(page.GetByTestId("stake-member")).ToHaveTextAsync("yes");
        var onChain = await LockOfAsync(member.Address);
        Assert.Equal(1_000 * Agi, onChain.Amount);
        var power = (await page.GetByTestId("stake-power").TextContentAsync())!;
        Assert.StartsWith("4", power); // 1,000 × (about two years left) / four years
        Assert.InRange(onChain.Power, 490 * Agi, 500 * Agi);
    }

    [Fact]
    public async Task Delegation_ToAChosenMemberAndBySignature_TheDelegateSeesThePowerAndWho()
    {
        var delegate_ = await portal.LockedMemberAsync(2_000, devAccount: 2);
        var byTransaction = await portal.LockedMemberAsync(1_000, devAccount: 3);
        var bySignature = await portal.LockedMemberAsync(500, devAccount: 4);

        var page = await OpenAsync(byTransaction, "/delegation");
        await page.Locator("#member-search").FillAsync(delegate_.Address[..12]);
        await page.Locator($"[data-pick-member='{delegate_.Address}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delegate with browser wallet" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("confirmed", Wait);
        await Expect(page.GetByTestId("delegation-current")).ToContainTextAsync(delegate_.Address, Wait);

        var signing = await OpenAsync(bySignature, "/delegation");
        await signing.Locator("#delegate-to").FillAsync(delegate_.Address);
        await signing.GetByRole(AriaRole.Button, new() { Name = "Delegate by signature (no gas)" }).ClickAsync();
        await Expect(signing.GetByTestId("status")).ToContainTextAsync("by signature", Wait);
        await Expect(signing.GetByTestId("delegation-current")).ToContainTextAsync(delegate_.Address);

        await portal.IndexAsync();
        var mine = await OpenAsync(delegate_, "/delegation");
        var expected = (await LockOfAsync(byTransaction.Address)).Power + (await LockOfAsync(bySignature.Address)).Power;
        await Expect(mine.GetByTestId("delegation-received")).ToHaveTextAsync(AgiAmount.Format(expected));
        await Expect(mine.GetByTestId("delegators")).ToContainTextAsync(byTransaction.Address);
        await Expect(mine.GetByTestId("delegators")).ToContainTextAsync(bySignature.Address);
    }

    [Fact]
    public async Task RankedChoiceProposal_ThreeMembersVoteBySignature_RoundsExportAndRecountAgree()
    {
        var proposer = await portal.LockedMemberAsync(1_000);
        // First preferences: 1,800 for A, 1,500 for B, 1,000 for C: C goes, its voter ranks B next, and B wins 2,500 to 1,800.
        var voters = new[] { (await portal.LockedMemberAsync(1_800, devAccount: 5), new[] { 1 }),
                             (await portal.LockedMemberAsync(1_500, devAccount: 6), new[] { 2, 1 }),
                             (await portal.LockedMemberAsync(1_000, devAccount: 7), new[] { 3, 2 }) };
        var page = await BrowserSession.SignInAsync(Browser, portal, proposer.Email, "/roadmap/new");
        await page.GetByLabel("Title").FillAsync("Which model do we train next?");
        await page.GetByLabel("Body (markdown)").FillAsync("## Options\n\n- **A**: dense 7B\n- **B**: mixture of experts\n- **C**: distil the 70B");
        await page.GetByLabel("Choices (one per line)").FillAsync("Dense 7B\nMixture of experts\nDistil the 70B");
        await page.GetByLabel("Vote type").SelectOptionAsync("RankedChoice");
        await page.GetByLabel("Ends (UTC)").FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the proposal" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/roadmap/[0-9]+$"), Slow);
        await Expect(page.GetByTestId("proposal-body").Locator("strong").First).ToHaveTextAsync("A");
        var id = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);
        await portal.WarpAsync(TimeSpan.FromSeconds(2)); // the snapshot block is in the past

        foreach (var (voter, ranking) in voters)
        {
            var voting = await OpenAsync(voter, $"/roadmap/{id}");
            await Expect(voting.GetByTestId("replace-note")).ToContainTextAsync("your new vote replaces the earlier one");
            for (var rank = 0; rank < ranking.Length; rank++)
            {
                await voting.Locator($"[data-rank='{ranking[rank]}']").SelectOptionAsync((rank + 1).ToString(CultureInfo.InvariantCulture));
            }
            await voting.Locator("#vote-reason").FillAsync($"my ranking: {string.Join(" > ", ranking)}");
            await voting.GetByRole(AriaRole.Button, new() { Name = "Sign and vote with browser wallet" }).ClickAsync();
            await Expect(voting.GetByTestId("votes")).ToContainTextAsync(voter.Address, Wait);
        }

        var result = await BrowserSession.SignInAsync(Browser, portal, proposer.Email, $"/roadmap/{id}");
        await Expect(result.GetByTestId("vote-row")).ToHaveCountAsync(3);
        var rows = result.GetByTestId("round-row");
        await Expect(rows.Nth(2)).ToContainTextAsync("(eliminated)");
        await Expect(result.GetByTestId("winner")).ToHaveTextAsync("Mixture of experts");

        // The export re-verifies and recounts to the same rounds, with the chain's weights.
        var export = RoadmapExport.FromJson(await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes"))!;
        var recount = RoadmapRecount.Run(export);
        Assert.Empty(recount.Problems);
        Assert.Equal(3, recount.Verified);
        Assert.Equal(2, recount.Tally.Outcome);
        Assert.Equal(3, recount.Tally.Rounds[0].Eliminated);
        foreach (var (voter, _) in voters)
        {
            var exported = export.Votes.Single(v => v.Voter == voter.Address);
            var chain = await portal.Node.Eth.GetContractQueryHandler<Escrow.GetPastVotesFunction>().QueryAsync<BigInteger>(await portal.AddressAsync("VoteEscrow"),
                new Escrow.GetPastVotesFunction { Account = voter.Address, Timepoint = export.Proposal.SnapshotTimestamp });
            Assert.Equal(chain, exported.Weight);
            await Expect(rows.First).ToContainTextAsync(AgiAmount.Format(recount.Tally.Rounds[0].Totals[0]));
        }
    }

    [Fact]
    public async Task PrivateProposal_BallotSealedInTheBrowser_HiddenUntilTheEnd_ThenCountedAndRecounted()
    {
        var proposer = await portal.LockedMemberAsync(1_000);
        var browserVoter = await portal.LockedMemberAsync(1_800, devAccount: 9);
        var apiVoter = await portal.LockedMemberAsync(500);
        // The form takes whole minutes: end at the first minute boundary at least 50 seconds away.
        var now = DateTimeOffset.UtcNow;
        var ends = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 10 ? 1 : 2);
        var page = await BrowserSession.SignInAsync(Browser, portal, proposer.Email, "/roadmap/new");
        await page.GetByLabel("Title").FillAsync("Which dataset do we clean first?");
        await page.GetByLabel("Body (markdown)").FillAsync("Vote **privately**: nobody sees the choices before the end.");
        await page.GetByLabel("Choices (one per line)").FillAsync("Code\nMaths");
        await page.GetByLabel("Vote type").SelectOptionAsync("SingleChoice");
        await page.GetByLabel("Ends (UTC)").FillAsync(ends.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("Private: choices hidden until the end").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the proposal" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/roadmap/[0-9]+$"), Slow);
        await Expect(page.GetByTestId("private-note")).ToContainTextAsync("choices hidden until the end");
        var id = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);
        await portal.WarpAsync(TimeSpan.FromSeconds(2));

        // The page's members.js seals the ballot with Chromium's WebCrypto; the injected wallet signs it.
        var voting = await OpenAsync(browserVoter, $"/roadmap/{id}");
        await voting.GetByLabel("Maths").CheckAsync();
        await voting.Locator("#vote-reason").FillAsync("sealed in Chromium");
        await voting.GetByRole(AriaRole.Button, new() { Name = "Sign and vote with browser wallet" }).ClickAsync();
        await Expect(voting.GetByTestId("votes")).ToContainTextAsync(browserVoter.Address, Wait);
        await Expect(voting.GetByTestId("vote-row")).ToContainTextAsync("sealed until the end");
        await Expect(voting.GetByTestId("choices-hidden")).ToBeVisibleAsync();
        await Expect(voting.GetByTestId("rounds")).ToHaveCountAsync(0);
        Assert.DoesNotContain("sealed in Chromium", await voting.ContentAsync(), StringComparison.Ordinal);
        var list = await OpenAsync(apiVoter, "/roadmap");
        await Expect(list.GetByTestId("proposals").Locator("tr", new() { HasText = "Which dataset do we clean first?" })).ToContainTextAsync("single choice, private");

        // A second ballot, sealed and signed outside the browser.
        var publicKey = (await portal.CreateClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/roadmap/proposals/{id}"))!["private"]!["publicKey"]!.GetValue<string>();
        var ballot = PrivateBallot.ToHex(PrivateBallot.Seal(publicKey, id, await portal.ChainIdAsync(), [1], "by the API"));
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var typed = await portal.CreateClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/roadmap/proposals/{id}/typed-data?ballot={ballot}&timestamp={at}");
        var signed = await Guild.Testing.VoteTool.SignAsync(typed!, apiVoter.PrivateKey);
        var posted = await portal.CreateClient().PostAsJsonAsync($"/api/roadmap/proposals/{id}/votes",
            new { voter = apiVoter.Address, timestamp = at, signature = signed.Signature, ballot });
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        await voting.ReloadAsync();
        await Expect(voting.GetByTestId("result-summary")).ToContainTextAsync("2 votes");
        await Expect(voting.GetByTestId("winner")).ToHaveCountAsync(0);

        var wait = ends - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        var result = await BrowserSession.SignInAsync(Browser, portal, proposer.Email, $"/roadmap/{id}");
        await Expect(result.GetByTestId("proposal-state")).ToHaveTextAsync("closed");
        await Expect(result.GetByTestId("winner")).ToHaveTextAsync("Maths");
        await Expect(result.GetByTestId("revealed-key")).ToContainTextAsync("0x");
        await Expect(result.GetByTestId("votes")).ToContainTextAsync("sealed in Chromium");
        await Expect(result.GetByTestId("vote-row").Filter(new() { HasText = browserVoter.Address })).ToContainTextAsync("Maths");

        // The ballot Chromium sealed opens in .NET as signed, and the export recounts to the page's result.
        var export = RoadmapExport.FromJson(await portal.CreateClient().GetStringAsync($"/api/roadmap/proposals/{id}/votes"))!;
        var sealedInBrowser = export.Votes.Single(v => v.Voter == browserVoter.Address);
        Assert.Equal([2], sealedInBrowser.Choices);
        Assert.Null(sealedInBrowser.Spoiled);
        var recount = RoadmapRecount.Run(export);
        Assert.Empty(recount.Problems);
        Assert.Equal(2, recount.Verified);
        Assert.Equal(2, recount.Tally.Outcome);
    }

    [Fact]
    public async Task GovernorProposal_FromCreationToExecution_ChangesTheParameter()
    {
        var member = await portal.LockedMemberAsync(20_000, devAccount: 8);
        var page = await OpenAsync(member, "/governance");
        await page.GetByLabel("Parameter").SelectOptionAsync("threshold");
        await page.GetByLabel("New value").FillAsync("2000000");
        await page.GetByLabel("Why (goes into the description)").FillAsync($"Small companies pay nothing up to 2M ({Guid.NewGuid():N}).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prepare the proposal" }).ClickAsync();
        await Expect(page.GetByTestId("prepared-proposal")).ToContainTextAsync("Set licence revenue threshold to 2000000 USD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose with browser wallet" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("confirmed", Wait);

        async Task<ILocator> ProposalAsync(string state)
        {
            await portal.IndexAsync();
            await page.GotoAsync("/governance");
            var proposal = page.GetByTestId("governor-proposal").Filter(new() { HasText = "2000000" });
            await Expect(proposal.GetByTestId("governor-state")).ToHaveTextAsync(state);
            return proposal;
        }

        await portal.WarpAsync(TimeSpan.FromSeconds(5));
        var active = await ProposalAsync("Active");
        await active.GetByRole(AriaRole.Button, new() { Name = "Vote for" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("confirmed", Wait);

        // A second vote from the same wallet is refused by the Governor.
        active = await ProposalAsync("Active");
        await Expect(active).ToContainTextAsync("for 1");
        await active.GetByRole(AriaRole.Button, new() { Name = "Vote against" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("The wallet did not do it", Wait);

        await portal.WarpAsync(TimeSpan.FromSeconds(601));
        var succeeded = await ProposalAsync("Succeeded");
        await succeeded.GetByRole(AriaRole.Button, new() { Name = "Queue in the Timelock" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("confirmed", Wait);

        await portal.WarpAsync(TimeSpan.FromSeconds(61));
        var queued = await ProposalAsync("Queued");
        await queued.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();
        await Expect(page.GetByTestId("wallet-status")).ToContainTextAsync("confirmed", Wait);
        await ProposalAsync("Executed");

        var threshold = await portal.Node.Eth.GetContractQueryHandler<Registry.RevenueThresholdUsdFunction>()
            .QueryAsync<BigInteger>(await portal.AddressAsync("LicenseRegistry"), new Registry.RevenueThresholdUsdFunction());
        Assert.Equal(new BigInteger(2_000_000), threshold);
    }

    [Fact]
    public async Task RetroactiveFunding_ApplicationFromTheRoadmap_BecomesAGrantVote()
    {
        var sponsor = await portal.LockedMemberAsync(1_000);
        var page = await BrowserSession.SignInAsync(Browser, portal, sponsor.Email, "/roadmap");
        await page.GetByTestId("new-grant").ClickAsync();
        await page.GetByLabel("Applicant (public name or login, not an email)").FillAsync("forum-helper");
        await page.GetByLabel("Wallet to pay").FillAsync("0x0000000000000000000000000000000000000012");
        await page.GetByLabel("Amount ($AGI)").FillAsync("1200");
        await page.GetByLabel("Evidence (markdown)").FillAsync("Answered **400** questions on the forum.");
        await page.GetByLabel("Vote ends (UTC)").FillAsync(DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the funding vote" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/roadmap/[0-9]+$"), Slow);
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("forum-helper");
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("0x0000000000000000000000000000000000000012");
        await Expect(page.GetByTestId("proposal-body").Locator("strong").First).ToHaveTextAsync("Retroactive funding application");
    }
}
