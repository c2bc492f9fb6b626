using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Organisations;
using Guild.Jobs.Mail;

namespace Guild.Web.Accounts;

/// <summary>
/// Inviting a colleague into an organisation, for the organisation page and the API alike: the invitation (a one-time,
/// expiring token for that address) and the mail carrying its link.
/// </summary>
public sealed class ColleagueInvitations(InviteColleagueCommand invite, AccountMail mail, AccountLinks links)
{
    public async Task<Outcome<IssuedInvitation>> InviteAsync(long organisationId, GuildUser inviter, string? email, CancellationToken cancellationToken)
    {
        var outcome = await invite.ExecuteAsync(organisationId, inviter.Id, email, cancellationToken);
        if (outcome.Value is { } issued)
        {
            await mail.InvitationAsync(issued.Invitation.Email, issued.Organisation, inviter.Email ?? "A colleague",
                links.To($"Account/Invitation?token={issued.Token}"), issued.Invitation.ExpiresAt, cancellationToken);
        }
        return outcome;
    }
}
