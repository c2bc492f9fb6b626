using System.Globalization;
using System.Text;
using Guild.Core.Claims;

namespace Guild.Core.Contributions;

/// <summary>
/// A Sign-In with Ethereum message (EIP-4361), written and read back in the exact text format the standard fixes, so
/// wallets show it as a sign-in request and the reference libraries (<c>siwe</c> on npm) parse what the portal writes.
/// <see cref="TryParse"/> follows the standard's ABNF line by line and refuses anything else; the portal checks a signed
/// message by parsing the very text that was signed.
/// </summary>
/// <param name="Domain">The RFC 3986 authority asking for the signature (<c>host[:port]</c>).</param>
/// <param name="Address">The signing account, EIP-55 checksummed.</param>
/// <param name="Statement">One line a person reads (no line breaks), or null.</param>
/// <param name="Uri">The RFC 3986 URI the signature is for.</param>
/// <param name="Nonce">At least 8 letters or digits.</param>
/// <param name="IssuedAt">RFC 3339 date-time, as written.</param>
/// <param name="ExpirationTime">RFC 3339 date-time, as written, or null.</param>
/// <param name="NotBefore">RFC 3339 date-time, as written, or null.</param>
/// <param name="Resources">URIs the person agrees to, in order.</param>
public sealed record SiweMessage(
    string Domain,
    string Address,
    string? Statement,
    string Uri,
    string Version,
    long ChainId,
    string Nonce,
    string IssuedAt,
    string? ExpirationTime = null,
    string? NotBefore = null,
    string? RequestId = null,
    IReadOnlyList<string>? Resources = null)
{
    private const string Header = " wants you to sign in with your Ethereum account:";

    public IReadOnlyList<string> Resources { get; init; } = Resources ?? [];

    /// <summary>The message exactly as it is signed (EIP-191 <c>personal_sign</c> of these UTF-8 bytes).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Domain).Append(Header).Append('\n');
        text.Append(Address).Append('\n');
        text.Append('\n');
        if (Statement is not null)
        {
            text.Append(Statement).Append('\n');
        }
        text.Append('\n');
        text.Append("URI: ").Append(Uri).Append('\n');
        text.Append("Version: ").Append(Version).Append('\n');
        text.Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Nonce: ").Append(Nonce).Append('\n');
        text.Append("Issued At: ").Append(IssuedAt);
        if (ExpirationTime is not null)
        {
            text.Append("\nExpiration Time: ").Append(ExpirationTime);
        }
        if (NotBefore is not null)
        {
            text.Append("\nNot Before: ").Append(NotBefore);
        }
        if (RequestId is not null)
        {
            text.Append("\nRequest ID: ").Append(RequestId);
        }
        if (Resources.Count > 0)
        {
            text.Append("\nResources:");
            foreach (var resource in Resources)
            {
                text.Append("\n- ").Append(resource);
            }
        }
        return text.ToString();
    }

    /// <summary>The date-time form the portal writes: UTC, whole seconds (<c>2026-01-31T12:00:00Z</c>).</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An RFC 3339 date-time as EIP-4361 writes it, or null.</summary>
    public static DateTimeOffset? ParseTime(string? value) =>
        value is not null && value.Length >= 20 && value[10] == 'T'
        && DateTimeOffset.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Whether <paramref name="statement"/> may stand in a message: the standard's characters, no line break.</summary>
    public static bool IsStatement(string statement) => statement.Length > 0 && statement.All(IsStatementChar);

    /// <summary>
    /// Reads a message in the EIP-4361 format, or says why it is not one. Lines end with LF only; the address must carry
    /// its EIP-55 checksum; times must be RFC 3339; the URI and every resource must be absolute URIs.
    /// </summary>
    public static bool TryParse(string? text, out SiweMessage? message, out string? error)
    {
        message = null;
        error = Parse(text, ref message);
        return error is null;
    }

    private static string? Parse(string? text, ref SiweMessage? message)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "the message is empty";
        }
        var lines = text.Split('\n');
        var at = 0;
        string? Next() => at < lines.Length ? lines[at++] : null;

        var header = Next()!;
        if (!header.EndsWith(Header, StringComparison.Ordinal))
        {
            return "the first line must be '<domain> wants you to sign in with your Ethereum account:'";
        }
        var domain = header[..^Header.Length];
        if (domain.Contains("://", StringComparison.Ordinal))
        {
            domain = domain[(domain.IndexOf("://", StringComparison.Ordinal) + 3)..]; // the optional scheme is not part of the domain
        }
        if (!IsAuthority(domain))
        {
            return $"'{domain}' is not a domain (an RFC 3986 authority)";
        }
        var address = Next();
        if (address is null || EthereumAddress.TryNormalize(address) is not { } lower || EthereumAddress.ToChecksum(lower) != address)
        {
            return "the second line must be the account's address with its EIP-55 checksum";
        }
        if (Next() != "")
        {
            return "an empty line must follow the address";
        }
        string? statement = null;
        var line = Next();
        if (line == "")
        {
            // No statement: the standard allows one or two empty lines here.
            if (at < lines.Length && lines[at] == "")
            {
                at++;
            }
        }
        else if (line is not null && !line.StartsWith("URI: ", StringComparison.Ordinal))
        {
            if (!IsStatement(line))
            {
                return "the statement holds a character the standard does not allow";
            }
            statement = line;
            if (Next() != "")
            {
                return "an empty line must follow the statement";
            }
        }
        else
        {
            return "an empty line must stand before the URI";
        }

        var uri = Field("URI: ");
        if (uri is null || !IsUri(uri))
        {
            return "the 'URI: ' line is missing or is not an absolute URI";
        }
        var version = Field("Version: ");
        if (version != "1")
        {
            return "the 'Version: ' line must say 1";
        }
        var chain = Field("Chain ID: ");
        if (chain is null || chain.Length == 0 || chain.Length > 18 || !chain.All(char.IsAsciiDigit))
        {
            return "the 'Chain ID: ' line is missing or is not a number";
        }
        var nonce = Field("Nonce: ");
        if (nonce is null || nonce.Length < 8 || nonce.Length > 128 || !nonce.All(char.IsAsciiLetterOrDigit))
        {
            return "the 'Nonce: ' line is missing or is not at least 8 letters and digits";
        }
        var issuedAt = Field("Issued At: ");
        if (ParseTime(issuedAt) is null)
        {
            return "the 'Issued At: ' line is missing or is not an RFC 3339 date-time";
        }
        var expiration = Optional("Expiration Time: ");
        if (expiration is not null && ParseTime(expiration) is null)
        {
            return "the expiration time is not an RFC 3339 date-time";
        }
        var notBefore = Optional("Not Before: ");
        if (notBefore is not null && ParseTime(notBefore) is null)
        {
            return "the 'Not Before' time is not an RFC 3339 date-time";
        }
        var requestId = Optional("Request ID: ");
        if (requestId is not null && requestId.Any(c => c is ' ' or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' || c < 0x21 || c > 0x7e))
        {
            return "the request id holds a character the standard does not allow";
        }
        var resources = new List<string>();
        if (at < lines.Length && lines[at] == "Resources:")
        {
            at++;
            while (at < lines.Length && lines[at].StartsWith("- ", StringComparison.Ordinal))
            {
                var resource = lines[at++][2..];
                if (!IsUri(resource))
                {
                    return $"the resource '{resource}' is not an absolute URI";
                }
                resources.Add(resource);
            }
        }
        if (at < lines.Length)
        {
            return $"line {at + 1} is not part of the format";
        }
        message = new SiweMessage(domain, address, statement, uri, version, long.Parse(chain, CultureInfo.InvariantCulture), nonce, issuedAt!,
            expiration, notBefore, requestId, resources);
        return null;

        string? Field(string title)
        {
            var value = Next();
            return value is not null && value.StartsWith(title, StringComparison.Ordinal) ? value[title.Length..] : null;
        }

        string? Optional(string title)
        {
            if (at < lines.Length && lines[at].StartsWith(title, StringComparison.Ordinal))
            {
                return lines[at++][title.Length..];
            }
            return null;
        }
    }

    // statement = 1*( ALPHA / DIGIT / SP / "!" / "#" / "$" / "&"-";" / "=" / "?" / "@" / "[" / "]" / "_" / "~" )
    private static bool IsStatementChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '!' or '#' or '$' or (>= '&' and <= ';') or '=' or '?' or '@' or '[' or ']' or '_' or '~';

    private static bool IsAuthority(string value) =>
        value.Length is > 0 and <= 255
        && !value.Any(c => c <= ' ' || c > '~' || c is '/' or '?' or '#' or '\\' or '"' or '<' or '>' or '`' or '^' or '{' or '|' or '}')
        && System.Uri.TryCreate("http://" + value, UriKind.Absolute, out var parsed)
        && parsed.AbsolutePath == "/" && !value.EndsWith('/');

    private static bool IsUri(string value) =>
        value.Length is > 0 and <= 2048
        && !value.Any(c => c <= ' ' || c > '~' || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
        && value.IndexOf(':') is > 0 and var colon
        && char.IsAsciiLetter(value[0]) && value[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
        && System.Uri.TryCreate(value, UriKind.Absolute, out _);
}
