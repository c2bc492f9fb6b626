using Guild.Core.Contributions;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// Builds the Octokit client for a repository's host: api.github.com, or <c>{base}/api/v3/</c> on an Enterprise
/// server (which is also how tests point Octokit at a loopback server). Credentials: the configured token, a GitHub
/// App installation token, or none.
/// </summary>
public sealed class GitHubClientFactory(IOptions<GitHubOptions> options, GitHubAppTokens appTokens, TimeProvider time)
{
    private static readonly ProductHeaderValue Product = new("Guild", "1.0");

    public async Task<GitHubApi> CreateAsync(TrackedRepository repository, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var apiBase = ApiBase(repository);
        Credentials credentials;
        if (!string.IsNullOrWhiteSpace(settings.Token))
        {
            credentials = new Credentials(settings.Token);
        }
        else if (settings.App.IsConfigured)
        {
            credentials = new Credentials(await appTokens.GetInstallationTokenAsync(apiBase, cancellationToken));
        }
        else
        {
            credentials = Credentials.Anonymous;
        }
        return new GitHubApi(CreateClient(apiBase, credentials, settings), settings, time);
    }

    public static Uri ApiBase(TrackedRepository repository) =>
        RepositoryHost.Parse(repository.Host)?.EnterpriseBaseUrl is { } enterprise
            ? new Uri(enterprise, "api/v3/")
            : GitHubClient.GitHubApiUrl;

    internal static GitHubClient CreateClient(Uri apiBase, Credentials credentials, GitHubOptions settings)
    {
        var http = new HttpClientAdapter(() => new ConditionalRequestHandler(new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }));
        var connection = new Connection(Product, apiBase, new InMemoryCredentialStore(credentials), http, new SimpleJsonSerializer());
        connection.SetRequestTimeout(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        return new GitHubClient(connection);
    }
}
