using Guild.Core.Data;
using Guild.Jobs.Mail;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Guild.Web.Tests.Identity;

/// <summary>The mail job over real SMTP (smtp4dev): queued by id, sent once, recorded sent with its one-time links cleared; without a server it fails so Hangfire retries.</summary>
public class MailJobTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    [Fact]
    public async Task QueuedMail_IsSentOnceByTheJob_AndItsBodyIsClearedOnceSent()
    {
        var to = $"mailjob+{Guid.NewGuid():N}@guild.test";
        long id;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<MailOutbox>().QueueAsync(to, "Hello", "Open https://guild.test/x?code=secret", "<p>Hello</p>", default);
        }

        var mail = await Mailbox.WaitForAsync(to); // the portal's Hangfire server ran the job
        Assert.Equal("Hello", mail.Subject);
        Assert.Equal("https://guild.test/x?code=secret", mail.Links.Single());
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            var row = await Eventually.ReturnsAsync(async () => await db.OutgoingMails.AsNoTracking().SingleAsync(m => m.Id == id) is { SentAt: not null } sent ? sent : null);
            Assert.Null(row.TextBody);
            Assert.Null(row.HtmlBody);
            // A retry of a job that already sent does nothing.
            await scope.ServiceProvider.GetRequiredService<SendMailJob>().RunAsync(id, default);
        }
        await Task.Delay(500);
        Assert.Single(await Mailbox.ToAsync(to));
    }

    [Fact]
    public async Task WithoutAnSmtpHost_TheJobFails_SoHangfireRetriesIt()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var mail = new Guild.Core.Mail.OutgoingMail($"nohost+{Guid.NewGuid():N}@guild.test", "Waiting", "text", null, DateTimeOffset.UtcNow);
        db.OutgoingMails.Add(mail);
        await db.SaveChangesAsync();
        var job = new SendMailJob(db, Options.Create(new EmailOptions()), TimeProvider.System, NullLogger<SendMailJob>.Instance);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(mail.Id, default));

        Assert.Contains("Email:Host is not configured", failure.Message);
        Assert.Null((await db.OutgoingMails.AsNoTracking().SingleAsync(m => m.Id == mail.Id)).SentAt);
    }
}
