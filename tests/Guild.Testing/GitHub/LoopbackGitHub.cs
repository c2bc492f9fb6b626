using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guild.Testing.GitHub;

/// <summary>
/// A GitHub Enterprise Server on a loopback port speaking the REST shapes the sync uses (<c>/api/v3/repos/…</c>): issues
/// (pull requests included), pull request detail and reviews, issue and review comments, commits. It paginates with Link
/// headers, answers If-None-Match with 304 (free, as on GitHub), sends X-RateLimit-* headers and spends a budget, and
/// injects faults on request: 502, 403 secondary limits, 429 with Retry-After, malformed JSON, time-outs.
/// </summary>
public sealed partial class LoopbackGitHub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, GitHubRepositoryData> repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(Func<string, bool> Match, GitHubFault Fault, int Times, int RetryAfter)> faults = [];
    private readonly object gate = new();

    private LoopbackGitHub(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, requests must carry <c>Authorization: token {Token}</c>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// A GitHub App's public key: <c>POST /app/installations/{id}/access_tokens</c> with a JWT it verifies mints an
    /// installation token, which becomes <see cref="Token"/>.
    /// </summary>
    public RSA? AppKey { get; set; }

    public int InstallationTokensIssued { get; private set; }

    public int RateLimit { get; set; } = 5000;
    public int Remaining { get; set; } = 5000;
    public DateTimeOffset Reset { get; set; } = DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>How long a <see cref="GitHubFault.Timeout"/> holds the response.</summary>
    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to every answer, as a real network's latency: fault tests need a sync that takes a while.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public int Requests => log.Count;

    /// <summary>Requests that cost rate limit: everything but 304s (and faults, which GitHub does not count either).</summary>
    public int CountedRequests { get; private set; }

    public int NotModified { get; private set; }

    private readonly ConcurrentQueue<string> log = new();

    /// <summary>Path and query of every request, in order.</summary>
    public IReadOnlyList<string> Log => log.ToList();

    public static async Task<LoopbackGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackGitHub(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public GitHubRepositoryData Repository(string owner, string name) =>
        repositories.GetOrAdd($"{owner}/{name}", _ => new GitHubRepositoryData(owner, name));

    /// <summary>The next <paramref name="times"/> requests whose path and query satisfy <paramref name="match"/> fail with <paramref name="fault"/>.</summary>
    public void Fail(Func<string, bool> match, GitHubFault fault, int times = 1, int retryAfterSeconds = 30)
    {
        lock (gate)
        {
            faults.Add((match, fault, times, retryAfterSeconds));
        }
    }

    public void ResetCounters()
    {
        log.Clear();
        CountedRequests = 0;
        NotModified = 0;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Path + request.QueryString;
        log.Enqueue(target);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }
        var response = context.Response;

        (GitHubFault Fault, int RetryAfter)? fault = null;
        lock (gate)
        {
            var index = faults.FindIndex(f => f.Match(target));
            if (index >= 0)
            {
                var f = faults[index];
                fault = (f.Fault, f.RetryAfter);
                if (f.Times <= 1)
                {
                    faults.RemoveAt(index);
                }
                else
                {
                    faults[index] = f with { Times = f.Times - 1 };
                }
            }
        }
        if (fault is { } injected && injected.Fault != GitHubFault.MalformedJson)
        {
            await WriteFaultAsync(context, injected.Fault, injected.RetryAfter);
            return;
        }

        if (await TryHandleOAuthAsync(context))
        {
            return;
        }

        if (request.Method == "POST" && request.Path.Value is { } post && post.StartsWith("/api/v3/app/installations/", StringComparison.Ordinal) && post.EndsWith("/access_tokens", StringComparison.Ordinal))
        {
            await IssueInstallationTokenAsync(context);
            return;
        }

        // GitHub accepts the scheme in any case ("token", "Token", "Bearer").
        if (Token is not null && !Authorized(request.Headers.Authorization.ToString(), Token))
        {
            await WriteJsonAsync(response, 401, new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest" });
            return;
        }

        var (status, body, links) = Route(request);
        if (status == 404)
        {
            await WriteJsonAsync(response, 404, new { message = "Not Found", documentation_url = "https://docs.github.com/rest" });
            return;
        }
        var json = JsonSerializer.Serialize(body);
        var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32]}\"";
        if (request.Headers.IfNoneMatch.ToString() == etag)
        {
            lock (gate)
            {
                NotModified++;
            }
            AddRateHeaders(response);
            response.Headers.ETag = etag;
            response.StatusCode = 304;
            return;
        }

        lock (gate)
        {
            if (Remaining <= 0)
            {
                AddRateHeaders(response);
                response.StatusCode = 403;
                response.ContentType = "application/json; charset=utf-8";
                _ = response.WriteAsync(JsonSerializer.Serialize(new { message = "API rate limit exceeded for user ID 1.", documentation_url = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" }));
                return;
            }
            Remaining--;
            CountedRequests++;
        }
        AddRateHeaders(response);
        response.Headers.ETag = etag;
        if (links.Count > 0)
        {
            response.Headers["Link"] = string.Join(", ", links.Select(l => $"<{l.Value}>; rel=\"{l.Key}\""));
        }
        if (fault is { Fault: GitHubFault.MalformedJson })
        {
            response.StatusCode = 200;
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(json[..Math.Max(1, json.Length / 2)]);
            return;
        }
        response.StatusCode = 200;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json);
    }

    private static bool Authorized(string header, string token) =>
        header.Split(' ') is [var scheme, var given] && given == token && scheme.ToLowerInvariant() is "token" or "bearer";

    private async Task IssueInstallationTokenAsync(HttpContext context)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        var jwt = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..].Split('.') : [];
        var valid = AppKey is not null && jwt.Length == 3 && AppKey.VerifyData(
            Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), FromBase64Url(jwt[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!valid)
        {
            await WriteJsonAsync(context.Response, 401, new { message = "A JSON web token could not be decoded" });
            return;
        }
        Token = $"ghs_{Guid.NewGuid():N}";
        InstallationTokensIssued++;
        await WriteJsonAsync(context.Response, 201, new { token = Token, expires_at = Iso(DateTimeOffset.UtcNow.AddHours(1)), permissions = new { contents = "read" }, repository_selection = "all" });
    }

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private void AddRateHeaders(HttpResponse response)
    {
        response.Headers["X-RateLimit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = Math.Max(0, Remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Used"] = (RateLimit - Math.Max(0, Remaining)).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Resource"] = "core";
    }

    private async Task WriteFaultAsync(HttpContext context, GitHubFault fault, int retryAfter)
    {
        var response = context.Response;
        switch (fault)
        {
            case GitHubFault.BadGateway:
                response.StatusCode = 502;
                response.ContentType = "text/html";
                await response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
                break;
            case GitHubFault.SecondaryRateLimit:
                AddRateHeaders(response);
                response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                await WriteJsonAsync(response, 403, new { message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.", documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" });
                break;
            case GitHubFault.TooManyRequests:
                AddRateHeaders(response);
                response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                await WriteJsonAsync(response, 429, new { message = "Too Many Requests" });
                break;
            case GitHubFault.Timeout:
                try
                {
                    await Task.Delay(TimeoutDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                response.StatusCode = 504;
                break;
        }
    }

    private static Task WriteJsonAsync(HttpResponse response, int status, object body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private (int Status, object? Body, Dictionary<string, string> Links) Route(HttpRequest request)
    {
        var none = new Dictionary<string, string>();
        var parts = request.Path.Value!.Trim('/').Split('/');
        // api/v3/repos/{owner}/{name}/...
        if (parts.Length < 6 || parts[0] != "api" || parts[1] != "v3" || parts[2] != "repos" || !repositories.TryGetValue($"{parts[3]}/{parts[4]}", out var repo))
        {
            return (404, null, none);
        }
        var rest = parts[5..];
        var q = request.Query;
        var perPage = int.TryParse(q["per_page"], out var pp) ? Math.Clamp(pp, 1, 100) : 30;
        var page = int.TryParse(q["page"], out var pg) ? Math.Max(1, pg) : 1;
        DateTimeOffset? since = DateTimeOffset.TryParse(q["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : null;
        var html = $"https://ghe.example/{repo.Owner}/{repo.Name}";
        var api = $"{BaseUrl}api/v3/repos/{repo.Owner}/{repo.Name}";

        lock (repo)
        {
            switch (rest)
            {
                case ["issues"]:
                    return Paged(request, repo.Issues.Where(i => since is null || i.UpdatedAt >= since).OrderBy(i => i.UpdatedAt).ThenBy(i => i.Number)
                        .Select(i => IssueJson(i, html, api)), perPage, page);
                case ["issues", "comments"]:
                    return Paged(request, repo.IssueComments.Where(c => since is null || c.UpdatedAt >= since).OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
                        .Select(c => (object)new
                        {
                            id = c.Id,
                            node_id = $"IC_{c.Id}",
                            url = $"{api}/issues/comments/{c.Id}",
                            html_url = $"{html}/issues/{c.Number}#issuecomment-{c.Id}",
                            issue_url = $"{api}/issues/{c.Number}",
                            body = "Looks good to me.",
                            user = User(c.Author),
                            created_at = Iso(c.CreatedAt),
                            updated_at = Iso(c.UpdatedAt),
                            author_association = "CONTRIBUTOR",
                        }), perPage, page);
                case ["pulls", "comments"]:
                    return Paged(request, repo.ReviewComments.Where(c => since is null || c.UpdatedAt >= since).OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
                        .Select(c => (object)new
                        {
                            id = c.Id,
                            node_id = $"PRRC_{c.Id}",
                            url = $"{api}/pulls/comments/{c.Id}",
                            pull_request_review_id = c.Id + 1,
                            diff_hunk = "@@ -1,3 +1,4 @@",
                            path = c.Path,
                            position = 4,
                            original_position = 4,
                            commit_id = "0123456789abcdef0123456789abcdef01234567",
                            original_commit_id = "0123456789abcdef0123456789abcdef01234567",
                            user = User(c.Author),
                            body = "nit: rename this",
                            created_at = Iso(c.CreatedAt),
                            updated_at = Iso(c.UpdatedAt),
                            html_url = $"{html}/pull/{c.Number}#discussion_r{c.Id}",
                            pull_request_url = $"{api}/pulls/{c.Number}",
                            author_association = "MEMBER",
                        }), perPage, page);
                case ["pulls", var n] when int.TryParse(n, out var number):
                    var pull = repo.Issues.FirstOrDefault(i => i.Number == number && i.IsPullRequest);
                    return pull is null ? (404, null, none) : (200, PullJson(pull, html, api), none);
                case ["pulls", var n, "reviews"] when int.TryParse(n, out var number):
                    return Paged(request, repo.Reviews.Where(r => r.PullRequest == number).OrderBy(r => r.Id)
                        .Select(r => (object)new
                        {
                            id = r.Id,
                            node_id = $"PRR_{r.Id}",
                            user = User(r.Author),
                            body = "",
                            state = r.State,
                            html_url = $"{html}/pull/{number}#pullrequestreview-{r.Id}",
                            pull_request_url = $"{api}/pulls/{number}",
                            commit_id = "0123456789abcdef0123456789abcdef01234567",
                            submitted_at = Iso(r.SubmittedAt),
                            author_association = "MEMBER",
                        }), perPage, page);
                case ["commits"]:
                    return Paged(request, repo.Commits.Select(c => (object)new
                    {
                        sha = c.Sha,
                        node_id = $"C_{c.Sha}",
                        url = $"{api}/commits/{c.Sha}",
                        html_url = $"{html}/commit/{c.Sha}",
                        commit = new
                        {
                            message = c.Message,
                            comment_count = 0,
                            author = new { name = c.AuthorName, email = c.AuthorEmail, date = Iso(c.Date) },
                            committer = new { name = "GitHub", email = "noreply@github.com", date = Iso(c.Date) },
                        },
                        author = c.Login is null ? null : User(c.Login),
                        committer = User("web-flow"),
                        parents = c.Parents.Select(p => new { sha = p, url = $"{api}/commits/{p}" }).ToArray(),
                    }), perPage, page);
                default:
                    return (404, null, none);
            }
        }
    }

    private (int, object?, Dictionary<string, string>) Paged(HttpRequest request, IEnumerable<object> items, int perPage, int page)
    {
        var all = items.ToList();
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var links = new Dictionary<string, string>();
        string PageUrl(int n)
        {
            var query = request.Query.Where(p => p.Key != "page").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value.ToString())}").Append($"page={n}");
            return $"{BaseUrl.ToString().TrimEnd('/')}{request.Path}?{string.Join("&", query)}";
        }
        if (page < last)
        {
            links["next"] = PageUrl(page + 1);
            links["last"] = PageUrl(last);
        }
        if (page > 1)
        {
            links["prev"] = PageUrl(page - 1);
            links["first"] = PageUrl(1);
        }
        return (200, all.Skip((page - 1) * perPage).Take(perPage).ToArray(), links);
    }

    private static object IssueJson(FakeIssue i, string html, string api) => new
    {
        id = 500_000 + i.Number,
        node_id = $"I_{i.Number}",
        url = $"{api}/issues/{i.Number}",
        html_url = i.IsPullRequest ? $"{html}/pull/{i.Number}" : $"{html}/issues/{i.Number}",
        number = i.Number,
        state = i.State,
        title = i.Title,
        body = "Body text",
        user = User(i.Author),
        labels = i.Labels.Select((l, k) => new { id = k + 1, node_id = $"L_{k}", name = l, color = "ededed", @default = false }).ToArray(),
        locked = false,
        comments = 0,
        created_at = Iso(i.CreatedAt),
        updated_at = Iso(i.UpdatedAt),
        closed_at = Iso(i.ClosedAt),
        author_association = "CONTRIBUTOR",
        pull_request = i.IsPullRequest
            ? new { url = $"{api}/pulls/{i.Number}", html_url = $"{html}/pull/{i.Number}", diff_url = $"{html}/pull/{i.Number}.diff", patch_url = $"{html}/pull/{i.Number}.patch", merged_at = Iso(i.MergedAt) }
            : null,
    };

    private static object PullJson(FakeIssue i, string html, string api) => new
    {
        id = 700_000 + i.Number,
        node_id = $"PR_{i.Number}",
        url = $"{api}/pulls/{i.Number}",
        html_url = $"{html}/pull/{i.Number}",
        number = i.Number,
        state = i.State,
        title = i.Title,
        body = "Body text",
        user = User(i.Author),
        labels = i.Labels.Select((l, k) => new { id = k + 1, node_id = $"L_{k}", name = l, color = "ededed", @default = false }).ToArray(),
        created_at = Iso(i.CreatedAt),
        updated_at = Iso(i.UpdatedAt),
        closed_at = Iso(i.ClosedAt),
        merged_at = Iso(i.MergedAt),
        merged = i.MergedAt is not null,
        merged_by = i.MergedBy is null ? null : User(i.MergedBy),
        draft = false,
        locked = false,
        additions = i.Additions,
        deletions = i.Deletions,
        changed_files = i.ChangedFiles,
        commits = 1,
        comments = 0,
        review_comments = 0,
        mergeable = (bool?)null,
        merge_commit_sha = i.MergedAt is null ? null : "fedcba9876543210fedcba9876543210fedcba98",
        head = new { label = "contrib:feature", @ref = "feature", sha = "0123456789abcdef0123456789abcdef01234567", user = User(i.Author) },
        @base = new { label = "org:main", @ref = "main", sha = "89abcdef0123456789abcdef0123456789abcdef", user = User("org") },
        author_association = "CONTRIBUTOR",
    };

    private static object User(string login) => new
    {
        login,
        id = Math.Abs(login.GetHashCode(StringComparison.Ordinal)) % 10_000_000,
        node_id = $"U_{login}",
        type = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
        site_admin = false,
        url = $"https://ghe.example/api/v3/users/{login}",
        html_url = $"https://ghe.example/{login}",
    };

    private static string? Iso(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
