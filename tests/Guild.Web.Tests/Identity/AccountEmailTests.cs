using System.Net;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Web.Tests.Identity;

/// <summary>
/// Identity's mail flows over HTTP, through the real forms and the real mails in smtp4dev: registration and forgotten
/// passwords answer the same for known and unknown addresses, links confirm, reset and change; lockout says nothing more.
/// </summary>
public class AccountEmailTests(GuildWebFactory portal) : IClassFixture<GuildWebFactory>
{
    private const string Password = "Correct-Horse-9";

    private static string NewEmail(string who) => $"{who}+{Guid.NewGuid():N}@guild.test";

    [Fact]
    public async Task Register_KnownAndUnknownAddress_AnswerTheSame_AndOnlyTheConfirmationLinkOpensTheAccount()
    {
        var known = NewEmail("known");
        await portal.CreateUserAsync(known, Password);
        var fresh = NewEmail("fresh");

        var knownPage = await RegisterAsync(known);
        var freshPage = await RegisterAsync(fresh);

        Assert.Equal(Normalise(knownPage, known), Normalise(freshPage, fresh));
        Assert.Contains("Check your mail", freshPage);
        var existing = await Mailbox.WaitForAsync(known);
        Assert.Equal("Your Guild account", existing.Subject);
        Assert.Contains("already has one", existing.Text);
        var confirmation = await Mailbox.WaitForAsync(fresh);
        Assert.Equal("Confirm your Guild account", confirmation.Subject);

        // Before confirming, the password does not open the account; the message is the one for a wrong password.
        var early = await LoginPageAsync(fresh, Password);
        Assert.Contains("Invalid login attempt", early);

        var client = portal.CreateBrowserlikeClient();
        var confirmed = await client.GetStringAsync(confirmation.Link("/Account/ConfirmEmail").PathAndQuery);
        Assert.Contains("your account is confirmed", confirmed);
        await portal.LoginAsync(fresh, Password);
    }

