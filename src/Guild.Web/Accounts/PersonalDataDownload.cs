using System.Text.Json;
using Guild.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Accounts;

public static class PersonalDataDownload
{
    /// <summary><c>POST /Account/Manage/DownloadPersonalData</c>: the signed-in account's data as a JSON file (a form post, with antiforgery).</summary>
    public static IEndpointRouteBuilder MapPersonalDataDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Manage/DownloadPersonalData", async (HttpContext context, UserManager<GuildUser> users, PersonalDataExport export,
                ILoggerFactory loggers, CancellationToken cancellationToken) =>
            {
                if (await users.GetUserAsync(context.User) is not { } user)
                {
                    return Results.NotFound();
                }
                loggers.CreateLogger(typeof(PersonalDataDownload)).LogInformation("Account {UserId} downloaded its personal data", user.Id);
                var data = await export.ExportAsync(user, cancellationToken);
                var json = JsonSerializer.SerializeToUtf8Bytes(data, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
                context.Response.Headers.ContentDisposition = "attachment; filename=GuildPersonalData.json";
                return Results.File(json, "application/json", "GuildPersonalData.json");
            })
            .RequireAuthorization()
            .ExcludeFromDescription()
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }
}
