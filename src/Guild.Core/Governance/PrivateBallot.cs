using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Guild.Core.Governance;

/// <summary>A private ballot as opened at the end: the choices and reason, or why it is spoiled (then no choices).</summary>
public sealed record OpenedBallot(IReadOnlyList<int> Choices, string Reason, string? Spoiled);

/// <summary>
/// The sealed ballot of a private roadmap proposal: the voter's <c>{"choices": [..], "reason": ".."}</c> (UTF-8 JSON)
/// encrypted to the proposal's P-256 key, as the page's WebCrypto does it: an ephemeral ECDH key agrees a secret with
/// the proposal's key, HKDF-SHA256 (salt <see cref="Salt"/>, info <c>guild-private-vote:{proposal}:{chainId}</c>) turns
/// it into an AES-256-GCM key, and the envelope is the ephemeral public key (65 bytes, uncompressed) ‖ the 12-byte
/// nonce ‖ the ciphertext with its 16-byte tag. The info binds a ballot to one proposal on one chain, so a ballot
/// copied to another proposal does not open there.
/// </summary>
public static class PrivateBallot
{
    public const string Salt = "guild-private-vote-v1";
    public const int PointLength = 65;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Room for 20 choices and a 1,000-character reason even if every character is escaped in the JSON.</summary>
    public const int MaxPlaintext = 8_192;

    public const int MinLength = PointLength + NonceLength + TagLength;
    public const int MaxLength = MinLength + MaxPlaintext;

    public static string Info(long proposal, long chainId) => $"guild-private-vote:{proposal}:{chainId}";