    [Fact]
    public async Task ForgotPassword_KnownAndUnknownAddress_AnswerTheSame_AndTheMailedLinkSetsANewPassword()
    {
        var known = NewEmail("forgetful");
        await portal.CreateUserAsync(known, Password);
        var unknown = NewEmail("nobody");

        var knownPage = await StaticForms.SubmitAndReadAsync(portal.CreateBrowserlikeClient(), "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = known });
        var unknownPage = await StaticForms.SubmitAndReadAsync(portal.CreateBrowserlikeClient(), "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = unknown });

        Assert.Equal(Normalise(knownPage, known), Normalise(unknownPage, unknown));
        Assert.Contains("If an account with that address exists", knownPage);
        var mail = await Mailbox.WaitForAsync(known);
        var link = mail.Link("/Account/ResetPassword").PathAndQuery;
        var client = portal.CreateBrowserlikeClient();
        var reset = await StaticForms.SubmitAsync(client, link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = known,
            ["Input.Password"] = "New-Horse-Battery-1",
            ["Input.ConfirmPassword"] = "New-Horse-Battery-1",
            ["Input.Code"] = System.Web.HttpUtility.ParseQueryString(new Uri(portal.ServerAddress, link).Query)["code"]!,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        await portal.LoginAsync(known, "New-Horse-Battery-1");
        Assert.Contains("Invalid login attempt", await LoginPageAsync(known, Password));
        Assert.Empty(await Mailbox.ToAsync(unknown));
    }

    [Fact]
    public async Task Login_LockedOutAccount_ReadsLikeAnUnknownAddress()
    {
        var email = NewEmail("locked");
        await portal.CreateUserAsync(email, Password);
        for (var i = 0; i < 5; i++)
        {
            await LoginPageAsync(email, "wrong-password");
        }

        var locked = await LoginPageAsync(email, Password); // the right password, but locked out
        var unknown = await LoginPageAsync(NewEmail("ghost"), Password);

        Assert.Contains("Invalid login attempt", locked);
        Assert.Equal(ErrorOf(unknown), ErrorOf(locked));
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task ChangeEmail_FollowingTheLinkMailedToTheNewAddress_ChangesTheLogin_AndChangePasswordWorks()
    {
        var old = NewEmail("mover");
        var @new = NewEmail("moved");
        await portal.CreateUserAsync(old, Password);
        var client = await portal.LoginAsync(old, Password);

        var answer = await StaticForms.SubmitAndReadAsync(client, "/Account/Manage/Email", "change-email", new Dictionary<string, string> { ["Input.NewEmail"] = @new });
        Assert.Contains($"We sent a link to {Html(@new)}", answer);
        var mail = await Mailbox.WaitForAsync(@new);
        var confirmed = await client.GetStringAsync(mail.Link("/Account/ConfirmEmailChange").PathAndQuery);
        Assert.Contains($"your email is now {Html(@new)}", confirmed);

        var moved = await portal.LoginAsync(@new, Password);
        Assert.Contains("Invalid login attempt", await LoginPageAsync(old, Password));
        var changed = await StaticForms.SubmitAsync(moved, "/Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Password,
            ["Input.NewPassword"] = "Another-Horse-2",
            ["Input.ConfirmPassword"] = "Another-Horse-2",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await portal.LoginAsync(@new, "Another-Horse-2");
    }

    [Fact]
    public async Task ChangeEmail_ToAnAddressWithAnAccount_AnswersTheSame_AndTellsOnlyItsOwner()
    {
        var asker = NewEmail("asker");
        var owner = NewEmail("owner");
        await portal.CreateUserAsync(asker, Password);
        await portal.CreateUserAsync(owner, Password);
        var client = await portal.LoginAsync(asker, Password);

        var answer = await StaticForms.SubmitAndReadAsync(client, "/Account/Manage/Email", "change-email", new Dictionary<string, string> { ["Input.NewEmail"] = owner });

        Assert.Contains($"We sent a link to {Html(owner)}", answer);
        var mail = await Mailbox.WaitForAsync(owner);
        Assert.Empty(mail.Links);
        Assert.Contains("nothing changed", mail.Text);
    }

    [Fact]
    public async Task PersonalData_Download_HoldsTheAccountAndItsPerson_DeleteDetachesThePersonWhoKeepsTheirWallet()
    {
        var email = NewEmail("leaver");
        await portal.CreateUserAsync(email, Password);
        var login = $"leaver-{Guid.NewGuid():N}"[..20];
        var person = await portal.LinkGitHubAsync(email, login, 77_000_000 + Random.Shared.Next(1_000_000));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            db.ContributorWallets.Add(new ContributorWallet(person.Id, "0x" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var client = await portal.LoginAsync(email, Password);

        var page = await client.GetStringAsync("/Account/Manage/PersonalData");
        var download = await client.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var data = JsonDocument.Parse(await download.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(email, data.GetProperty("account").GetProperty("Email").GetString());
        Assert.Equal(person.Key, data.GetProperty("person").GetProperty("id").GetString());
        Assert.Contains(data.GetProperty("person").GetProperty("identities").EnumerateArray(), i => i.GetProperty("value").GetString() == login.ToLowerInvariant());
        Assert.StartsWith("0x", data.GetProperty("person").GetProperty("wallet").GetProperty("address").GetString());
        Assert.Contains(data.GetProperty("logins").EnumerateArray(), l => l.GetProperty("providerDisplayName").GetString() == login);

        var deleted = await StaticForms.SubmitAsync(client, "/Account/Manage/DeletePersonalData", "delete-account", new Dictionary<string, string> { ["Input.Password"] = Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>().FindByEmailAsync(email));
            var kept = await db.People.SingleAsync(p => p.Id == person.Id);
            Assert.Null(kept.UserId);
            Assert.True(await db.ContributorWallets.AnyAsync(w => w.PersonId == person.Id), "the person keeps the wallet their balance is paid to");
            Assert.True(await db.ContributorIdentities.AnyAsync(i => i.PersonId == person.Id && i.Value == login.ToLowerInvariant()));
        }
        Assert.Contains("Invalid login attempt", await LoginPageAsync(email, Password));
    }

    private async Task<string> RegisterAsync(string email) =>
        await StaticForms.SubmitAndReadAsync(portal.CreateBrowserlikeClient(), "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

    private async Task<string> LoginPageAsync(string email, string password)
    {
        var response = await StaticForms.SubmitAsync(portal.CreateBrowserlikeClient(), "/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // no redirect: not signed in
        return await response.Content.ReadAsStringAsync();
    }

    private static string ErrorOf(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "<div class=\"status status-error\" role=\"alert\">(.*?)</div>").Groups[1].Value;

    private static string Html(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    /// <summary>The page with the address itself and the per-request tokens blanked out.</summary>
    private static string Normalise(string page, string email) =>
        System.Text.RegularExpressions.Regex.Replace(page.Replace(Uri.EscapeDataString(email), "EMAIL").Replace(Html(email), "EMAIL").Replace(email, "EMAIL"),
            "[A-Za-z0-9+/=_-]{40,}", "TOKEN");
}
