using System.Security.Cryptography;
using Guild.Core.Accounts;
using Guild.Core.Hosting;
using Guild.Core.People;
using Guild.Jobs.Demo;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Guild.Web.Accounts;

/// <summary>
/// With <c>Demo:Enabled</c>, queues the demo data (see <see cref="SeedDemoDataJob"/>) and makes sure a steward and a contributor account exist and that their passwords are in
/// <see cref="DemoOptions.LoginsFile"/>. Passwords are random per installation: nothing to leak from the repository. The
/// steward's authenticator key (stewards need two-factor authentication) is there too, as an otpauth:// URI.
/// </summary>
internal sealed partial class DemoAccountsSeeder(
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> options,
    IOptions<GitHubSignInOptions> gitHub,
    DataDirectory data,
    IBackgroundJobClient jobs,
    ILogger<DemoAccountsSeeder> logger) : IHostedService
{
    private static readonly (string Email, string? Role)[] Accounts =
    [
        ("steward@guild.local", GuildRoles.Steward),
        ("contributor@guild.local", null),
    ];

    /// <summary>
    /// The demo contributor stands for a real nanoGPT contributor (their noreply email names the login), linked as if
    /// through GitHub, so /me shows an allocation and the wallet-link flow from the first start.
    /// </summary>
    private const string DemoContributorLogin = "okuvshynov";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Enabled)
        {
            return;
        }
        // The contributions and the genesis epoch come from a job: importing takes a while and must not hold up start.
        jobs.Enqueue<SeedDemoDataJob>(job => job.RunAsync(CancellationToken.None));
        var file = data.File(demo.LoginsFile);
        var known = File.Exists(file);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var lines = new List<string>();
        foreach (var (email, role) in Accounts)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is not null && known)
            {
                continue;
            }
            var password = NewPassword();
            if (user is null)
            {
                user = new GuildUser { UserName = email, Email = email, EmailConfirmed = true };
                Check(await users.CreateAsync(user, password), email);
            }
            else
            {
                // The file with its password was deleted: issue a new one.
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, password), email);
            }
            if (role is not null && !await users.IsInRoleAsync(user, role))
            {
                Check(await users.AddToRoleAsync(user, role), email);
            }
            // Stewards need an authenticator app: the demo steward's key goes into the logins file as an otpauth:// URI.
            var authenticator = "";
            if (role == GuildRoles.Steward)
            {
                Check(await users.ResetAuthenticatorKeyAsync(user), email);
                Check(await users.SetTwoFactorEnabledAsync(user, true), email);
                authenticator = "\t" + AuthenticatorApps.Uri(email, (await users.GetAuthenticatorKeyAsync(user))!);
            }
            // Only while the portal cannot link real GitHub accounts: the login must have one owner (see GitHubSignIn).
            if (role is null && !gitHub.Value.Enabled && !(await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == GitHubSignIn.Scheme))
            {
                Check(await users.AddLoginAsync(user, new UserLoginInfo(GitHubSignIn.Scheme, "demo:" + DemoContributorLogin, DemoContributorLogin)), email);
                var linked = await scope.ServiceProvider.GetRequiredService<LinkGitHubAccountCommand>()
                    .ExecuteAsync(user.Id, "demo", DemoContributorLogin, null, [], cancellationToken);
                if (linked.Error is { } error)
                {
                    throw new InvalidOperationException($"Could not link the demo contributor: {error.Message}");
                }
            }
            lines.Add($"{email}\t{password}\t{role ?? "Contributor"}{authenticator}");
        }

        if (lines.Count > 0)
        {
            await File.WriteAllLinesAsync(file, ["# Guild demo logins: email, password, role, authenticator app (stewards)", .. lines], cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            LogWritten(logger, lines.Count, file);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not prepare demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    // Satisfies Identity's default rules (upper, lower, digit, symbol) with 96+ bits of randomness.
    private static string NewPassword() =>
        "Gd-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "7a";

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Wrote {Count} demo login(s) to {File}")]
    private static partial void LogWritten(ILogger logger, int count, string file);
}
