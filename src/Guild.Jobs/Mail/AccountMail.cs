using System.Net;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Jobs.Mail;

/// <summary>
/// The mails of the accounts: what they say and where their links go. Each is queued through <see cref="MailOutbox"/>
/// (sent by a job, retried). Links are absolute and built by the caller, which knows the portal's public address.
/// </summary>
public sealed class AccountMail(MailOutbox outbox, GuildDbContext db)
{
    public Task ConfirmAccountAsync(string to, string link, CancellationToken cancellationToken) =>
        SendAsync(to, "Confirm your Guild account",
            ["Someone, hopefully you, created a Guild account with this address. Confirm it to log in:"],
            ("Confirm my account", link),
            "If it was not you, ignore this mail: the account stays unusable.", cancellationToken);

    /// <summary>What an address that already has an account receives when someone registers it again (the page says the same either way).</summary>
    public Task AlreadyRegisteredAsync(string to, string loginLink, string resetLink, CancellationToken cancellationToken) =>
        SendAsync(to, "Your Guild account",
            ["Someone, hopefully you, tried to create a Guild account with this address, which already has one.",
             $"Log in at {loginLink}, or choose a new password if you forgot yours:"],
            ("Choose a new password", resetLink),
            "If it was not you, ignore this mail: nothing changed.", cancellationToken);

    public Task ResetPasswordAsync(string to, string link, CancellationToken cancellationToken) =>
        SendAsync(to, "Choose a new Guild password",
            ["Someone, hopefully you, asked to reset the password of the Guild account with this address."],
            ("Choose a new password", link),
            "If it was not you, ignore this mail: your password stays as it is.", cancellationToken);

    /// <summary>The first password of an account created from the command line (a steward's).</summary>
    public Task SetPasswordAsync(string to, string link, CancellationToken cancellationToken) =>
        SendAsync(to, "Your Guild steward account",
            ["A Guild steward account was created for this address. Choose its password to log in; you will then set up an authenticator app, which stewards need."],
            ("Choose my password", link),
            "If you did not expect this, tell the people who run this Guild.", cancellationToken);

    public Task ConfirmEmailChangeAsync(string to, string link, CancellationToken cancellationToken) =>
        SendAsync(to, "Confirm your new Guild email",
            ["Someone, hopefully you, asked to use this address for their Guild account. Confirm it to make the change:"],
            ("Confirm this address", link),
            "If it was not you, ignore this mail: nothing changes.", cancellationToken);

    /// <summary>Someone asked to move their account to an address that already has one: its owner hears of it, the asker learns nothing.</summary>
    public Task EmailInUseAsync(string to, CancellationToken cancellationToken) =>
        SendAsync(to, "Your Guild account",
            ["Someone asked to use this address for another Guild account. It already belongs to your account, so nothing changed."],
            null, "You need not do anything.", cancellationToken);

    public Task ConfirmGitEmailAsync(string to, string link, CancellationToken cancellationToken) =>
        SendAsync(to, "Confirm your git email for Guild",
            ["Someone, hopefully you, asked Guild to count the git commits authored with this address as theirs. " +
             "Open the link while logged in to the account that asked:"],
            ("Confirm this git email", link),
            "If it was not you, ignore this mail: your commits stay with you.", cancellationToken);

    public Task InvitationAsync(string to, string organisation, string invitedBy, string link, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        SendAsync(to, $"Join {organisation} on Guild",
            [$"{invitedBy} invites you to act for {organisation} on Guild. Log in (or create an account) with this address, then accept:"],
            ("Accept the invitation", link),
            $"The link works once, until {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. If you do not know {invitedBy}, ignore this mail.", cancellationToken);

    /// <summary>
    /// Tells a person that the wallet their rewards are paid to changed: the wallet code calls this after a link or an
    /// unlink (<paramref name="newAddress"/> null), so a hijacked account cannot redirect rewards unnoticed.
    /// </summary>
    public async Task WalletChangedAsync(string userId, string? oldAddress, string? newAddress, CancellationToken cancellationToken = default)
    {
        var to = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(to))
        {
            return;
        }
        var change = (oldAddress, newAddress) switch
        {
            (null, { } added) => $"Your Guild rewards are now paid to the wallet {added}.",
            ({ } removed, null) => $"The wallet {removed} was unlinked: your rewards accrue until you link another one.",
            _ => $"Your Guild rewards are now paid to the wallet {newAddress} instead of {oldAddress}. What earlier epochs paid into the old wallet stays claimable there.",
        };
        await SendAsync(to, "Your Guild wallet changed", [change], null,
            "If it was not you, change your password now and tell a steward.", cancellationToken);
    }

    internal Task SendAsync(string to, string subject, string[] paragraphs, (string Text, string Url)? action, string footer, CancellationToken cancellationToken)
    {
        var text = string.Join("\n\n", paragraphs) + (action is { } a ? $"\n\n{a.Text}: {a.Url}" : "") + "\n\n" + footer + "\n";
        var html = string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
                   + (action is { } b ? $"<p><a href=\"{WebUtility.HtmlEncode(b.Url)}\">{WebUtility.HtmlEncode(b.Text)}</a></p>" : "")
                   + $"<p>{WebUtility.HtmlEncode(footer)}</p>";
        return outbox.QueueAsync(to, subject, text, html, cancellationToken);
    }
}
