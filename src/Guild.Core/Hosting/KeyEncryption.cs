using System.Security.Cryptography;
using System.Xml.Linq;
using Guild.Core.Configuration;
using Guild.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Core.Hosting;

/// <summary>
/// Encrypts the data-protection key ring at rest. The keys live in the database (every instance shares them); each
/// key's XML is sealed with AES-256-GCM under a key-encryption key kept outside the database, so a database dump alone
/// cannot forge cookies or antiforgery tokens. The key-encryption key is <c>DataProtection:KeyEncryptionKey</c> (32
/// bytes, base64; environment or secret store only), or else a file the portal creates in its data directory (mode
/// 0600) — fine for one machine; several machines (portal, workers, the command line) must share the configured key.
/// </summary>
public static class KeyEncryption
{
    public const string ConfigurationKey = "DataProtection:KeyEncryptionKey";
    private const string FileName = "dataprotection-kek";

    /// <summary>
    /// ASP.NET Core data protection as every Guild process shares it: one application name, the key ring in the
    /// database, each key sealed at rest. Cookies, antiforgery and Identity tokens made by one process work in the others.
    /// </summary>
    public static IHostApplicationBuilder AddGuildDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("Guild").PersistKeysToDbContext<GuildDbContext>();
        builder.Configuration.RefuseSecretsInFiles(ConfigurationKey);
        var data = DataDirectory.From(builder);
        var configured = builder.Configuration[ConfigurationKey];
        var key = Load(configured, data);
        builder.Services.AddSingleton(new KeyEncryptionKey(key));
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new AesGcmXmlEncryptor(services.GetRequiredService<KeyEncryptionKey>())));
        return builder;
    }

    private static byte[] Load(string? configured, DataDirectory data)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = new byte[32];
            return Convert.TryFromBase64String(configured.Trim(), bytes, out var written) && written == 32
                ? bytes
                : throw new GuildConfigurationException([$"{ConfigurationKey}: must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)"]);
        }
        var file = data.File(FileName);
        if (!File.Exists(file))
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            stream.Write(RandomNumberGenerator.GetBytes(32));
        }
        var stored = File.ReadAllBytes(file);
        return stored.Length == 32 ? stored : throw new GuildConfigurationException([$"{file}: is not a 32-byte key; delete it only if no cookie must survive"]);
    }
}

/// <summary>The key-encryption key, from <see cref="KeyEncryption"/>.</summary>
public sealed record KeyEncryptionKey(byte[] Key);

/// <summary>Seals a data-protection key's XML with AES-256-GCM; <see cref="AesGcmXmlDecryptor"/> opens it.</summary>
internal sealed class AesGcmXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key.Key, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }
        var element = new XElement("encryptedKey",
            new XComment(" Sealed with AES-256-GCM under the portal's key-encryption key (DataProtection:KeyEncryptionKey). "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(ciphertext)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="AesGcmXmlEncryptor"/> sealed; a wrong key-encryption key fails loudly.</summary>
internal sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<KeyEncryptionKey>().Key;
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var ciphertext = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
