using Guild.Chain.Wallets;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Guild.Jobs.Mail;
using Guild.Web.Epochs;
using Guild.Web.Hosting;

namespace Guild.Web.Accounts;

/// <summary>
/// A signed-in account's wallet, for /me and /api/me alike: a message to sign (any account can be paid: one without a
/// person gets one), the link once signed, the unlink; and the mail telling the person whenever the wallet their
/// rewards go to changes, so a hijacked account cannot redirect rewards unnoticed.
/// </summary>
public sealed class MyWallet(GuildDbContext db, WalletLinking linking, EnsureAccountPersonCommand ensurePerson, PortalOrigin origin, AccountMail mail)
{
    public async Task<Outcome<WalletChallenge>> IssueAsync(GuildUser user, string? address, CancellationToken cancellationToken)
    {
        if (WalletLinking.AddressError(address) is { } invalid)
        {
            return invalid; // before anything is written for the account
        }
        var rewards = await ContributorRewards.LoadAsync(db, user.Id, cancellationToken);
        var person = rewards.Person ?? await ensurePerson.ExecuteAsync(user.Id, cancellationToken);
        var payee = ContributorRewards.PayeeOf(person, rewards.GitHubLogins, user.Email);
        return await linking.IssueAsync(user.Id, person.Id, payee, address, origin.Current, cancellationToken);
    }

    /// <param name="message">The signed text (the API's SIWE path), or null to use the stored challenge's.</param>
    public async Task<Outcome<ContributorWallet>> LinkAsync(GuildUser user, string? nonce, string? message, string? signature, CancellationToken cancellationToken)
    {
        var rewards = await ContributorRewards.LoadAsync(db, user.Id, cancellationToken);
        var linked = await linking.LinkAsync(user.Id, rewards.Person?.Id, nonce, message, signature, origin.Current, cancellationToken);
        if (linked.Value is { } wallet && wallet.Address != rewards.Wallet)
        {
            await mail.WalletChangedAsync(user.Id, rewards.Wallet, wallet.Address, cancellationToken);
        }
        return linked;
    }

    public async Task<ContributorWallet?> UnlinkAsync(GuildUser user, CancellationToken cancellationToken)
    {
        var rewards = await ContributorRewards.LoadAsync(db, user.Id, cancellationToken);
        if (rewards.Person is not { } person || await linking.UnlinkAsync(person.Id, cancellationToken) is not { } unlinked)
        {
            return null;
        }
        await mail.WalletChangedAsync(user.Id, unlinked.Address, null, cancellationToken);
        return unlinked;
    }
}
