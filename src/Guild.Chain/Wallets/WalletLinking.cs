using System.Globalization;
using System.Security.Cryptography;
using Guild.Chain.Deployment;
using Guild.Core;
using Guild.Core.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Nethereum.Signer;

namespace Guild.Chain.Wallets;

public sealed record WalletChallengeNotFoundError(string Nonce) : DomainError($"No wallet challenge {Nonce} was issued to this account.");

public sealed record WalletChallengeSpentError(string Reason) : DomainError(Reason);

/// <summary>One wallet is paid for one person: two accounts sharing an address would make every later epoch ambiguous.</summary>
public sealed record WalletTakenError(string Address)
    : DomainError($"{Address} is already linked to another contributor: a wallet is paid for one person only. Use a wallet of your own.");

public sealed record WalletSignatureMismatchError(string Expected, string? Recovered)
    : DomainError(Recovered is null
        ? "The signature is not a valid signature of the message."
        : $"The message was signed by {Recovered}, not by {Expected}: sign it with the wallet you named.");

/// <summary>
/// Links a wallet to a person with a signed message (EIP-191, in the spirit of EIP-4361): the portal issues a challenge
/// naming the chain id, the rewards distributor and a random nonce; the person signs it with the wallet; the signature is
/// checked against the stored text, once, before it expires. The allocation then pays the person's share to that wallet
/// from the next epoch on. A wallet belongs to one person only.
/// </summary>
public sealed class WalletLinking(GuildDbContext db, ChainConnection chain, DeployedContracts contracts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public const int MaxOpenChallenges = 5;

    /// <param name="userId">The signed-in portal account.</param>
    /// <param name="personId">The person that account acts for.</param>
    /// <param name="payee">How the message names whose rewards these are, e.g. "GitHub account @octocat".</param>
    /// <param name="origin">The portal as the browser sees it, shown in the message so a person knows who asks.</param>
    public async Task<Outcome<WalletChallenge>> IssueAsync(string userId, long personId, string payee, string? address, Uri origin, CancellationToken cancellationToken)
    {
        if (EthereumAddress.TryNormalize(address?.Trim()) is not { } account || account == EthereumAddress.Zero)
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["address"] = ["must be a 20-byte hex address such as 0x52908400098527886E0F7030069857D2E4169EE7"] });
        }
        if (origin.Authority.Length > 255)
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["origin"] = ["the portal's host name is too long to put in a message"] });
        }
        var now = time.GetUtcNow();
        var open = await db.WalletChallenges.Where(c => c.UserId == userId && c.UsedAt == null).ToListAsync(cancellationToken);
        if (open.Count(c => c.ExpiresAt >= now) >= MaxOpenChallenges)
        {
            return new WalletChallengeSpentError($"{MaxOpenChallenges} messages are waiting for a signature already: sign one, or wait until they expire.");
        }
        db.WalletChallenges.RemoveRange(open.Where(c => c.ExpiresAt < now)); // of no use to anyone
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var distributor = EthereumAddress.Normalize(await contracts.AddressAsync("RewardsDistributor", cancellationToken));
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var message = string.Join('\n',
            $"{origin.Authority} wants you to link your Ethereum account:",
            EthereumAddress.ToChecksum(account),
            "",
            $"Pay the Guild rewards of {payee} to this wallet.",
            "",
            $"URI: {origin.GetLeftPart(UriPartial.Authority)}",
            "Version: 1",
            $"Chain ID: {chainId.ToString(CultureInfo.InvariantCulture)}",
            $"Contract: {EthereumAddress.ToChecksum(distributor)}",
            $"Nonce: {nonce}",
            $"Issued At: {issued.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
            $"Expiration Time: {issued.Add(Lifetime).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        var challenge = new WalletChallenge(nonce, userId, personId, account, chainId, distributor, message, issued, issued.Add(Lifetime));
        db.WalletChallenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        return challenge;
    }

    /// <summary>
    /// Checks the signature of a challenge this account was issued and links the wallet to <paramref name="personId"/>,
    /// the account's person now (it must still be the one the message was issued for). A refusal changes nothing.
    /// </summary>
    public async Task<Outcome<ContributorWallet>> LinkAsync(string userId, long? personId, string? nonce, string? signature, CancellationToken cancellationToken)
    {
        var key = nonce?.Trim();
        var challenge = string.IsNullOrEmpty(key)
            ? null
            : await db.WalletChallenges.AsNoTracking().SingleOrDefaultAsync(c => c.Nonce == key && c.UserId == userId, cancellationToken);
        if (challenge is null)
        {
            return new WalletChallengeNotFoundError(key ?? "");
        }
        var now = time.GetUtcNow();
        if (challenge.UsedAt is not null)
        {
            return new WalletChallengeSpentError("This challenge was already used: ask for a new message.");
        }
        if (now > challenge.ExpiresAt)
        {
            return new WalletChallengeSpentError($"This challenge expired at {challenge.ExpiresAt:u}: ask for a new message.");
        }
        if (personId is null || challenge.PersonId != personId)
        {
            return new WalletChallengeSpentError("This account's GitHub link changed since the message was issued: ask for a new message.");
        }
        // The deployment the message names must still be the one the portal pays from.
        if (await chain.GetChainIdAsync(cancellationToken) != challenge.ChainId
            || !string.Equals(await contracts.AddressAsync("RewardsDistributor", cancellationToken), challenge.Contract, StringComparison.OrdinalIgnoreCase))
        {
            return new WalletChallengeSpentError("The chain or the rewards contract changed since this message was issued: ask for a new message.");
        }
        var recovered = Recover(challenge.Message, signature);
        if (recovered != challenge.Address)
        {
            return new WalletSignatureMismatchError(EthereumAddress.ToChecksum(challenge.Address), recovered is null ? null : EthereumAddress.ToChecksum(recovered));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Spend the nonce in the database, so of two requests racing with the same signature exactly one links.
        if (await db.WalletChallenges.Where(c => c.Nonce == challenge.Nonce && c.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken) != 1)
        {
            return new WalletChallengeSpentError("This challenge was already used: ask for a new message.");
        }
        if (await db.ContributorWallets.AnyAsync(w => w.Address == challenge.Address && w.PersonId != challenge.PersonId, cancellationToken))
        {
            return new WalletTakenError(EthereumAddress.ToChecksum(challenge.Address));
        }
        var wallet = await db.ContributorWallets.SingleOrDefaultAsync(w => w.PersonId == challenge.PersonId, cancellationToken);
        if (wallet is null)
        {
            wallet = new ContributorWallet(challenge.PersonId, challenge.Address, now);
            db.ContributorWallets.Add(wallet);
        }
        else
        {
            wallet.LinkTo(challenge.Address, now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The database's unique indexes settled a race: another link of this person, or of this address, committed first.
            return await db.ContributorWallets.AsNoTracking().AnyAsync(w => w.Address == challenge.Address && w.PersonId != challenge.PersonId, CancellationToken.None)
                ? new WalletTakenError(EthereumAddress.ToChecksum(challenge.Address))
                : new WalletChallengeSpentError("Another wallet was linked to this account at the same moment: reload and try again.");
        }
        await transaction.CommitAsync(cancellationToken);
        return wallet;
    }

    /// <summary>
    /// Unlinks the person's wallet: their share accrues again until they link another. What published trees already put
    /// in the old wallet stays claimable by it.
    /// </summary>
    public async Task<ContributorWallet?> UnlinkAsync(long personId, CancellationToken cancellationToken)
    {
        var wallet = await db.ContributorWallets.SingleOrDefaultAsync(w => w.PersonId == personId, cancellationToken);
        if (wallet is not null)
        {
            db.ContributorWallets.Remove(wallet);
            await db.SaveChangesAsync(cancellationToken);
        }
        return wallet;
    }

    private static string? Recover(string message, string? signature)
    {
        var hex = signature?.Trim();
        if (hex is null || !System.Text.RegularExpressions.Regex.IsMatch(hex, "^(0x)?[0-9a-fA-F]{130}$"))
        {
            return null;
        }
        try
        {
            return EthereumAddress.TryNormalize(new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, hex.StartsWith("0x", StringComparison.Ordinal) ? hex : "0x" + hex));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return null; // not a point on the curve, a bad recovery id: not a signature
        }
    }
}
