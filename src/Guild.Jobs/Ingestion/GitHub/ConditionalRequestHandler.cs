namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// Adds <c>If-None-Match</c> to the request Octokit is about to send when the caller set an ETag for it, so an unchanged
/// resource answers 304 and costs nothing against the rate limit. Octokit has no per-request header option; this handler
/// sits under its <c>HttpClientAdapter</c>, and the ETag flows to it through an async-local set around one call.
/// </summary>
internal sealed class ConditionalRequestHandler : DelegatingHandler
{
    private static readonly AsyncLocal<string?> CurrentETag = new();

    public ConditionalRequestHandler(HttpMessageHandler inner) : base(inner) { }

    public static IDisposable IfNoneMatch(string? etag)
    {
        var previous = CurrentETag.Value;
        CurrentETag.Value = etag;
        return new Restore(previous);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var conditional = CurrentETag.Value is { Length: > 0 } etag && request.Method == HttpMethod.Get;
        if (conditional)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", CurrentETag.Value);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (conditional && response.StatusCode == System.Net.HttpStatusCode.NotModified)
        {
            // A 304 has no body; give Octokit an empty JSON list so it deserializes a page of nothing.
            response.Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json");
        }
        return response;
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentETag.Value = previous;
    }
}
