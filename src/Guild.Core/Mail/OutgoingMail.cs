using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Mail;

/// <summary>
/// A mail waiting for (or past) its sending job. The job gets only the id; it sends a mail once and records it sent.
/// The bodies carry one-time links, so they are cleared once the mail is out: what stays is who got which subject when.
/// </summary>
public sealed class OutgoingMail
{
    private OutgoingMail() { }

    public OutgoingMail(string to, string subject, string textBody, string? htmlBody, DateTimeOffset createdAt)
    {
        To = to;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? TextBody { get; private set; }
    public string? HtmlBody { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    public void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        TextBody = null;
        HtmlBody = null;
    }
}

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.To).HasMaxLength(256).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(200).IsRequired();
    }
}
