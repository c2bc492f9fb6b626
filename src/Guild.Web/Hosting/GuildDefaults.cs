using System.Text.Json;
using Guild.Core.Data;
using Microsoft.AspNetCore.Antiforgery;
using Guild.Web.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guild.Web.Hosting;

public static class GuildDefaults
{
    private const string ReadyTag = "ready";

    /// <summary>Problem details for every error, the OpenAPI document, and the readiness checks (database, chain, jobs).</summary>
    public static IHostApplicationBuilder AddGuildDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
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
        return builder;
    }

    public static WebApplication UseGuildPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
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
    /// and returns 503 with the failing one named when the database, the chain or the jobs are not usable.
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
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
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
