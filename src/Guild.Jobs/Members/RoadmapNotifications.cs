using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Core.Governance;
using Guild.Jobs.Mail;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Guild.Jobs.Members;

/// <summary>
/// Tells members about roadmap votes: when a proposal opens, and 24 hours before it closes, each member gets an inbox
/// line and a mail, unless they opted out of either. Each proposal's notice is marked sent in the same save as its
/// inbox lines (unique per member, proposal and kind), so a rerun after a failure sends nothing twice.
/// </summary>
public sealed class RoadmapNotifications(GuildDbContext db, AccountMail mail, IConfiguration configuration, TimeProvider time)
{
    public const string RecurringId = "roadmap-notifications";
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromHours(24);

    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reminderFrom = now + ReminderBefore;
        // Times are compared here, not in SQL: SQLite (the embedded default) cannot compare DateTimeOffset columns.
        // Only proposals with a notice still to send are read, and those are few.
        var due = (await db.RoadmapProposals.Where(p => !p.OpenNoticeSent || !p.ClosingReminderSent).OrderBy(p => p.Id).ToListAsync(cancellationToken))
            .Where(p => p.EndsAt > now && ((!p.OpenNoticeSent && p.StartsAt <= now) || (!p.ClosingReminderSent && p.EndsAt <= reminderFrom)))
            .ToList();
        if (due.Count == 0)
        {
            return;
        }
        var members = await (from ur in db.UserRoles
                             join r in db.Roles on ur.RoleId equals r.Id
                             join u in db.Users on ur.UserId equals u.Id
                             where r.Name == GuildRoles.Member
                             select new { u.Id, u.Email }).ToListAsync(cancellationToken);
        var preferences = await db.NotificationPreferences.AsNoTracking().ToDictionaryAsync(p => p.UserId, cancellationToken);
        var origin = configuration["Portal:PublicOrigin"]?.TrimEnd('/') ?? "";
        foreach (var proposal in due)
        {
            var kind = !proposal.OpenNoticeSent && proposal.StartsAt <= now ? NotificationKind.ProposalOpened : NotificationKind.ProposalClosingSoon;
            var text = kind == NotificationKind.ProposalOpened
                ? $"Roadmap vote open: \"{proposal.Title}\", until {proposal.EndsAt:yyyy-MM-dd HH:mm} UTC."
                : $"Roadmap vote closing within a day: \"{proposal.Title}\", at {proposal.EndsAt:yyyy-MM-dd HH:mm} UTC.";
            var link = $"{origin}/roadmap/{proposal.Id}";
            var already = await db.MemberNotifications.Where(n => n.ProposalId == proposal.Id && n.Kind == kind).Select(n => n.UserId).ToListAsync(cancellationToken);
            foreach (var member in members.Where(m => !already.Contains(m.Id)))
            {
                var preference = preferences.GetValueOrDefault(member.Id);
                // The inbox line is also the record that this member was told; a member who turned the inbox off gets a read one.
                var line = new MemberNotification(member.Id, proposal.Id, kind, text, now);
                if (preference is { RoadmapInbox: false })
                {
                    line.MarkRead(now);
                }
                db.MemberNotifications.Add(line);
                if (preference is not { RoadmapEmails: false } && !string.IsNullOrEmpty(member.Email))
                {
                    await mail.SendAsync(member.Email, kind == NotificationKind.ProposalOpened ? "A roadmap vote is open" : "A roadmap vote closes tomorrow",
                        [text, "Your vote is weighed by your voting power at the proposal's snapshot; you can change it until the vote closes."],
                        ("See the proposal and vote", link),
                        "You receive this as a Guild member. Turn these mails off on your Inbox page.", cancellationToken);
                }
            }
            if (kind == NotificationKind.ProposalOpened)
            {
                proposal.MarkOpenNoticeSent();
                if (proposal.EndsAt <= reminderFrom)
                {
                    proposal.MarkClosingReminderSent(); // a vote shorter than a day: the open notice says when it ends
                }
            }
            else
            {
                proposal.MarkClosingReminderSent();
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
