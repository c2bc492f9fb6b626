using System.Net;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Identity;

/// <summary>
/// <c>Guild.Jobs admin create-steward</c> as an operator runs it against a fresh install's database: the account has no
/// password until its owner follows the mailed link (sent by the portal's job server), then sets up an authenticator.
/// </summary>
public class CreateStewardCommandTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    [Fact]
    public async Task CreateSteward_MailsASetPasswordLink_ThatLeadsToASteward()
    {
        var email = $"first-steward+{Guid.NewGuid():N}@guild.test";

        var (exitCode, output) = await RunAsync("create-steward", email);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{email} is a steward (new account)", output);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.False(await users.HasPasswordAsync(user));
            Assert.True(await users.IsInRoleAsync(user, GuildRoles.Steward));
            var change = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().RoleChanges.SingleAsync(c => c.UserId == user.Id);
            Assert.Equal("command line", change.Reason);
        }

        var mail = await Mailbox.WaitForAsync(email);
        Assert.Equal("Your Guild steward account", mail.Subject);
        var link = mail.Link("/Account/ResetPassword");
        Assert.Equal(portal.ServerAddress.Authority, link.Authority); // on Portal:PublicOrigin
        var client = portal.CreateBrowserlikeClient();
        var set = await StaticForms.SubmitAsync(client, link.PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Steward-Horse-7",
            ["Input.ConfirmPassword"] = "Steward-Horse-7",
            ["Input.Code"] = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!,
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var login = await StaticForms.SubmitAsync(client, "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Steward-Horse-7" });
        Assert.Contains("/Account/Manage/EnableAuthenticator?required=steward", login.Headers.Location?.OriginalString);

        var (again, secondOutput) = await RunAsync("create-steward", email);
        Assert.True(again == 0, secondOutput);
        Assert.Contains("was already a steward", secondOutput);
    }

    [Theory]
    [InlineData("create-steward")]
    [InlineData("create-steward", "not-an-email")]
    [InlineData("promote", "someone@guild.test")]
    public async Task WrongArguments_ExitWithTheConfigurationCodeAndTheUsage(params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage: Guild.Jobs admin create-steward <email>", output);
    }

    [Fact]
    public async Task WithoutPublicOrigin_RefusesBeforeChangingAnything()
    {
        var email = $"nourl+{Guid.NewGuid():N}@guild.test";

        var (exitCode, output) = await RunAsync(withPublicOrigin: false, "create-steward", email);

        Assert.Equal(2, exitCode);
        Assert.Contains("Portal:PublicOrigin: is required", output);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>().FindByEmailAsync(email));
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(true, args);

    private async Task<(int ExitCode, string Output)> RunAsync(bool withPublicOrigin, params string[] args)
    {
        var scratch = TestEnvironment.NewTempDirectory("admin");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSQL",
                ["Database__ConnectionString"] = portal.DatabaseConnectionString,
                ["DataDirectory"] = scratch,
                // The portal's key ring is sealed under this key: the link's token must open there.
                ["DataProtection__KeyEncryptionKey"] = portal.KeyEncryptionKey,
            };
            if (withPublicOrigin)
            {
                environment["Portal__PublicOrigin"] = portal.ServerAddress.GetLeftPart(UriPartial.Authority);
            }
            await using var process = GuildProcessRunner.Start("Guild.Jobs", scratch, environment, ["admin", .. args]);
            var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
            return (exitCode, process.Output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
