using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Guild.Core.Accounts;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;
using Npgsql;

namespace Guild.Web.Tests.Hosting;

/// <summary>
/// Bad input at every API endpoint that takes input: each case answers its documented 4xx as problem details naming the
/// field or the reason, and neither the database (every table's content, fingerprinted) nor the chain (the portal's
/// signer sends nothing) changes. Endpoints that need a signature are driven with real signatures from real keys.
/// </summary>
public class BadInputTests(RewardsLoopPortal portal) : IClassFixture<RewardsLoopPortal>
{
    private const string Password = "Correct-Horse-9";
    private static readonly string Huge = "9" + new string('0', 100);
    private static readonly string Script = "<script>alert(1)</script>";

    /// <summary>Who sends a case.</summary>
    public enum As { Steward, Member, Company, Anonymous }

    /// <param name="Reason">A field of the validation errors, or text in the problem's title or detail.</param>
    public sealed record Case(string Name, As Caller, HttpMethod Method, string Path, object? Body, HttpStatusCode Status, string Reason, string? ContentType = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        // Epochs
        new("epoch budget negative", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "-1" }, HttpStatusCode.BadRequest, "budgetWei"),
        new("epoch budget not a number", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "1e18" }, HttpStatusCode.BadRequest, "budgetWei"),
        new("epoch budget beyond uint256", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = Huge }, HttpStatusCode.BadRequest, "budgetWei"),
        new("epoch budget a megabyte of digits", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = new string('9', 900_000) }, HttpStatusCode.BadRequest, "budgetWei"),
        new("epoch cap negative", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "1000", capPpm = -5 }, HttpStatusCode.BadRequest, "capPpm"),
        new("epoch cap above a million", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "1000", capPpm = 2_000_000 }, HttpStatusCode.BadRequest, "capPpm"),
        new("epoch minimum payout negative", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "1000", minimumPayoutWei = "-3" }, HttpStatusCode.BadRequest, "minimumPayoutWei"),
        new("epoch cut-off in the future", As.Steward, HttpMethod.Post, "/api/epochs", new { budgetWei = "1000", asOf = DateTimeOffset.UtcNow.AddYears(1) }, HttpStatusCode.BadRequest, "asOf"),
        new("epoch cap a huge JSON number", As.Steward, HttpMethod.Post, "/api/epochs", "{\"budgetWei\":\"1000\",\"capPpm\":99999999999999999999}", HttpStatusCode.BadRequest, "capPpm"),
        new("epoch body not JSON", As.Steward, HttpMethod.Post, "/api/epochs", "{budgetWei: 1000", HttpStatusCode.BadRequest, "JSON"),
        new("epoch body oversized", As.Steward, HttpMethod.Post, "/api/epochs", "{\"budgetWei\":\"" + new string('1', 2_000_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "large"),
        new("epoch that does not exist", As.Steward, HttpMethod.Put, "/api/epochs/999999", new { budgetWei = "1000" }, HttpStatusCode.NotFound, "999999"),
        new("compute an epoch that does not exist", As.Steward, HttpMethod.Post, "/api/epochs/999999/compute", null, HttpStatusCode.NotFound, "999999"),
        new("contributors page negative", As.Anonymous, HttpMethod.Get, "/api/epochs/1/contributors?skip=-1", null, HttpStatusCode.BadRequest, "skip"),
        new("contributors page huge", As.Anonymous, HttpMethod.Get, "/api/epochs/1/contributors?take=1000000", null, HttpStatusCode.BadRequest, "take"),
        new("epoch file unknown", As.Anonymous, HttpMethod.Get, "/api/epochs/999999/files/secrets.txt", null, HttpStatusCode.NotFound, "secrets.txt"),

        // Tracked repositories and ingestion
        new("repository owner with script", As.Steward, HttpMethod.Post, "/api/tracked-repositories", new { host = "github.com", owner = Script, name = "x", licenseName = "MIT" }, HttpStatusCode.BadRequest, "owner"),
        new("repository name too long", As.Steward, HttpMethod.Post, "/api/tracked-repositories", new { host = "github.com", owner = "guild", name = new string('a', 101), licenseName = "MIT" }, HttpStatusCode.BadRequest, "name"),
        new("repository licence with script", As.Steward, HttpMethod.Post, "/api/tracked-repositories", new { host = "github.com", owner = "guild", name = "x", licenseName = Script }, HttpStatusCode.BadRequest, "licenseName"),
        new("repository host not http", As.Steward, HttpMethod.Post, "/api/tracked-repositories", new { host = "javascript:alert(1)", owner = "guild", name = "x", licenseName = "MIT" }, HttpStatusCode.BadRequest, "host"),
        new("repository git source a local file URL", As.Steward, HttpMethod.Post, "/api/tracked-repositories", new { host = "github.com", owner = "guild", name = "x", licenseName = "MIT", gitUrl = "file:///etc" }, HttpStatusCode.BadRequest, "gitUrl"),
        new("repository cron nonsense", As.Steward, HttpMethod.Put, "/api/tracked-repositories/999999", new { licenseName = "MIT", syncCron = "every day" }, HttpStatusCode.BadRequest, "syncCron"),
        new("identity mapping with a bad login", As.Steward, HttpMethod.Post, "/api/ingestion/identity-mappings", new { kind = "GitEmail", value = "a@b.c", login = "-bad-" }, HttpStatusCode.BadRequest, "login"),
        new("identity mapping of a nonsense kind", As.Steward, HttpMethod.Post, "/api/ingestion/identity-mappings", "{\"kind\":\"Telepathy\",\"value\":\"x\",\"login\":\"ok\"}", HttpStatusCode.BadRequest, "JSON"),
        new("papers without a CSV content type", As.Steward, HttpMethod.Post, "/api/ingestion/papers", "doi,title,authors,citations\n", HttpStatusCode.UnsupportedMediaType, "text/csv"),
        new("papers with a negative citation count", As.Steward, HttpMethod.Post, "/api/ingestion/papers", "doi,title,authors,citations\n10.1/x,Paper,alice,-4\n", HttpStatusCode.BadRequest, "line", "text/csv"),
        new("papers over ten megabytes", As.Steward, HttpMethod.Post, "/api/ingestion/papers", new string('x', 11 * 1024 * 1024), HttpStatusCode.RequestEntityTooLarge, "large", "text/csv"),
        new("weight set candidate not JSON", As.Steward, HttpMethod.Post, "/api/weight-sets", new { json = "{weights" }, HttpStatusCode.BadRequest, "json"),
        new("weight set candidate with a negative weight", As.Steward, HttpMethod.Post, "/api/weight-sets", new { json = "{\"format\":\"guild-weights/2\",\"version\":\"x\",\"types\":{\"commit\":-1}}" }, HttpStatusCode.BadRequest, "json"),
        new("weight set candidate note with script", As.Steward, HttpMethod.Post, "/api/weight-sets", new { json = "{}", note = Script }, HttpStatusCode.BadRequest, "note"),
        new("weight set preview not JSON", As.Steward, HttpMethod.Post, "/api/weight-sets/preview", new { json = "[]" }, HttpStatusCode.BadRequest, "json"),
        new("weight set that was never stored", As.Anonymous, HttpMethod.Get, "/api/weight-sets/0xdeadbeef", null, HttpStatusCode.NotFound, "0xdeadbeef"),
        new("flag without a note", As.Steward, HttpMethod.Post, "/api/contributions/1/flag", new { flagged = true, note = " " }, HttpStatusCode.BadRequest, "note"),
        new("flag note with script", As.Steward, HttpMethod.Post, "/api/contributions/1/flag", new { flagged = true, note = Script }, HttpStatusCode.BadRequest, "note"),
        new("flag of a contribution that does not exist", As.Steward, HttpMethod.Post, "/api/contributions/999999999/flag", new { flagged = true, note = "spam" }, HttpStatusCode.NotFound, "999999999"),
        new("review queue page huge", As.Steward, HttpMethod.Get, "/api/contributions/flags?take=100000", null, HttpStatusCode.BadRequest, "take"),
        new("merge of people who do not exist", As.Steward, HttpMethod.Post, "/api/people/merges", new { from = "person:999998", into = "person:999999", reason = "same" }, HttpStatusCode.NotFound, "person"),
        new("merge without a reason", As.Steward, HttpMethod.Post, "/api/people/merges", new { from = "person:1", into = "person:2" }, HttpStatusCode.BadRequest, "reason"),

        // Roles
        new("grant a role that does not exist", As.Steward, HttpMethod.Put, "/api/users/no-such-user/roles/Emperor", null, HttpStatusCode.NotFound, "Emperor"),

        // Wallets and claims
        new("wallet challenge for a malformed address", As.Member, HttpMethod.Post, "/api/me/wallet/challenges", new { address = "0x1234" }, HttpStatusCode.BadRequest, "address"),
        new("wallet challenge for the zero address", As.Member, HttpMethod.Post, "/api/me/wallet/challenges", new { address = "0x0000000000000000000000000000000000000000" }, HttpStatusCode.BadRequest, "address"),
        new("wallet link for a nonce never issued", As.Member, HttpMethod.Post, "/api/me/wallet", new { nonce = "0123456789abcdef0123456789abcdef", signature = "0x" + new string('1', 130) }, HttpStatusCode.NotFound, "challenge"),
        new("claim of a malformed address", As.Anonymous, HttpMethod.Get, "/api/claims/0xnothex", null, HttpStatusCode.BadRequest, "address"),

        // Organisations
        new("organisation without a name", As.Company, HttpMethod.Post, "/api/organisations", new { name = "  " }, HttpStatusCode.BadRequest, "name"),
        new("organisation name with script", As.Company, HttpMethod.Post, "/api/organisations", new { name = Script }, HttpStatusCode.BadRequest, "name"),
        new("organisation name of a thousand characters", As.Company, HttpMethod.Post, "/api/organisations", new { name = new string('a', 1000) }, HttpStatusCode.BadRequest, "name"),
        new("invitation to an organisation one is not in", As.Company, HttpMethod.Post, "/api/organisations/999999/invitations", new { email = "x@example.org" }, HttpStatusCode.NotFound, "organisation"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_AnswersItsProblem_AndChangesNothing(Case bad)
    {
        var client = await ClientAsync(bad.Caller);
        var before = await FingerprintAsync();
        var sent = await SentAsync();

        using var request = new HttpRequestMessage(bad.Method, bad.Path);
        if (bad.Body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, bad.ContentType ?? "application/json");
        }
        else if (bad.Body is not null)
        {
            request.Content = JsonContent.Create(bad.Body);
        }
        // As a browser's upload does, a large body waits for the server's go-ahead: refused by size, it is never sent.
        request.Headers.ExpectContinue = request.Content?.Headers.ContentLength > 1024 * 1024;
        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(bad.Status == response.StatusCode, $"{bad.Name}: expected {(int)bad.Status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        var named = problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Name.Equals(bad.Reason, StringComparison.OrdinalIgnoreCase));
        Assert.True(named || text.Contains(bad.Reason, StringComparison.OrdinalIgnoreCase), $"{bad.Name}: the problem does not name '{bad.Reason}': {text}");
        Assert.True(problem.TryGetProperty("traceId", out _), $"{bad.Name}: no trace id: {text}");
        Assert.DoesNotContain("   at ", text); // no stack trace
        Assert.Equal(before, await FingerprintAsync());
        Assert.Equal(sent, await SentAsync());
    }

    private readonly Dictionary<As, HttpClient> clients = [];

    private async Task<HttpClient> ClientAsync(As caller)
    {
        if (!clients.TryGetValue(caller, out var client))
        {
            var role = caller switch { As.Steward => GuildRoles.Steward, As.Company => GuildRoles.Company, As.Member => GuildRoles.Member, _ => null };
            if (role is null)
            {
                client = portal.CreateBrowserlikeClient();
            }
            else
            {
                var email = $"{role.ToLowerInvariant()}+{Guid.NewGuid():N}@guild.test";
                await portal.CreateUserAsync(email, Password, role);
                client = await portal.LoginAsync(email, Password);
            }
            clients[caller] = client;
        }
        return client;
    }

    /// <summary>Every table's content (md5 of its rows), but those background jobs write on their own schedule.</summary>
    private async Task<string> FingerprintAsync()
    {
        string[] background = ["ChainEvents", "ChainHeads", "IndexedBlocks", "DataProtectionKeys", "OutgoingMails", "__EFMigrationsHistory"];
        await using var db = new NpgsqlConnection(portal.DatabaseConnectionString);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1", db))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var fingerprint = new StringBuilder();
        foreach (var table in tables.Except(background))
        {
            await using var hash = new NpgsqlCommand($"select coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') from \"{table}\" t", db);
            fingerprint.Append(table).Append('=').Append(await hash.ExecuteScalarAsync()).Append(';');
        }
        return fingerprint.ToString();
    }

    /// <summary>How many transactions the portal's signer (which deployed its contracts and publishes roots) has sent.</summary>
    private async Task<BigInteger> SentAsync()
    {
        var signer = await portal.Services.GetRequiredService<Guild.Chain.Signing.ChainSigner>().GetAsync();
        return (await new Web3(Guild.Testing.TestEnvironment.SharedAnvilRpc).Eth.Transactions.GetTransactionCount.SendRequestAsync(signer.Address)).Value;
    }
}
