using System.Diagnostics;
using System.Text.Json;
using Guild.Core.Configuration;
using Guild.Core.Data;
using Guild.Web.Accounts;
using Guild.Web.Health;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Guild.Web.Hosting;

/// <summary>
/// Configuration section <c>Portal</c>: how the portal sits behind a reverse proxy.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Portal:Proxy";

    /// <summary>Addresses of the reverse proxies whose <c>X-Forwarded-*</c> headers are believed; none by default.</summary>
    public List<string> KnownProxies { get; set; } = [];
}

public static class GuildDefaults
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// Problem details for every error (with a trace id), the OpenAPI document, the readiness checks (database, chain,
    /// jobs), rate limits, forwarded headers from configured proxies, and OpenTelemetry (exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).
    /// </summary>
    public static IHostApplicationBuilder AddGuildDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        // Enums travel as their names ("GitEmail"), in requests and responses alike.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Guild API";
            document.Info.Description = "Contributions, allocations, claims, licences and governance of the Guild.";
            return Task.CompletedTask;
        }));
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<GuildDbContext>("database", tags: [ReadyTag])
            .AddCheck<ChainHealthCheck>("chain", tags: [ReadyTag])
            .AddCheck<JobsHealthCheck>("jobs", tags: [ReadyTag]);
        builder.AddGuildRateLimits();
        builder.AddGuildRequestProblems();

        var proxies = builder.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the proxies named in configuration are believed; loopback is not trusted by default either.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Guild.*"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    public static WebApplication UseGuildPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseGuildSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Pages show the portal's not-found page; the API answers problem details for every error status instead.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return next(context);
        });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages().UseGuildRequestProblems());
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCrossSiteRequestCheck();
        app.UseAntiforgery();
        // A form post with a missing or forged token is the client's fault: answer 400 with the reason, not a 500
        // from the form reader further down.
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } antiforgery)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Title = "Invalid antiforgery token", Detail = antiforgery.Error?.Message, Status = StatusCodes.Status400BadRequest },
                });
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs (no checks); <c>/health/ready</c> runs every readiness check
    /// and returns 503 when the database, the chain or the jobs are not usable: the status for everyone, the checks'
    /// details (which may name hosts) for stewards only. Unknown <c>/api</c> paths answer a problem-details 404.
    /// </summary>
    public static WebApplication MapGuildDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapFallback("/api/{**path}", () => TypedResults.Problem("There is no such API endpoint: see /openapi/v1.json.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var authorization = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(context.User, null, GuildPolicies.Steward)).Succeeded)
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString() }),
            }, JsonSerializerOptions.Web, context.RequestAborted);
            return;
        }
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        }, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
