using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guild.Core.Data;
using Guild.Core.Governance;
using Guild.Jobs.Mail;
using Guild.Jobs.Members;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Members;

/// <summary>
/// Members hear about roadmap votes: an inbox line and a mail when a proposal opens and again within 24 hours of its
/// end, each once however often the job runs; a member who turned mails off gets only the inbox line, one who turned
/// the inbox off gets the line already read (and still the mail).
/// </summary>
public class RoadmapNotificationsTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task RunAsync(DateTimeOffset now)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await new RoadmapNotifications(services.GetRequiredService<GuildDbContext>(), services.GetRequiredService<AccountMail>(),
            services.GetRequiredService<IConfiguration>(), new At(now)).RunAsync(default);
    }

    private async Task<List<MemberNotification>> LinesAsync(long proposal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuildDbContext>().MemberNotifications.AsNoTracking()
            .Where(n => n.ProposalId == proposal).ToListAsync();
    }

    private async Task PreferAsync(TestMember member, bool emails, bool inbox)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        db.NotificationPreferences.Add(new NotificationPreference(member.UserId) { RoadmapEmails = emails, RoadmapInbox = inbox });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task OpenAndClosingSoon_EachMemberToldOnce_OptOutsRespected()
    {
        var everything = await portal.LockedMemberAsync(1_000);
        var noMail = await portal.LockedMemberAsync(1_000);
        var noInbox = await portal.LockedMemberAsync(1_000);
        await PreferAsync(noMail, emails: false, inbox: true);
        await PreferAsync(noInbox, emails: true, inbox: false);
        var client = await portal.LoginAsync(everything.Email, BrowserSession.Password);
        var ends = DateTimeOffset.UtcNow.AddHours(30);
        var response = await client.PostAsJsonAsync("/api/roadmap/proposals", new
        {
            title = $"Notify me {Guid.NewGuid():N}",
            body = "Which dataset next?",
            choices = new[] { "Code", "Maths" },
            type = "SingleChoice",
            endsAt = ends,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var opened = DateTimeOffset.UtcNow.AddSeconds(5);
        await RunAsync(opened);
        await RunAsync(opened.AddMinutes(1)); // a second run tells nobody twice

        var lines = await LinesAsync(id);
        var members = new[] { everything, noMail, noInbox };
        foreach (var member in members)
        {
            var line = Assert.Single(lines, n => n.UserId == member.UserId);
            Assert.Equal(NotificationKind.ProposalOpened, line.Kind);
            Assert.Contains("Roadmap vote open", line.Text, StringComparison.Ordinal);
            Assert.Equal(member == noInbox, line.ReadAt is not null);
        }
        var open = await Mailbox.WaitForAsync(everything.Email);
        Assert.Equal("A roadmap vote is open", open.Subject);
        Assert.Contains($"/roadmap/{id}", open.Text, StringComparison.Ordinal);
        Assert.Equal("A roadmap vote is open", (await Mailbox.WaitForAsync(noInbox.Email)).Subject);

        // Within a day of the end: the reminder, once.
        var closing = ends.AddHours(-23);
        await RunAsync(closing);
        await RunAsync(closing.AddMinutes(1));
        lines = await LinesAsync(id);
        foreach (var member in members)
        {
            Assert.Single(lines, n => n.UserId == member.UserId && n.Kind == NotificationKind.ProposalClosingSoon);
        }
        Assert.Equal("A roadmap vote closes tomorrow", (await Mailbox.WaitForAsync(everything.Email, 2)).Subject);
        await Mailbox.WaitForAsync(noInbox.Email, 2);
        Assert.Equal(2, (await Mailbox.ToAsync(everything.Email)).Count);
        Assert.Empty(await Mailbox.ToAsync(noMail.Email));
    }
}
