using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Guild.Jobs.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Jobs.Admin;

/// <summary>
/// <c>Guild.Jobs admin …</c>: operator commands against the configured database. <c>create-steward &lt;email&gt;</c> makes
/// the first steward of a fresh install without any default password: the account is created without one, gets the
/// Steward role (recorded in the roles' audit trail as "command line"), and its owner is mailed a link to choose a
/// password. An existing account is made a steward; it keeps its password.
/// </summary>
public static class AdminCommands
{
    public const string Usage = "Usage: Guild.Jobs admin create-steward <email> [--Key=Value …]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["create-steward", var email, .. var settings] || email.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync(Usage);
            return StartupFailure.ConfigurationExitCode;
        }
        if (!ContributionsValidation.IsEmail(email.Trim()))
        {
            await Console.Error.WriteLineAsync($"Guild admin: \"{email}\" is not an email address. {Usage}");
            return StartupFailure.ConfigurationExitCode;
        }
        return await GuildProcess.RunAsync(() => CreateStewardAsync(email.Trim(), settings));
    }

    private static async Task CreateStewardAsync(string email, string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        // Only enqueue: the portal's or a worker's Hangfire server sends the mail.
        builder.Configuration["Jobs:ServerEnabled"] = "false";
        builder.Configuration["Jobs:ScheduleRecurringJobs"] = "false";
        var database = builder.AddGuildData();
        var accounts = builder.AddGuildAccountActions();
        if (builder.Configuration["Portal:PublicOrigin"] is not { Length: > 0 } publicOrigin)
        {
            throw new Core.Configuration.GuildConfigurationException(
                ["Portal:PublicOrigin: is required to mail the steward the link to choose a password (e.g. https://guild.example)"]);
        }
        builder.AddGuildJobs(database);
        builder.AddGuildDataProtection(); // the portal's key ring: the link's token must open there
        builder.Services.AddIdentityCore<GuildUser>(o => o.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GuildDbContext>()
            .AddDefaultTokenProviders();

        using var host = builder.Build();
        await host.StartAsync(); // migrations first, and Hangfire's schema
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            var user = await users.FindByEmailAsync(email);
            var created = user is null;
            if (user is null)
            {
                user = new GuildUser { UserName = email, Email = email, EmailConfirmed = true };
                Check(await users.CreateAsync(user), email);
            }
            var granted = await scope.ServiceProvider.GetRequiredService<ChangeRoleCommand>()
                .ExecuteAsync(user.Id, GuildRoles.Steward, grant: true, stewardId: null, "command line", CancellationToken.None);
            if (granted.Error is { } error)
            {
                throw new InvalidOperationException(error.Message);
            }
            if (!await users.HasPasswordAsync(user))
            {
                var token = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
                var link = new Uri(new Uri(publicOrigin.TrimEnd('/') + "/"),
                    $"Account/ResetPassword?email={Uri.EscapeDataString(email)}&code={token}&first=true").ToString();
                await scope.ServiceProvider.GetRequiredService<AccountMail>().SetPasswordAsync(email, link, CancellationToken.None);
                Console.WriteLine($"{email} is a steward{(created ? " (new account)" : "")}. A link to choose the password was queued for mailing; " +
                                  "after logging in they set up an authenticator app.");
            }
            else
            {
                Console.WriteLine(granted.Value!.Changed ? $"{email} is now a steward; the account keeps its password." : $"{email} was already a steward.");
            }
        }
        await host.StopAsync();
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
