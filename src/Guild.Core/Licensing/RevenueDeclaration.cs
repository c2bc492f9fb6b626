using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Guild.Core.Claims;

namespace Guild.Core.Licensing;

/// <summary>The EIP-712 domain of one licence registry: its chain and address (name and version are the contract's constants).</summary>
public sealed record DeclarationDomain(long ChainId, string Registry)
{
    public const string Name = "Guild License Registry";
    public const string Version = "1";
}

/// <summary>
/// A company's revenue declaration exactly as <c>RevenueDeclarations.sol</c> defines it: what its wallet signs as EIP-712
/// typed data (<c>eth_signTypedData_v4</c>) and what the registry records the hash of. The hash names the company, the
/// registry and the chain, so a declaration serves one company on one deployment once (its nonce).
/// </summary>
/// <param name="Company">The company's wallet, lower-case hex.</param>
/// <param name="RevenueUsd">Annual revenue in whole US dollars.</param>
/// <param name="StatementUri">A link to the financial statement, or empty.</param>
/// <param name="StatementHash">A 32-byte hash of the statement, <c>0x</c> hex; all zeros when not given.</param>
/// <param name="Nonce">The company's next declaration nonce on the registry.</param>
/// <param name="Deadline">The last second (unix time) the declaration may be used.</param>
public sealed record RevenueDeclaration(
    string Company, string LegalName, int FiscalYear, BigInteger RevenueUsd, string StatementUri, string StatementHash, BigInteger Nonce, long Deadline)
{
    public const string PrimaryType = "RevenueDeclaration";

    /// <summary>The signed type, byte for byte as the contract hashes it.</summary>
    public const string TypeText = "RevenueDeclaration(address company,string legalName,uint16 fiscalYear,uint256 revenueUsd," +
                                   "string statementUri,bytes32 statementHash,uint256 nonce,uint256 deadline)";

    private const string DomainTypeText = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    public static readonly string ZeroHash = "0x" + new string('0', 64);

    /// <summary>The fields in the order of the type, as (name, solidity type): the typed data's <c>types</c> entry.</summary>
    public static readonly (string Name, string Type)[] Fields =
    [
        ("company", "address"), ("legalName", "string"), ("fiscalYear", "uint16"), ("revenueUsd", "uint256"),
        ("statementUri", "string"), ("statementHash", "bytes32"), ("nonce", "uint256"), ("deadline", "uint256"),
    ];

    /// <summary>The EIP-712 digest (<c>keccak256(0x1901 ‖ domainSeparator ‖ hashStruct)</c>): what is signed and recorded.</summary>
    public byte[] Digest(DeclarationDomain domain)
    {
        var words = new byte[9 * 32];
        Keccak(Encoding.ASCII.GetBytes(TypeText), words.AsSpan(0, 32));
        Address(Company, words.AsSpan(32, 32));
        Keccak(Encoding.UTF8.GetBytes(LegalName), words.AsSpan(64, 32));
        Uint(FiscalYear, words.AsSpan(96, 32));
        Uint(RevenueUsd, words.AsSpan(128, 32));
        Keccak(Encoding.UTF8.GetBytes(StatementUri), words.AsSpan(160, 32));
        Convert.FromHexString(StatementHash.AsSpan(2)).CopyTo(words.AsSpan(192, 32));
        Uint(Nonce, words.AsSpan(224, 32));
        Uint(Deadline, words.AsSpan(256, 32));

        var message = new byte[2 + 32 + 32];
        message[0] = 0x19;
        message[1] = 0x01;
        DomainSeparator(domain).CopyTo(message.AsSpan(2));
        Keccak(words, message.AsSpan(34, 32));
        var digest = new byte[32];
        Keccak(message, digest);
        return digest;
    }

    public string DigestHex(DeclarationDomain domain) => "0x" + Convert.ToHexStringLower(Digest(domain));

    public static byte[] DomainSeparator(DeclarationDomain domain)
    {
        var words = new byte[5 * 32];
        Keccak(Encoding.ASCII.GetBytes(DomainTypeText), words.AsSpan(0, 32));
        Keccak(Encoding.UTF8.GetBytes(DeclarationDomain.Name), words.AsSpan(32, 32));
        Keccak(Encoding.UTF8.GetBytes(DeclarationDomain.Version), words.AsSpan(64, 32));
        Uint(domain.ChainId, words.AsSpan(96, 32));
        Address(domain.Registry, words.AsSpan(128, 32));
        var separator = new byte[32];
        Keccak(words, separator);
        return separator;
    }

    /// <summary>
    /// The typed data a wallet signs with <c>eth_signTypedData_v4</c>: domain, types, primary type and message, with
    /// 256-bit integers as decimal strings (exact in JavaScript).
    /// </summary>
    public string TypedDataJson(DeclarationDomain domain)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("types");
            json.WriteStartArray("EIP712Domain");
            foreach (var (name, type) in new[] { ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address") })
            {
                WriteField(json, name, type);
            }
            json.WriteEndArray();
            json.WriteStartArray(PrimaryType);
            foreach (var (name, type) in Fields)
            {
                WriteField(json, name, type);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("primaryType", PrimaryType);
            json.WriteStartObject("domain");
            json.WriteString("name", DeclarationDomain.Name);
            json.WriteString("version", DeclarationDomain.Version);
            json.WriteNumber("chainId", domain.ChainId);
            json.WriteString("verifyingContract", EthereumAddress.ToChecksum(domain.Registry.ToLowerInvariant()));
            json.WriteEndObject();
            json.WriteStartObject("message");
            json.WriteString("company", EthereumAddress.ToChecksum(Company));
            json.WriteString("legalName", LegalName);
            json.WriteNumber("fiscalYear", FiscalYear);
            json.WriteString("revenueUsd", RevenueUsd.ToString(CultureInfo.InvariantCulture));
            json.WriteString("statementUri", StatementUri);
            json.WriteString("statementHash", StatementHash);
            json.WriteString("nonce", Nonce.ToString(CultureInfo.InvariantCulture));
            json.WriteString("deadline", Deadline.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteField(Utf8JsonWriter json, string name, string type)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("type", type);
        json.WriteEndObject();
    }

    private static void Keccak(ReadOnlySpan<byte> data, Span<byte> output) => Keccak256.Hash(data, output);

    private static void Address(string address, Span<byte> word) =>
        Convert.FromHexString(EthereumAddress.Normalize(address).AsSpan(2)).CopyTo(word[12..]);

    private static void Uint(BigInteger value, Span<byte> word)
    {
        if (value.Sign < 0 || !value.TryWriteBytes(word, out var written, isUnsigned: true, isBigEndian: true) || written > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A uint256 is between 0 and 2^256 - 1.");
        }
        // TryWriteBytes wrote the significant bytes at the start: move them to the end of the word.
        word[..written].CopyTo(word[(32 - written)..]);
        word[..(32 - written)].Clear();
    }

    private static void Uint(long value, Span<byte> word)
    {
        word.Clear();
        BinaryPrimitives.WriteInt64BigEndian(word[24..], value);
    }
}