    /// <summary>A fresh proposal key pair: the public key (0x04 ‖ X ‖ Y, hex) and the private scalar (32 bytes, hex).</summary>
    public static (string PublicKey, string PrivateKey) NewKeyPair()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var publicKey = "0x04" + Convert.ToHexStringLower(parameters.Q.X!) + Convert.ToHexStringLower(parameters.Q.Y!);
        var privateKey = "0x" + Convert.ToHexStringLower(parameters.D!);
        CryptographicOperations.ZeroMemory(parameters.D);
        return (publicKey, privateKey);
    }

    /// <summary>Whether <paramref name="privateKey"/> is the private half of <paramref name="publicKey"/> (both hex).</summary>
    public static bool KeyMatches(string? privateKey, string? publicKey)
    {
        var d = Hex(privateKey);
        var q = Hex(publicKey);
        if (d is not { Length: 32 } || q is not { Length: PointLength })
        {
            return false;
        }
        try
        {
            using var key = ECDiffieHellman.Create();
            key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            var derived = key.ExportParameters(includePrivateParameters: false).Q;
            return q[0] == 0x04 && derived.X.AsSpan().SequenceEqual(q.AsSpan(1, 32)) && derived.Y.AsSpan().SequenceEqual(q.AsSpan(33, 32));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The envelope's bytes, or why they are no envelope: the portal cannot read a ballot before the end, but it refuses
    /// one that could never open (wrong length, or an ephemeral key that is no point of P-256).
    /// </summary>
    public static byte[]? ParseEnvelope(string? hex, out string? problem)
    {
        var bytes = Hex(hex);
        problem = bytes switch
        {
            null => "the encrypted ballot must be 0x-prefixed hex",
            { Length: < MinLength } => $"the encrypted ballot is {bytes.Length} bytes; an envelope (ephemeral P-256 key, nonce, ciphertext and tag) has at least {MinLength}",
            { Length: > MaxLength } => $"the encrypted ballot is {bytes.Length} bytes; at most {MaxLength} are accepted",
            _ when !IsPoint(bytes.AsSpan(0, PointLength)) => "the encrypted ballot does not start with an uncompressed P-256 public key (0x04 ‖ X ‖ Y on the curve)",
            _ => null,
        };
        return problem is null ? bytes : null;
    }

    /// <summary>Encrypts a ballot to <paramref name="publicKey"/> (what the page does in the browser; used by tests and tools).</summary>
    public static byte[] Seal(string publicKey, long proposal, long chainId, IReadOnlyList<int> choices, string reason)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new { choices, reason });
        return Seal(publicKey, proposal, chainId, plaintext);
    }

    public static byte[] Seal(string publicKey, long proposal, long chainId, ReadOnlySpan<byte> plaintext)
    {
        var q = Hex(publicKey) ?? throw new ArgumentException("not hex", nameof(publicKey));
        using var recipient = ImportPoint(q) ?? throw new ArgumentException("not a P-256 point", nameof(publicKey));
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var point = ephemeral.ExportParameters(false).Q;
        var envelope = new byte[MinLength + plaintext.Length];
        envelope[0] = 0x04;
        point.X!.CopyTo(envelope, 1);
        point.Y!.CopyTo(envelope, 33);
        var nonce = envelope.AsSpan(PointLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var key = Key(ephemeral.DeriveRawSecretAgreement(recipient.PublicKey), proposal, chainId);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, envelope.AsSpan(PointLength + NonceLength, plaintext.Length), envelope.AsSpan(PointLength + NonceLength + plaintext.Length, TagLength));
        return envelope;
    }

    /// <summary>
    /// Decrypts an envelope with the proposal's private key and reads the ballot; a ballot that does not decrypt, is not
    /// the expected JSON or is no valid ballot for the vote is spoiled, with the reason (never dropped).
    /// </summary>
    public static OpenedBallot Open(string privateKey, long proposal, long chainId, VoteType type, int choiceCount, string? envelopeHex)
    {
        var envelope = ParseEnvelope(envelopeHex, out var problem);
        if (envelope is null)
        {
            return Spoil(problem!);
        }
        var plaintext = Decrypt(privateKey, proposal, chainId, envelope);
        if (plaintext is null)
        {
            return Spoil("the ballot does not decrypt with the proposal's key (tampered, or encrypted for another proposal or key)");
        }
        List<int>? choices;
        string reason;
        try
        {
            using var json = JsonDocument.Parse(plaintext);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var c) || c.ValueKind != JsonValueKind.Array)
            {
                return Spoil("the decrypted ballot has no choices array");
            }
            choices = [];
            foreach (var item in c.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var number))
                {
                    return Spoil("a choice is not a whole number");
                }
                choices.Add(number);
            }
            reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
        }
        catch (JsonException)
        {
            return Spoil("the decrypted ballot is not JSON");
        }
        if (RoadmapTally.Validate(type, choiceCount, choices) is { } why)
        {
            return Spoil("invalid choices: " + why);
        }
        return reason.Length > CastRoadmapVoteCommand.MaxReason
            ? Spoil($"the reason is longer than {CastRoadmapVoteCommand.MaxReason} characters")
            : new OpenedBallot(choices, reason, null);
    }

    /// <summary>The plaintext, or null when the envelope does not open with the key (any tampering fails the tag).</summary>
    public static byte[]? Decrypt(string privateKey, long proposal, long chainId, byte[] envelope)
    {
        var d = Hex(privateKey);
        if (d is not { Length: 32 } || envelope.Length < MinLength)
        {
            return null;
        }
        try
        {
            using var own = ECDiffieHellman.Create();
            own.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            using var ephemeral = ImportPoint(envelope.AsSpan(0, PointLength));
            if (ephemeral is null)
            {
                return null;
            }
            var key = Key(own.DeriveRawSecretAgreement(ephemeral.PublicKey), proposal, chainId);
            var length = envelope.Length - MinLength;
            var plaintext = new byte[length];
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(envelope.AsSpan(PointLength, NonceLength), envelope.AsSpan(PointLength + NonceLength, length),
                envelope.AsSpan(PointLength + NonceLength + length, TagLength), plaintext);
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    private static OpenedBallot Spoil(string why) => new([], "", why);

    private static byte[] Key(byte[] shared, long proposal, long chainId)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, Encoding.UTF8.GetBytes(Salt), Encoding.UTF8.GetBytes(Info(proposal, chainId)));
        CryptographicOperations.ZeroMemory(shared);
        return key;
    }

    private static bool IsPoint(ReadOnlySpan<byte> point)
    {
        using var key = ImportPoint(point);
        return key is not null;
    }

    private static ECDiffieHellman? ImportPoint(ReadOnlySpan<byte> point)
    {
        if (point.Length != PointLength || point[0] != 0x04)
        {
            return null;
        }
        var key = ECDiffieHellman.Create();
        try
        {
            // OpenSSL refuses a point that is not on the curve, so an invalid-curve key never reaches the agreement.
            key.ImportParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point.Slice(1, 32).ToArray(), Y = point.Slice(33, 32).ToArray() },
            });
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private static byte[]? Hex(string? hex)
    {
        if (hex is null)
        {
            return null;
        }
        var span = hex.AsSpan().Trim();
        if (!span.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || span.Length % 2 != 0)
        {
            return null;
        }
        span = span[2..];
        var bytes = new byte[span.Length / 2];
        return Convert.FromHexString(span, bytes, out _, out _) == System.Buffers.OperationStatus.Done ? bytes : null;
    }

    /// <summary>Lower-case 0x-prefixed hex, as envelopes are stored and exported.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
