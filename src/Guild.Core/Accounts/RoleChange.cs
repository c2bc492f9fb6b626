namespace Guild.Core.Accounts;

/// <summary>
/// The audit trail of roles: who granted or revoked which role to whom, when, and why. Rows are never changed or
/// deleted; they name accounts by id, so deleting an account leaves "a deleted account" in the trail, not its email.
/// </summary>
public sealed class RoleChange
{
    private RoleChange() { }

    internal RoleChange(string userId, string role, bool granted, string? byUserId, string reason, DateTimeOffset at)
    {
        UserId = userId;
        Role = role;
        Granted = granted;
        ByUserId = byUserId;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }

    /// <summary>The account whose role changed.</summary>
    public string UserId { get; private set; } = "";

    public string Role { get; private set; } = "";

    /// <summary>True for a grant, false for a revocation.</summary>
    public bool Granted { get; private set; }

    /// <summary>The steward who decided; null when no account did (the command line, an accepted invitation).</summary>
    public string? ByUserId { get; private set; }

    /// <summary>How it happened: "steward", "command line", "invitation to Acme accepted"…</summary>
    public string Reason { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
