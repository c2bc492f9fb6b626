using System.Globalization;
using System.Net;
using Octokit;

namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>One page of a GitHub list: its items, or <see cref="NotModified"/> when the ETag still matched.</summary>
public sealed record GitHubPage<T>(IReadOnlyList<T> Items, bool NotModified, string? ETag, Uri? Next, int? LastPage);

/// <summary>
/// The few REST calls the sync makes, through Octokit's connection (its models, serializer, authentication and error
/// mapping), one page at a time so the job can checkpoint between pages. Rate-limit answers become
/// <see cref="GitHubRateLimitedException"/> with the time GitHub named.
/// </summary>
public sealed class GitHubApi(IGitHubClient client, GitHubOptions options, TimeProvider time) : IDisposable
{
    private const string Accept = "application/vnd.github+json";
    private readonly IDisposable? owned = client as IDisposable;

    public IGitHubClient Client => client;

    /// <summary>Requests this instance sent (304s included), for logs and benchmarks.</summary>
    public int Requests { get; private set; }

    public RateLimit? LastRateLimit { get; private set; }

    public async Task<GitHubPage<T>> GetPageAsync<T>(Uri uri, IDictionary<string, string>? parameters, string? etag, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => client.Connection.Get<List<T>>(uri, parameters, Accept, cancellationToken), etag);
        var info = response.HttpResponse.ApiInfo;
        if (response.HttpResponse.StatusCode == HttpStatusCode.NotModified)
        {
            return new GitHubPage<T>([], true, info?.Etag ?? etag, null, null);
        }
        Uri? next = null;
        int? lastPage = null;
        if (info?.Links is { } links)
        {
            links.TryGetValue("next", out next);
            if (links.TryGetValue("last", out var last) && PageNumber(last) is { } n)
            {
                lastPage = n;
            }
        }
        return new GitHubPage<T>(response.Body ?? [], false, info?.Etag, next, lastPage);
    }

    public async Task<T> GetAsync<T>(Uri uri, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => client.Connection.Get<T>(uri, null, Accept, cancellationToken), etag: null);
        return response.Body ?? throw new InvalidOperationException($"GitHub returned an empty body for {uri}.");
    }

    /// <summary>Throws when fewer than <see cref="GitHubOptions.ReserveRequests"/> remain; call it where the job has saved its work.</summary>
    public void ThrowIfBudgetSpent()
    {
        if (LastRateLimit is { } limit && limit.Limit > 0 && limit.Remaining <= options.ReserveRequests)
        {
            throw new GitHubRateLimitedException(limit.Reset.AddSeconds(1),
                $"{limit.Remaining} of {limit.Limit} requests left (reserve {options.ReserveRequests})");
        }
    }

    private async Task<IApiResponse<TBody>> SendAsync<TBody>(Func<Task<IApiResponse<TBody>>> send, string? etag)
    {
        Requests++;
        try
        {
            IApiResponse<TBody> response;
            using (ConditionalRequestHandler.IfNoneMatch(etag))
            {
                response = await send();
            }
            if (response.HttpResponse.ApiInfo?.RateLimit is { } limit)
            {
                LastRateLimit = limit;
            }
            return response;
        }
        catch (RateLimitExceededException ex)
        {
            throw new GitHubRateLimitedException(ex.Reset.AddSeconds(1), "primary rate limit spent", ex);
        }
        catch (SecondaryRateLimitExceededException ex)
        {
            throw new GitHubRateLimitedException(RetryAfter(ex.HttpResponse) ?? SecondaryWait(), "secondary rate limit", ex);
        }
        catch (AbuseException ex)
        {
            var at = ex.RetryAfterSeconds is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : SecondaryWait();
            throw new GitHubRateLimitedException(at, "secondary rate limit", ex);
        }
        catch (ApiException ex) when ((int)ex.StatusCode == 429
            || (ex.StatusCode == HttpStatusCode.Forbidden && Header(ex.HttpResponse, "X-RateLimit-Remaining") == "0"))
        {
            var at = RetryAfter(ex.HttpResponse) ?? ResetHeader(ex.HttpResponse) ?? SecondaryWait();
            throw new GitHubRateLimitedException(at, (int)ex.StatusCode == 429 ? "too many requests (429)" : "rate limit spent", ex);
        }
    }

    private DateTimeOffset SecondaryWait() => time.GetUtcNow().AddSeconds(options.SecondaryLimitWaitSeconds);

    private DateTimeOffset? RetryAfter(IResponse? response) =>
        int.TryParse(Header(response, "Retry-After"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? time.GetUtcNow().AddSeconds(seconds)
            : null;

    private static DateTimeOffset? ResetHeader(IResponse? response) =>
        long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch).AddSeconds(1)
            : null;

    private static string? Header(IResponse? response, string name) =>
        response?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static int? PageNumber(Uri uri)
    {
        foreach (var part in uri.Query.TrimStart('?').Split('&'))
        {
            if (part.StartsWith("page=", StringComparison.Ordinal) && int.TryParse(part[5..], CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
        }
        return null;
    }

    public void Dispose() => owned?.Dispose();
}
