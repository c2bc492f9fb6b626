using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Identity;

/// <summary>
/// Roles over the users API: stewards grant and revoke (recorded with who and when), the last steward stays, anyone else
/// is refused; stewards need an authenticator app before any steward page or API answers; 2FA enrolment with a real TOTP.
/// </summary>
public class RolesAndStewardsTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    private static string NewEmail(string who) => $"{who}+{Guid.NewGuid():N}@guild.test";

    [Fact]
    public async Task Steward_GrantsAndRevokesARole_EachChangeIsRecordedWithWhoAndWhen()
    {
        var steward = NewEmail("steward");
        var member = NewEmail("member");
        var stewardUser = await portal.CreateUserAsync(steward, Password, GuildRoles.Steward);
        var memberUser = await portal.CreateUserAsync(member, Password);
        var client = await portal.LoginAsync(steward, Password);

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/users?search={Uri.EscapeDataString(member[..20])}");
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(memberUser.Id, found.GetProperty("users")[0].GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/users/{memberUser.Id}/roles/Company", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/users/{memberUser.Id}/roles/Member", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/users/{memberUser.Id}/roles/Company")).StatusCode);
        var again = await client.PutAsync($"/api/users/{memberUser.Id}/roles/Member", null);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"/api/users/{memberUser.Id}/roles/Emperor", null)).StatusCode);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var rows = await db.RoleChanges.Where(c => c.UserId == memberUser.Id).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([("Company", true), ("Member", true), ("Company", false)], rows.Select(r => (r.Role, r.Granted)));
        Assert.All(rows, r => Assert.Equal(stewardUser.Id, r.ByUserId));
        Assert.All(rows, r => Assert.True(r.At > DateTimeOffset.UtcNow.AddMinutes(-5)));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        Assert.Equal(["Member"], await users.GetRolesAsync((await users.FindByIdAsync(memberUser.Id))!));
        var trail = await client.GetFromJsonAsync<JsonElement>("/api/users/role-changes");
        Assert.Contains(trail.EnumerateArray(), c => c.GetProperty("user").GetString() == member && c.GetProperty("by").GetString() == steward
            && c.GetProperty("role").GetString() == "Company" && !c.GetProperty("granted").GetBoolean());
    }

    [Fact]
    public async Task LastSteward_CannotRevokeTheirOwnRole_ButCanOnceAnotherStewardExists()
    {
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // This test needs to be the only steward: earlier tests' stewards step down through the command (as no one).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            foreach (var other in await users.GetUsersInRoleAsync(GuildRoles.Steward))
            {
                await users.RemoveFromRoleAsync(other, GuildRoles.Steward);
            }
        }
        var steward = NewEmail("lonely");
        var user = await portal.CreateUserAsync(steward, Password, GuildRoles.Steward);
        var client = await portal.LoginAsync(steward, Password);

        var refused = await client.DeleteAsync($"/api/users/{user.Id}/roles/Steward");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("last steward", await refused.Content.ReadAsStringAsync());
        var second = await portal.CreateUserAsync(NewEmail("second"), Password);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/users/{second.Id}/roles/Steward", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/users/{user.Id}/roles/Steward")).StatusCode);
        // The role is checked in the database: the same cookie no longer works for steward APIs.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task NonSteward_IsRefusedByTheUsersApiAndPage()
    {
        var email = NewEmail("company");
        var user = await portal.CreateUserAsync(email, Password, GuildRoles.Company);
        var client = await portal.LoginAsync(email, Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync($"/api/users/{user.Id}/roles/Steward", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users/role-changes")).StatusCode);
        var page = await client.GetAsync("/stewards/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", page.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.CreateBrowserlikeClient().GetAsync("/api/users")).StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        Assert.False(await users.IsInRoleAsync((await users.FindByIdAsync(user.Id))!, GuildRoles.Steward));
    }

    [Fact]
    public async Task StewardWithoutAuthenticator_IsSentToSetOneUp_ThenARealTotpCodeTurnsItOnAndLoginAsksForIt()
    {
        var email = NewEmail("new-steward");
        var user = await portal.CreateUserAsync(email, Password);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // A steward made without an authenticator (as the command line does).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(user.Id))!, GuildRoles.Steward);
        }
        var client = await portal.LoginAsync(email, Password);

        var api = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("authenticator app", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var page = await client.GetAsync("/stewards/repositories");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator?required=steward", page.Headers.Location?.OriginalString);
        var setUp = await client.GetStringAsync(page.Headers.Location);
        Assert.Contains("Stewards need two-factor authentication", setUp);
        var key = System.Text.RegularExpressions.Regex.Match(setUp, "data-testid=\"authenticator-key\">([a-z0-9 ]+)</kbd>").Groups[1].Value.Replace(" ", "").ToUpperInvariant();

        var wrong = await StaticForms.SubmitAndReadAsync(client, "/Account/Manage/EnableAuthenticator", "enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.Contains("That code is not valid", wrong);
        var enabled = await StaticForms.SubmitAndReadAsync(client, "/Account/Manage/EnableAuthenticator", "enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = GuildWebFactory.Totp(key) });

        Assert.Contains("two-factor authentication is on", enabled);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(enabled, "<li><code>[^<]+</code></li>").Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);
        // A new sign-in now asks for the code (LoginAsync answers it from the same key).
        var login = await StaticForms.SubmitAsync(portal.CreateBrowserlikeClient(), "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Contains("LoginWith2fa", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await (await portal.LoginAsync(email, Password)).GetAsync("/api/users")).StatusCode);
    }
}
