namespace Guild.Core.Licensing;

/// <summary>
/// The wallet an organisation holds its licence with: a member sets it to the wallet linked to their own account
/// (proved with Sign-In with Ethereum on /me), and that wallet signs the declarations and sends the purchases. One
/// wallet licenses one organisation. Reminder mails go to the members unless the organisation opted out.
/// </summary>
public sealed class LicenseHolder
{
    private LicenseHolder() { }

    public LicenseHolder(long organisationId, string wallet, string setBy, DateTimeOffset at)
    {
        OrganisationId = organisationId;
        Wallet = wallet;
        SetBy = setBy;
        SetAt = at;
    }

    public long OrganisationId { get; private set; }

    /// <summary>Lower-case address.</summary>
    public string Wallet { get; private set; } = "";

    public string SetBy { get; private set; } = "";
    public DateTimeOffset SetAt { get; private set; }

    /// <summary>No reminder mails (60, 30 and 7 days before expiry, under-staked) for this organisation.</summary>
    public bool RemindersOff { get; private set; }

    public void ChangeWallet(string wallet, string userId, DateTimeOffset at)
    {
        Wallet = wallet;
        SetBy = userId;
        SetAt = at;
    }

    public void SetReminders(bool on) => RemindersOff = !on;
}

/// <summary>
/// A revenue declaration an organisation's wallet signed, kept with its signature: what the registry records the hash
/// of when the declaration is used, and the portal's evidence of what the company declared.
/// </summary>
public sealed class LicenseDeclaration
{
    private LicenseDeclaration() { }

    public LicenseDeclaration(long organisationId, long chainId, string registry, RevenueDeclaration declaration, string digest, string signature,
        string signedBy, DateTimeOffset at)
    {
        OrganisationId = organisationId;
        ChainId = chainId;
        Registry = registry;
        Company = declaration.Company;
        LegalName = declaration.LegalName;
        FiscalYear = declaration.FiscalYear;
        RevenueUsd = declaration.RevenueUsd;
        StatementUri = declaration.StatementUri;
        StatementHash = declaration.StatementHash;
        Nonce = (long)declaration.Nonce;
        Deadline = DateTimeOffset.FromUnixTimeSeconds(declaration.Deadline);
        Digest = digest;
        Signature = signature;
        SignedBy = signedBy;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public long ChainId { get; private set; }
    public string Registry { get; private set; } = "";
    public string Company { get; private set; } = "";
    public string LegalName { get; private set; } = "";
    public int FiscalYear { get; private set; }
    public System.Numerics.BigInteger RevenueUsd { get; private set; }
    public string StatementUri { get; private set; } = "";
    public string StatementHash { get; private set; } = "";
    public long Nonce { get; private set; }
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>The EIP-712 digest, <c>0x</c> hex: the declaration hash the registry records.</summary>
    public string Digest { get; private set; } = "";

    /// <summary>The wallet's signature, <c>0x</c> hex.</summary>
    public string Signature { get; private set; } = "";

    /// <summary>The portal account that had it signed.</summary>
    public string SignedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public RevenueDeclaration ToDeclaration() =>
        new(Company, LegalName, FiscalYear, RevenueUsd, StatementUri, StatementHash, Nonce, Deadline.ToUnixTimeSeconds());
}

/// <summary>A reminder mail sent for a licence, so each goes once: per wallet, expiry and kind (or terms, when under-staked).</summary>
public sealed class LicenseReminder
{
    private LicenseReminder() { }

    public LicenseReminder(string wallet, string kind, string key, DateTimeOffset sentAt)
    {
        Wallet = wallet;
        Kind = kind;
        Key = key;
        SentAt = sentAt;
    }

    public long Id { get; private set; }
    public string Wallet { get; private set; } = "";

    /// <summary><c>60-days</c>, <c>30-days</c>, <c>7-days</c> or <c>under-staked</c>.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The expiry (unix seconds) for expiry reminders; the terms' fingerprint for under-staking.</summary>
    public string Key { get; private set; } = "";

    public DateTimeOffset SentAt { get; private set; }
}
