using System.Globalization;
using System.Security.Cryptography;
using Guild.Chain.Deployment;
using Guild.Core;
using Guild.Core.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Chain.Wallets;

public sealed record WalletChallengeNotFoundError(string Nonce) : DomainError($"No wallet challenge {Nonce} was issued to this account.");

public sealed record WalletChallengeSpentError(string Reason) : DomainError(Reason);

/// <summary>Too many messages wait for a signature: the person should sign one of them or wait until they expire.</summary>
public sealed record WalletChallengesWaitingError(int Count)
    : DomainError($"{Count} messages are waiting for a signature already: sign one, or wait until they expire.");

/// <summary>One wallet is paid for one person: two accounts sharing an address would make every later epoch ambiguous.</summary>
public sealed record WalletTakenError(string Address)
    : DomainError($"{Address} is already linked to another contributor: a wallet is paid for one person only. Use a wallet of your own.");

public sealed record WalletSignatureMismatchError(string Expected, string? Recovered)
    : DomainError(Recovered is null
        ? "The signature is not a valid signature of the message."
        : $"The message was signed by {Recovered}, not by {Expected}: sign it with the wallet you named.");

/// <summary>The address is a contract wallet (a Safe, say) and it did not accept the signature under EIP-1271.</summary>
public sealed record WalletContractRefusedSignatureError(string Address)
    : DomainError($"The wallet contract {Address} did not accept this signature (EIP-1271): sign the message with the wallet's owner, or owners.");

/// <summary>The posted text is not a Sign-In with Ethereum message at all.</summary>
public sealed record WalletMessageMalformedError(string Reason)
    : DomainError($"This is not a Sign-In with Ethereum (EIP-4361) message: {Reason}.");

/// <summary>
/// The message is well formed but is not the one this portal issued to this account: another domain or URI, another
/// chain, another distributor, another address, or changed text.
/// </summary>
public sealed record WalletMessageMismatchError(string Reason) : DomainError(Reason);

