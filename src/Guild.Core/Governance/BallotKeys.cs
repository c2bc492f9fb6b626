using Microsoft.AspNetCore.DataProtection;

namespace Guild.Core.Governance;

/// <summary>
/// Keeps the private keys of private roadmap proposals sealed at rest until their reveal, with the portal's data
/// protection (its key ring lives in the database, each key sealed under the key-encryption key; see
/// <see cref="Hosting.KeyEncryption"/>): a database dump alone does not open the ballots before the end.
/// </summary>
public sealed class BallotKeys(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("Guild.Governance.PrivateBallotKey.v1");

    public string Seal(string privateKey) => protector.Protect(privateKey);

    public string Open(string sealedKey) => protector.Unprotect(sealedKey);
}
