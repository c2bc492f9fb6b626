using System.Text.Json;

namespace Guild.Web.Hosting;

/// <summary>
/// A request the API cannot even read (not JSON, a number out of range, an unknown enum name, a body over the size
/// limit) answers problem details that say what was wrong and where in the body, never the framework's bare 400.
/// </summary>
public static class RequestProblems
{
    public static IHostApplicationBuilder AddGuildRequestProblems(this IHostApplicationBuilder builder)
    {
        // Binding failures throw, so the middleware below can word them; the default writes an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static IApplicationBuilder UseGuildRequestProblems(this IApplicationBuilder api) => api.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = bad.StatusCode;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Unreadable request",
                    Detail = Reason(bad),
                },
            });
        }
    });

    private static string Reason(BadHttpRequestException bad) => bad switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The request body is too large for this endpoint.",
        { InnerException: JsonException json } => $"The body is not valid JSON for this request{(json.Path is { Length: > 0 } path ? $" at {path}" : "")}: "
            + "check the field's type (numbers in range, amounts of wei as strings, known names).",
        _ => bad.Message,
    };
}
