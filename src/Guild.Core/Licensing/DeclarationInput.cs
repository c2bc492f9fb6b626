using System.Globalization;
using System.Numerics;
using Guild.Core.Claims;

namespace Guild.Core.Licensing;

/// <summary>A revenue declaration as a person types it: every field is text, checked exactly by <see cref="Validate"/>.</summary>
public sealed record DeclarationInput(string? LegalName, string? FiscalYear, string? RevenueUsd, string? StatementUri = null, string? StatementHash = null);

/// <summary>A declaration's checked fields, ready to be put into a <see cref="RevenueDeclaration"/>.</summary>
public sealed record DeclarationFields(string LegalName, int FiscalYear, BigInteger RevenueUsd, string StatementUri, string StatementHash);

/// <summary>
/// The rules a declaration's text must meet before anything is signed or stored. Revenue is parsed exactly (no floats):
/// whole US dollars, digits with optional thousands separators, never negative, and at most
/// <see cref="MaxRevenueUsd"/>: larger figures (a uint256 overflow, a trillion-fold jump) are typing errors, not revenue.
/// </summary>
public static class DeclarationRules
{
    /// <summary>Ten trillion dollars a year: ten times the largest revenue any company has reported.</summary>
    public static readonly BigInteger MaxRevenueUsd = BigInteger.Pow(10, 13);

    public const int MaxLegalNameLength = 200;
    public const int MaxStatementUriLength = 500;

    /// <summary>Whole US dollars from text such as "11,000,000", "$11 000 000" or "11000000"; or why not.</summary>
    public static (BigInteger? Value, string? Problem) ParseRevenueUsd(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, "is required: the annual revenue in whole US dollars");
        }
        if (value.StartsWith('$'))
        {
            value = value[1..].TrimStart();
        }
        if (value.StartsWith('-') || value.StartsWith('\u2212'))
        {
            return (null, "cannot be negative");
        }
        var digits = value.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
        if (digits.EndsWith(".00", StringComparison.Ordinal) || digits.EndsWith(".0", StringComparison.Ordinal))
        {
            digits = digits[..digits.IndexOf('.', StringComparison.Ordinal)];
        }
        if (digits.Contains('.', StringComparison.Ordinal))
        {
            return (null, "must be whole US dollars (no cents)");
        }
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return (null, $"must be a whole number of US dollars, such as 11,000,000 (got '{Shorten(text!)}')");
        }
        if (digits.Length > 80)
        {
            return (null, "is not a plausible annual revenue: at most 10,000,000,000,000 USD a year");
        }
        var revenue = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return revenue > MaxRevenueUsd
            ? (null, "is not a plausible annual revenue: at most 10,000,000,000,000 USD a year")
            : (revenue, null);
    }

    /// <summary>Checks every field; <paramref name="thisYear"/> bounds the fiscal year (a declaration is for a year that has begun).</summary>
    public static Outcome<DeclarationFields> Validate(DeclarationInput input, int thisYear)
    {
        var errors = new FieldErrors();
        var legalName = input.LegalName?.Trim() ?? "";
        if (legalName.Length == 0 || legalName.Length > MaxLegalNameLength || legalName.Any(char.IsControl))
        {
            errors.Add("legalName", $"is required: the company's legal name (at most {MaxLegalNameLength} characters)");
        }
        var year = 0;
        if (!int.TryParse(input.FiscalYear?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) || year < 2000 || year > thisYear)
        {
            errors.Add("fiscalYear", $"must be a year from 2000 to {thisYear}");
        }
        var (revenue, problem) = ParseRevenueUsd(input.RevenueUsd);
        if (problem is not null)
        {
            errors.Add("revenueUsd", problem);
        }
        var uri = input.StatementUri?.Trim() ?? "";
        if (uri.Length > 0 && (uri.Length > MaxStatementUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http")))
        {
            errors.Add("statementUri", $"must be an http(s) link to the financial statement (at most {MaxStatementUriLength} characters), or empty");
        }
        var hash = input.StatementHash?.Trim().ToLowerInvariant() ?? "";
        if (hash.Length == 0)
        {
            hash = RevenueDeclaration.ZeroHash;
        }
        else if (!IsHash(hash))
        {
            errors.Add("statementHash", "must be 0x and 64 hex digits (the statement's SHA-256 or keccak256), or empty");
        }
        return errors.Any ? errors.ToError() : new DeclarationFields(legalName, year, revenue!.Value, uri, hash);
    }

    public static bool IsHash(string? text) =>
        text is { Length: 66 } && text.StartsWith("0x", StringComparison.Ordinal) && text.AsSpan(2).ToString().All(char.IsAsciiHexDigit);

    /// <summary>A declaration of <paramref name="fields"/> for <paramref name="company"/> (lower-case address).</summary>
    public static RevenueDeclaration Declare(DeclarationFields fields, string company, BigInteger nonce, long deadline) =>
        new(EthereumAddress.Normalize(company), fields.LegalName, fields.FiscalYear, fields.RevenueUsd, fields.StatementUri, fields.StatementHash, nonce, deadline);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
