using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Guild.Core.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Guild.Web.Hosting;

/// <summary>
/// Configuration section <c>RateLimits</c>: requests per minute per client address for the endpoints a client could
/// use to guess passwords, flood mail or wallet challenges, or make the server work (claims, explanations, health).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Log in, register, password reset and confirmation mails, two-factor codes (form posts).</summary>
    [Range(1, 1_000_000)]
    public int AuthPerMinute { get; set; } = 10;

    /// <summary>Wallet challenges and links (API and /me forms).</summary>
    [Range(1, 1_000_000)]
    public int WalletPerMinute { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int ClaimsPerMinute { get; set; } = 120;

    [Range(1, 1_000_000)]
    public int ExplanationsPerMinute { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int HealthPerMinute { get; set; } = 60;

    /// <summary>Licence quotes, which read the chain; the register, a licence and the badge come from memory and are not limited.</summary>
    [Range(1, 1_000_000)]
    public int QuotePerMinute { get; set; } = 60;
    /// <summary>Signed roadmap votes submitted (anyone may submit one; the signature is the credential).</summary>
    [Range(1, 10_000_000)]
    public int VotesPerMinute { get; set; } = 600;
}

/// <summary>ASP.NET Core's rate limiter, one fixed window per client address and kind of request (see <see cref="RateLimitOptions"/>).</summary>
public static class RateLimits
{
    private static readonly string[] AuthPaths =
        ["/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/Account/LoginWith2fa",
         "/Account/LoginWithRecoveryCode", "/Account/ResetPassword"];

    public static IHostApplicationBuilder AddGuildRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (kind, permits) = KindOf(context.Request, limits);
                if (kind is null)
                {
                    return RateLimitPartition.GetNoLimiter("none");
                }
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{kind}:{client}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "Too many requests of this kind from your address: wait a minute and try again.",
                    },
                });
            };
        });
        return builder;
    }

    private static (string? Kind, int Permits) KindOf(HttpRequest request, RateLimitOptions limits)
    {
        var path = request.Path;
        var post = HttpMethods.IsPost(request.Method);
        if (post && AuthPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return ("auth", limits.AuthPerMinute);
        }
        if (post && (path.StartsWithSegments("/api/me/wallet") || path.StartsWithSegments("/me")))
        {
            return ("wallet", limits.WalletPerMinute);
        }
        if (path.StartsWithSegments("/api/claims"))
        {
            return ("claims", limits.ClaimsPerMinute);
        }
        if ((path.StartsWithSegments("/api/epochs") && path.Value!.EndsWith("/explanation", StringComparison.Ordinal))
            || (path.StartsWithSegments("/epochs") && request.Query.ContainsKey("contributor")))
        {
            return ("explanations", limits.ExplanationsPerMinute);
        }
        if (path.StartsWithSegments("/api/licenses/quote"))
        {
            return ("quote", limits.QuotePerMinute);
        }
        if (post && path.StartsWithSegments("/api/roadmap") && path.Value!.EndsWith("/votes", StringComparison.Ordinal))
        {
            return ("votes", limits.VotesPerMinute);
        }
        if (path.StartsWithSegments("/health"))
        {
            return ("health", limits.HealthPerMinute);
        }
        return (null, 0);
    }
}
