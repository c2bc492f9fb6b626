using System.Globalization;
using System.Net;
using System.Numerics;
using Guild.Core;
using Guild.Jobs.Mail;

namespace Guild.Jobs.Licensing;

/// <summary>The licence reminders a company's members receive, queued through the <see cref="MailOutbox"/>.</summary>
public sealed class LicenseMail(MailOutbox outbox)
{
    public Task ExpiresSoonAsync(string to, string organisation, string wallet, DateTimeOffset expiry, int daysLeft, string? link, CancellationToken cancellationToken) =>
        SendAsync(to, $"{organisation}'s AGI licence expires in {daysLeft} days",
            [$"The AGI licence of {organisation} (wallet {wallet}) expires on {expiry.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, in {daysLeft} days.",
             "Renew it with a new revenue declaration before then to keep using the guild's works commercially; a renewal extends the term from the current expiry."],
            link, cancellationToken);

    public Task UnderStakedAsync(string to, string organisation, string wallet, BigInteger lockedWei, BigInteger requiredWei, string? link, CancellationToken cancellationToken) =>
        SendAsync(to, $"{organisation}'s AGI licence is under-staked",
            [$"Governance changed the licence parameters (or the stake was withdrawn): the AGI licence of {organisation} (wallet {wallet}) now requires {AgiAmount.Format(requiredWei)} locked, and {AgiAmount.Format(lockedWei)} is.",
             "Until it is topped up, the register shows the licence as not active. A top-up with a new declaration buys what is missing and keeps the expiry."],
            link, cancellationToken);

    private Task SendAsync(string to, string subject, string[] paragraphs, string? link, CancellationToken cancellationToken)
    {
        const string footer = "You receive this because you act for this organisation on Guild. A member can turn these reminders off on the licence page.";
        var action = link is null ? "" : $"\n\nOpen the licence page: {link}";
        var text = string.Join("\n\n", paragraphs) + action + "\n\n" + footer + "\n";
        var html = string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
                   + (link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Open the licence page</a></p>")
                   + $"<p>{WebUtility.HtmlEncode(footer)}</p>";
        return outbox.QueueAsync(to, subject, text, html, cancellationToken);
    }
}
