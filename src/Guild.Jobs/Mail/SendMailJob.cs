using Guild.Core.Data;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Guild.Jobs.Mail;

/// <summary>
/// Sends one queued mail over SMTP and records it sent. Exceptions escape, so Hangfire retries with growing delays; a
/// mail already recorded sent is not sent again (a retry after a crash between sending and recording may repeat it once).
/// </summary>
public sealed partial class SendMailJob(GuildDbContext db, IOptions<EmailOptions> options, TimeProvider time, ILogger<SendMailJob> logger)
{
    [Hangfire.AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(long mailId, CancellationToken cancellationToken)
    {
        var mail = await db.OutgoingMails.SingleOrDefaultAsync(m => m.Id == mailId, cancellationToken);
        if (mail is null || mail.SentAt is not null)
        {
            return;
        }
        var email = options.Value;
        if (!email.Enabled)
        {
            throw new InvalidOperationException("Email:Host is not configured: the mail waits in the queue and is retried.");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = email.TimeoutSeconds * 1000 };
        await client.ConnectAsync(email.Host!, email.Port, email.Security, cancellationToken);
        if (!string.IsNullOrEmpty(email.UserName))
        {
            await client.AuthenticateAsync(email.UserName, email.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);

        mail.MarkSent(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        LogSent(logger, mail.Id, mail.Subject);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Mail {MailId} sent: {Subject}")]
    private static partial void LogSent(ILogger logger, long mailId, string subject);
}