/// <summary>
/// Links a wallet to a person with Sign-In with Ethereum (EIP-4361): the portal issues a message in the standard's
/// format for its configured origin (domain and URI), naming the account's person in the statement, the rewards
/// distributor as a resource (<c>eip155:{chain id}:{address}</c>), the chain id, a random nonce and a 15-minute
/// expiration. The person signs it with the wallet (EIP-191 <c>personal_sign</c>; a contract wallet through EIP-1271).
/// At link time the signed text is parsed back and must be exactly the stored challenge, for this portal's origin, this
/// chain and this distributor, unexpired and unused; then the signature must be the wallet's. A link spends the nonce.
/// The allocation pays the person's share to that wallet from the next epoch on. A wallet belongs to one person only.
/// </summary>
public sealed class WalletLinking(GuildDbContext db, ChainConnection chain, DeployedContracts contracts, WalletSignatures signatures, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public const int MaxOpenChallenges = 5;

    /// <summary>Why <paramref name="address"/> cannot receive rewards (not a 20-byte hex address, or the zero address), or null.</summary>
    public static InvalidInputError? AddressError(string? address) =>
        EthereumAddress.TryNormalize(address?.Trim()) is not { } account || account == EthereumAddress.Zero
            ? new InvalidInputError(new Dictionary<string, string[]> { ["address"] = ["must be a 20-byte hex address such as 0x52908400098527886E0F7030069857D2E4169EE7"] })
            : null;

    /// <summary>Longer than any message the portal writes: a longer text cannot be one of ours.</summary>
    public const int MaxMessageLength = 2000;

    /// <param name="userId">The signed-in portal account.</param>
    /// <param name="personId">The person that account acts for.</param>
    /// <param name="payee">
    /// How the statement names whose rewards these are, e.g. "GitHub account @octocat (person:12)"; characters the
    /// standard does not allow in a statement leave only the person's key.
    /// </param>
    /// <param name="origin">The portal's public origin (configuration, never the request's Host): the message's domain and URI.</param>
    public async Task<Outcome<WalletChallenge>> IssueAsync(string userId, long personId, string payee, string? address, Uri origin, CancellationToken cancellationToken)
    {
        if (AddressError(address) is { } invalid)
        {
            return invalid;
        }
        var account = EthereumAddress.Normalize(address!.Trim());
        var now = time.GetUtcNow();
        var open = await db.WalletChallenges.Where(c => c.UserId == userId && c.UsedAt == null).ToListAsync(cancellationToken);
        if (open.Count(c => c.ExpiresAt >= now) >= MaxOpenChallenges)
        {
            return new WalletChallengesWaitingError(MaxOpenChallenges);
        }
        db.WalletChallenges.RemoveRange(open.Where(c => c.ExpiresAt < now)); // of no use to anyone
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var distributor = EthereumAddress.Normalize(await contracts.AddressAsync("RewardsDistributor", cancellationToken));
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var person = Core.People.Person.KeyOf(personId);
        var statement = $"Pay the Guild rewards of {payee} to this wallet.";
        if (!SiweMessage.IsStatement(statement) || statement.Length > 400)
        {
            statement = $"Pay the Guild rewards of {person} to this wallet.";
        }
        var message = new SiweMessage(
            Domain: origin.Authority,
            Address: EthereumAddress.ToChecksum(account),
            Statement: statement,
            Uri: UriOf(origin),
            Version: "1",
            ChainId: chainId,
            Nonce: nonce,
            IssuedAt: SiweMessage.FormatTime(issued),
            ExpirationTime: SiweMessage.FormatTime(issued.Add(Lifetime)),
            Resources: [DistributorResource(chainId, distributor)]);
        var challenge = new WalletChallenge(nonce, userId, personId, account, chainId, distributor, message.ToString(), issued, issued.Add(Lifetime));
        db.WalletChallenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        return challenge;
    }

    /// <summary>
    /// Checks a signed message and links the wallet to <paramref name="personId"/>, the account's person now (it must
    /// still be the one the message was issued for). <paramref name="message"/> is the signed text; without it, the
    /// text of the challenge <paramref name="nonce"/> names is taken as signed. A refusal changes nothing.
    /// </summary>
    /// <param name="origin">The portal's public origin now: the message must have been issued for it.</param>
    public async Task<Outcome<ContributorWallet>> LinkAsync(string userId, long? personId, string? nonce, string? message, string? signature, Uri origin,
        CancellationToken cancellationToken)
    {
        var key = nonce?.Trim();
        SiweMessage? signed = null;
        if (!string.IsNullOrEmpty(message))
        {
            if (message.Length > MaxMessageLength)
            {
                return new WalletMessageMalformedError($"it is longer than {MaxMessageLength} characters");
            }
            if (!SiweMessage.TryParse(message, out signed, out var malformed))
            {
                return new WalletMessageMalformedError(malformed!);
            }
            if (!string.IsNullOrEmpty(key) && key != signed!.Nonce)
            {
                return new WalletMessageMismatchError($"The message's nonce {signed.Nonce} is not the challenge {key} named with it.");
            }
            key = signed!.Nonce;
        }
        var challenge = string.IsNullOrEmpty(key)
            ? null
            : await db.WalletChallenges.AsNoTracking().SingleOrDefaultAsync(c => c.Nonce == key && c.UserId == userId, cancellationToken);
        if (challenge is null)
        {
            return new WalletChallengeNotFoundError(key ?? "");
        }
        var text = message is { Length: > 0 } ? message : challenge.Message;
        if (signed is null && !SiweMessage.TryParse(text, out signed, out var stale))
        {
            return new WalletMessageMalformedError(stale!); // issued before the portal wrote EIP-4361
        }
        var now = time.GetUtcNow();
        if (challenge.UsedAt is not null)
        {
            return new WalletChallengeSpentError("This challenge was already used: ask for a new message.");
        }
        var expires = SiweMessage.ParseTime(signed!.ExpirationTime) is { } stated && stated < challenge.ExpiresAt ? stated : challenge.ExpiresAt;
        if (now > expires)
        {
            return new WalletChallengeSpentError($"This challenge expired at {expires:u}: ask for a new message.");
        }
        if (SiweMessage.ParseTime(signed.NotBefore) is { } notBefore && now < notBefore)
        {
            return new WalletMessageMismatchError($"The message is not valid before {notBefore:u}.");
        }
        if (personId is null || challenge.PersonId != personId)
        {
            return new WalletChallengeSpentError("The person this account acts for changed since the message was issued (a GitHub link or a merge): ask for a new message.");
        }
        if (signed.Domain != origin.Authority || signed.Uri != UriOf(origin))
        {
            return new WalletMessageMismatchError(
                $"The message asks to sign in to {signed.Domain} ({signed.Uri}), but this portal is {origin.Authority} ({UriOf(origin)}): sign a message this portal issued.");
        }
        // The deployment the message names must still be the one the portal pays from.
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        if (signed.ChainId != chainId)
        {
            return new WalletMessageMismatchError($"The message is for chain {signed.ChainId}, but the portal pays on chain {chainId}.");
        }
        if (chainId != challenge.ChainId || !string.Equals(distributor, challenge.Contract, StringComparison.OrdinalIgnoreCase))
        {
            return new WalletChallengeSpentError("The chain or the rewards contract changed since this message was issued: ask for a new message.");
        }
        if (!signed.Resources.Contains(DistributorResource(chainId, EthereumAddress.Normalize(distributor))))
        {
            return new WalletMessageMismatchError($"The message does not name the rewards distributor {DistributorResource(chainId, EthereumAddress.Normalize(distributor))} among its resources.");
        }
        if (EthereumAddress.TryNormalize(signed.Address) != challenge.Address)
        {
            return new WalletMessageMismatchError($"The message names {signed.Address}, but the challenge was issued for {EthereumAddress.ToChecksum(challenge.Address)}.");
        }
        if (text != challenge.Message)
        {
            return new WalletMessageMismatchError("The message differs from the one this portal issued (its statement, times or resources): sign the message exactly as issued.");
        }
        var check = await signatures.CheckAsync(text, challenge.Address, signature, cancellationToken);
        if (!check.Valid)
        {
            return check.Contract && !check.Malformed
                ? new WalletContractRefusedSignatureError(EthereumAddress.ToChecksum(challenge.Address))
                : new WalletSignatureMismatchError(EthereumAddress.ToChecksum(challenge.Address), check.Malformed || check.Recovered is null ? null : EthereumAddress.ToChecksum(check.Recovered));
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

    /// <summary>The URI a message names for the portal: its origin without a trailing slash.</summary>
    public static string UriOf(Uri origin) => origin.GetLeftPart(UriPartial.Authority);

    /// <summary>The distributor as a CAIP-10 account id, the resource every message names.</summary>
    public static string DistributorResource(long chainId, string lowerAddress) =>
        $"eip155:{chainId.ToString(CultureInfo.InvariantCulture)}:{EthereumAddress.ToChecksum(lowerAddress)}";
}
