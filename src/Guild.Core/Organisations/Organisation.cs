namespace Guild.Core.Organisations;

/// <summary>
/// A company on the portal. Its members are portal accounts that act for it (declare revenue, hold its licence); a
/// member invites a colleague by email, and accepting makes the colleague a member with the Company role.
/// </summary>
public sealed class Organisation
{
    private Organisation() { }

    internal Organisation(string name, string createdBy, DateTimeOffset at)
    {
        Name = name;
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The account that created it (its first member).</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>An account that acts for an organisation.</summary>
public sealed class OrganisationMember
{
    private OrganisationMember() { }

    internal OrganisationMember(long organisationId, string userId, string? invitedBy, DateTimeOffset joinedAt)
    {
        OrganisationId = organisationId;
        UserId = userId;
        InvitedBy = invitedBy;
        JoinedAt = joinedAt;
    }

    public long OrganisationId { get; private set; }
    public string UserId { get; private set; } = "";

    /// <summary>The member whose invitation this account accepted; null for the organisation's creator.</summary>
    public string? InvitedBy { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }
}

/// <summary>
/// An invitation mailed to a colleague. Only a hash of its one-time token is stored, so the table alone lets nobody
/// join; it expires, and it is spent by the first acceptance.
/// </summary>
public sealed class OrganisationInvitation
{
    private OrganisationInvitation() { }

    internal OrganisationInvitation(long organisationId, string email, string tokenHash, string invitedBy, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        OrganisationId = organisationId;
        Email = email;
        TokenHash = tokenHash;
        InvitedBy = invitedBy;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public Organisation? Organisation { get; private set; }

    /// <summary>The invited address, lower case: only an account with this confirmed email may accept.</summary>
    public string Email { get; private set; } = "";

    /// <summary>SHA-256 of the token, hex.</summary>
    public string TokenHash { get; private set; } = "";

    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public string? AcceptedBy { get; private set; }
}
