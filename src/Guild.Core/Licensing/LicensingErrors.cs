using System.Numerics;

namespace Guild.Core.Licensing;

/// <summary>The member's account has no wallet: any account links one on /me (Sign-In with Ethereum).</summary>
public sealed record NoLinkedWalletError()
    : DomainError("Your account has no wallet yet: link one on /me (sign a message with it), then use it for the licence.");

/// <summary>The organisation has not chosen the wallet its licence belongs to.</summary>
public sealed record NoLicenseWalletError(long OrganisationId)
    : DomainError("The organisation has no licence wallet yet: a member uses the wallet linked to their account for it first.");

public sealed record LicenseWalletTakenError(string Wallet)
    : DomainError($"The wallet {Wallet} already holds another organisation's licence: one wallet licenses one organisation.");

/// <summary>The signature is not the company wallet's signature of this declaration (signed by another wallet, or altered).</summary>
public sealed record DeclarationSignatureInvalidError(string Company)
    : DomainError($"The signature is not {Company}'s signature of this declaration: sign it with the organisation's licence wallet.");

public sealed record DeclarationExpiredError(DateTimeOffset Deadline)
    : DomainError($"The declaration could be used until {Deadline:u}; it has expired: sign a new one.");

/// <summary>A declaration names another company than the organisation's wallet: a declaration is its company's only.</summary>
public sealed record DeclarationForAnotherCompanyError(string Company, string Wallet)
    : DomainError($"This declaration names {Company}, not the organisation's wallet {Wallet}: a declaration is valid for its own company only.");

/// <summary>A declaration's nonce is not the company's next one on the registry (it was used, or a newer one was).</summary>
public sealed record DeclarationSupersededError(BigInteger Nonce, BigInteger Expected)
    : DomainError($"This declaration carries nonce {Nonce}, but the registry expects {Expected}: it was used already or superseded. Sign a new one.");

public sealed record DeclarationNotFoundError(long Id) : DomainError($"There is no declaration {Id} of this organisation.");

/// <summary>The registry would refuse the transaction; <see cref="Reason"/> says why in people's words.</summary>
public sealed record LicenseRefusedError(string Reason, string? ContractError = null) : DomainError(Reason);

/// <summary>The sale reserve cannot sell what the licence needs (until governance funds it).</summary>
public sealed record ReserveInsufficientError(BigInteger NeededWei, BigInteger AvailableWei)
    : DomainError($"The sale reserve holds {AgiAmount.Format(AvailableWei)}, less than the {AgiAmount.Format(NeededWei)} this licence needs: it cannot be bought until governance funds the reserve.");

/// <summary>A transaction the wallet sent did not succeed (or was not found on the chain).</summary>
public sealed record LicenseTransactionFailedError(string TransactionHash, string Reason)
    : DomainError($"Transaction {TransactionHash} did not record the licence: {Reason}");
