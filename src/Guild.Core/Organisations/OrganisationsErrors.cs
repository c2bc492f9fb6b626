namespace Guild.Core.Organisations;

/// <summary>Also what a non-member hears: whether an organisation exists is its members' business.</summary>
public sealed record OrganisationNotFoundError(long Id) : DomainError($"There is no organisation {Id} you act for.");

public sealed record NotACompanyAccountError()
    : DomainError("Only a company account creates an organisation: ask a steward for the Company role, or accept a colleague's invitation.");

/// <summary>Unknown, expired and spent tokens read the same: a guessed token learns nothing.</summary>
public sealed record InvitationInvalidError()
    : DomainError("This invitation link is not valid: it may have expired or been used. Ask your colleague for a new one.");

public sealed record InvitationForAnotherEmailError()
    : DomainError("This invitation was sent to another email address: log in with the account of that address (confirmed) to accept it.");

public sealed record AlreadyAMemberError(string Email) : DomainError($"{Email} already acts for this organisation.");
