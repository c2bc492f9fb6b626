using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Guild.Jobs.Mail;

/// <summary>
/// Configuration section <c>Email</c>: the SMTP server mails go through (MailKit). Without a host the portal still
/// runs, but its mails wait in the queue (the sending job fails and is retried) until one is configured.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>StartTls</c> (the default, for port 587), <c>SslOnConnect</c> (port 465), <c>StartTlsWhenAvailable</c>,
    /// <c>Auto</c>, or <c>None</c> for a local development server.
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    /// <summary>Environment or secret store only: start-up refuses it in a file.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Guild &lt;noreply@guild.example&gt;</c>.</summary>
    public string From { get; set; } = "Guild <noreply@guild.local>";

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult("must be a mail address such as \"Guild <noreply@guild.example>\"", [nameof(From)]);
        }
        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(UserName))
        {
            yield return new ValidationResult("is required with Email:Password", [nameof(UserName)]);
        }
    }
}
