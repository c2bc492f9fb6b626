using System.Globalization;
using System.Numerics;
using Guild.Chain.Licensing;
using Guild.Core;
using Guild.Core.Data;
using Guild.Core.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Licensing;

/// <summary>A declaration ready for the wallet to sign: the declaration, the typed data to pass to <c>eth_signTypedData_v4</c>, its digest.</summary>
public sealed record PreparedDeclaration(RevenueDeclaration Declaration, string TypedData, string Digest);

/// <summary>The signed declaration as a client sends it back: the message's fields exactly as signed, and the signature.</summary>
public sealed record SignedDeclarationInput(string? Company, DeclarationInput Fields, string? Nonce, string? Deadline, string? Signature);

/// <summary>
/// A company declares its revenue: the portal checks the text, builds the declaration for the organisation's licence
/// wallet with the registry's next nonce and a deadline, the wallet signs it, and the portal checks the signature exactly
/// as the registry will (for the same company, nonce and domain) before storing it. Nothing is stored or sent on a
/// refusal. The page and the API call the same two steps.
/// </summary>
public sealed class DeclareRevenue(CompanyLicenseAccess access, LicenseService licences, DeclarationSignatures signatures, GuildDbContext db, TimeProvider time)
{
    /// <summary>How long a signed declaration may wait before it is used on-chain.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<Outcome<PreparedDeclaration>> PrepareAsync(long organisationId, string userId, DeclarationInput input, CancellationToken cancellationToken)
    {
        var context = await access.ForAsync(organisationId, userId, cancellationToken);
        if (context.Error is { } error)
        {
            return error;
        }
        var fields = DeclarationRules.Validate(input, time.GetUtcNow().Year);
        if (fields.Error is { } invalid)
        {
            return invalid;
        }
        if (context.Value!.Holder is not { } holder)
        {
            return new NoLicenseWalletError(organisationId);
        }
        var status = await licences.GetStatusAsync(holder.Wallet, cancellationToken);
        var deadline = (await licences.ChainTimeAsync(cancellationToken)).Add(Lifetime).ToUnixTimeSeconds();
        var declaration = DeclarationRules.Declare(fields.Value!, holder.Wallet, status.DeclarationNonce, deadline);
        var domain = await licences.DomainAsync(cancellationToken);
        return new PreparedDeclaration(declaration, declaration.TypedDataJson(domain), declaration.DigestHex(domain));
    }

    public async Task<Outcome<LicenseDeclaration>> SubmitAsync(long organisationId, string userId, SignedDeclarationInput input, CancellationToken cancellationToken)
    {
        var context = await access.ForAsync(organisationId, userId, cancellationToken);
        if (context.Error is { } error)
        {
            return error;
        }
        var fields = DeclarationRules.Validate(input.Fields, time.GetUtcNow().Year);
        var errors = new Dictionary<string, string[]>(fields.Error is InvalidInputError invalid ? invalid.Errors : new Dictionary<string, string[]>());
        var nonce = ParseUint(input.Nonce);
        var deadline = ParseUint(input.Deadline);
        var signature = ParseHex(input.Signature);
        if (nonce is null)
        {
            errors["nonce"] = ["must be the declaration's nonce, a non-negative integer"];
        }
        if (deadline is null || deadline > long.MaxValue)
        {
            errors["deadline"] = ["must be the declaration's deadline, unix seconds"];
        }
        if (signature is null or { Length: 0 or > 4096 })
        {
            errors["signature"] = ["must be the wallet's signature, 0x and hex"];
        }
        if (Guild.Core.Claims.EthereumAddress.TryNormalize(input.Company) is not { } company)
        {
            errors["company"] = ["must be the address the declaration names"];
            company = "";
        }
        if (errors.Count > 0)
        {
            return new InvalidInputError(errors);
        }
        if (context.Value!.Holder is not { } holder)
        {
            return new NoLicenseWalletError(organisationId);
        }
        if (company != holder.Wallet)
        {
            return new DeclarationForAnotherCompanyError(company, holder.Wallet);
        }
        var declaration = DeclarationRules.Declare(fields.Value!, holder.Wallet, nonce!.Value, (long)deadline!.Value);
        var now = await licences.ChainTimeAsync(cancellationToken);
        if (declaration.Deadline < now.ToUnixTimeSeconds())
        {
            return new DeclarationExpiredError(DateTimeOffset.FromUnixTimeSeconds(declaration.Deadline));
        }
        var status = await licences.GetStatusAsync(holder.Wallet, cancellationToken);
        if (declaration.Nonce != status.DeclarationNonce)
        {
            return new DeclarationSupersededError(declaration.Nonce, status.DeclarationNonce);
        }
        var domain = await licences.DomainAsync(cancellationToken);
        var digest = declaration.Digest(domain);
        if (!await signatures.IsValidAsync(holder.Wallet, digest, signature!, cancellationToken))
        {
            return new DeclarationSignatureInvalidError(holder.Wallet);
        }
        var digestHex = "0x" + Convert.ToHexStringLower(digest);
        // The same signed declaration sent twice is stored once.
        if (await db.LicenseDeclarations.SingleOrDefaultAsync(d => d.ChainId == domain.ChainId && d.Digest == digestHex, cancellationToken) is { } existing)
        {
            return existing;
        }
        var stored = new LicenseDeclaration(organisationId, domain.ChainId, domain.Registry, declaration, digestHex, "0x" + Convert.ToHexStringLower(signature!),
            userId, time.GetUtcNow());
        db.LicenseDeclarations.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    private static BigInteger? ParseUint(string? text) =>
        text?.Trim() is { Length: > 0 and <= 78 } t && t.All(char.IsAsciiDigit) ? BigInteger.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture) : null;

    private static byte[]? ParseHex(string? text)
    {
        var hex = text?.Trim();
        if (hex is null || !hex.StartsWith("0x", StringComparison.Ordinal) || hex.Length % 2 != 0 || !hex.AsSpan(2).ToString().All(char.IsAsciiHexDigit))
        {
            return null;
        }
        return Convert.FromHexString(hex.AsSpan(2));
    }
}
