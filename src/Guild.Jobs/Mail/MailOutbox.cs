using Guild.Core.Data;
using Guild.Core.Mail;
using Hangfire;

namespace Guild.Jobs.Mail;

/// <summary>
/// Queues a mail: stores it and enqueues <see cref="SendMailJob"/> with its id, so a request never waits for the SMTP
/// server and a failed send is retried by Hangfire.
/// </summary>
public sealed class MailOutbox(GuildDbContext db, IBackgroundJobClient jobs, TimeProvider time)
{
    public async Task<long> QueueAsync(string to, string subject, string textBody, string? htmlBody, CancellationToken cancellationToken)
    {
        var mail = new OutgoingMail(to, subject, textBody, htmlBody, time.GetUtcNow());
        db.OutgoingMails.Add(mail);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<SendMailJob>(job => job.RunAsync(mail.Id, CancellationToken.None));
        return mail.Id;
    }
}
