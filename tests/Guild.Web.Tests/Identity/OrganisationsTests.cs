using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Identity;

/// <summary>A company account invites a colleague by mail; the link works once, for the invited address only; accepting makes a member with the Company role.</summary>
public class OrganisationsTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    private static string NewEmail(string who) => $"{who}+{Guid.NewGuid():N}@guild.test";

    [Fact]
    public async Task Colleague_FollowsTheMailedInvitation_BecomesAMemberWithTheCompanyRole_AndTheLinkIsSpent()
    {
        var founder = NewEmail("founder");
        var colleague = NewEmail("colleague");
        var outsider = NewEmail("outsider");
        await portal.CreateUserAsync(founder, Password, GuildRoles.Company);
        var colleagueUser = await portal.CreateUserAsync(colleague, Password);
        await portal.CreateUserAsync(outsider, Password);
        var company = await portal.LoginAsync(founder, Password);

        var created = await company.PostAsJsonAsync("/api/organisations", new { name = "Acme Robotics" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var invited = await company.PostAsJsonAsync($"/api/organisations/{id}/invitations", new { email = colleague });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);

        var mail = await Mailbox.WaitForAsync(colleague);
        Assert.Equal("Join Acme Robotics on Guild", mail.Subject);
        var link = mail.Link("/Account/Invitation").PathAndQuery;

        // Someone else who got hold of the link cannot use it.
        var other = await portal.LoginAsync(outsider, Password);
        var refused = await StaticForms.SubmitAndReadAsync(other, link, "accept-invitation", new Dictionary<string, string>());
        Assert.Contains("sent to another email address", refused);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/organisations/{id}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/organisations/{id}/invitations", new { email = NewEmail("x") })).StatusCode);

        var client = await portal.LoginAsync(colleague, Password);
        var accepted = await StaticForms.SubmitAndReadAsync(client, link, "accept-invitation", new Dictionary<string, string>());
        Assert.Contains("You now act for Acme Robotics", accepted);

        var members = await client.GetFromJsonAsync<JsonElement>($"/api/organisations/{id}/members");
        Assert.Equal([colleague, founder], members.EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("Acme Robotics", (await client.GetFromJsonAsync<JsonElement>("/api/organisations"))[0].GetProperty("name").GetString());
        var again = await client.GetStringAsync(link);
        Assert.Contains("This invitation link is not valid", again);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(colleagueUser.Id))!, GuildRoles.Company));
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var change = await db.RoleChanges.SingleAsync(c => c.UserId == colleagueUser.Id);
        Assert.True(change.Granted);
        Assert.Null(change.ByUserId);
        Assert.Contains("invitation", change.Reason);
    }

    [Fact]
    public async Task Contributor_CannotCreateAnOrganisation_AndAnExpiredInvitationIsRefused()
    {
        var contributor = NewEmail("contributor");
        await portal.CreateUserAsync(contributor, Password);
        var client = await portal.LoginAsync(contributor, Password);

        var refused = await client.PostAsJsonAsync("/api/organisations", new { name = "Not a company" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var founder = NewEmail("founder");
        await portal.CreateUserAsync(founder, Password, GuildRoles.Company);
        var company = await portal.LoginAsync(founder, Password);
        var id = (await (await company.PostAsJsonAsync("/api/organisations", new { name = "Late Ltd" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await company.PostAsJsonAsync($"/api/organisations/{id}/invitations", new { email = contributor });
        var link = (await Mailbox.WaitForAsync(contributor)).Link("/Account/Invitation").PathAndQuery;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            await db.OrganisationInvitations.Where(i => i.OrganisationId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var page = await client.GetStringAsync(link);

        Assert.Contains("This invitation link is not valid", page);
        Assert.DoesNotContain("Accept the invitation", page);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/organisations") ?? []);
    }
}
