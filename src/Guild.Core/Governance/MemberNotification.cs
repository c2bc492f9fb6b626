namespace Guild.Core.Governance;

/// <summary>Why a member was notified.</summary>
public enum NotificationKind
{
    /// <summary>A roadmap proposal opened for votes.</summary>
    ProposalOpened = 0,

    /// <summary>A roadmap proposal closes within 24 hours.</summary>
    ProposalClosingSoon = 1,
}

/// <summary>
/// A line in a member's in-portal inbox. Sent once per member, proposal and kind (the database enforces it), so a job
/// that runs twice notifies nobody twice.
/// </summary>
public sealed class MemberNotification
{
    private MemberNotification() { }

    public MemberNotification(string userId, long proposalId, NotificationKind kind, string text, DateTimeOffset createdAt)
    {
        UserId = userId;
        ProposalId = proposalId;
        Kind = kind;
        Text = text;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public long ProposalId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public string Text { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>A member's choice about roadmap notifications; no row means the defaults (inbox and email on).</summary>
public sealed class NotificationPreference
{
    private NotificationPreference() { }

    public NotificationPreference(string userId) => UserId = userId;

    public string UserId { get; private set; } = "";

    /// <summary>Mail when a proposal opens and a day before it closes (the inbox gets them regardless).</summary>
    public bool RoadmapEmails { get; set; } = true;

    /// <summary>Inbox lines for roadmap proposals.</summary>
    public bool RoadmapInbox { get; set; } = true;
}
