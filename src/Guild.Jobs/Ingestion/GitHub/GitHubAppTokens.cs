using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Octokit;

namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// Installation tokens for a GitHub App: a short-lived RS256 JWT signed with the app's key buys an installation token
/// (valid an hour), cached per API base until five minutes before it expires. Neither the key nor a token is logged.
/// </summary>
public sealed class GitHubAppTokens(IOptions<GitHubOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Uri, (string Token, DateTimeOffset ExpiresAt)> cache = new();

    public async Task<string> GetInstallationTokenAsync(Uri apiBase, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(apiBase, out var cached) && cached.ExpiresAt > now.AddMinutes(5))
        {
            return cached.Token;
        }
        var app = options.Value.App;
        var jwt = CreateJwt(app.AppId!.Value, ReadKey(app), now);
        var client = GitHubClientFactory.CreateClient(apiBase, new Credentials(jwt, AuthenticationType.Bearer), options.Value);
        cancellationToken.ThrowIfCancellationRequested();
        var token = await client.GitHubApps.CreateInstallationToken(app.InstallationId!.Value);
        cache[apiBase] = (token.Token, token.ExpiresAt);
        return token.Token;
    }

    internal static string CreateJwt(long appId, string pem, DateTimeOffset now)
    {
        // GitHub allows at most ten minutes; back-date a minute for clock drift.
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iat = now.AddSeconds(-60).ToUnixTimeSeconds(),
            exp = now.AddMinutes(9).ToUnixTimeSeconds(),
            iss = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string ReadKey(GitHubAppOptions app) =>
        !string.IsNullOrWhiteSpace(app.PrivateKey) ? app.PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal) : File.ReadAllText(app.PrivateKeyFile!);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
