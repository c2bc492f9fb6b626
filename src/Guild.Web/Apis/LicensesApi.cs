using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Chain.Licensing;
using Guild.Core;
using Guild.Core.Licensing;
using Guild.Web.Accounts;
using Guild.Web.Licensing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Apis;

/// <summary>
/// Licences. Anyone: a live quote (read from the chain), the register and one company's licence (from the indexed
/// events, with ETag and Cache-Control), and an SVG badge. A company's members: choose the licence wallet, declare
/// revenue (typed data to sign, then the signed declaration), prepare the wallet's transactions, and report one sent.
/// </summary>
public static class LicensesApi
{
    /// <summary>How long a cache may keep a licence answer (shorter when the licence expires sooner).</summary>
    public const int MaxAgeSeconds = 30;

    public sealed record QuoteResponse(string RevenueUsd, string ThresholdUsd, string Rate, string AgiPriceUsd, string EthPriceUsd, int StablecoinDecimals,
        long MinTermSeconds, string RequiredWei, string LockedWei, string ShortfallWei, string CostWei, string CostStablecoinUnits, string CostUsd,
        string ReserveWei, bool ReserveCovers, bool FreeAttestation);

    public sealed record RegisterItem(string Address, string? Company, bool Licensed, bool Revoked, string StakeWei, string RequiredWei, DateTimeOffset ExpiresAt,
        int FiscalYear, string DeclarationHash);

    public sealed record HolderResponse(long OrganisationId, string Organisation, string? Wallet, bool RemindersOn, string? MyWallet);

    public sealed record RemindersRequest(bool On);

    public sealed record DeclarationRequest(
        [property: JsonConverter(typeof(RawTextConverter))] string? LegalName,
        [property: JsonConverter(typeof(RawTextConverter))] string? FiscalYear,
        [property: JsonConverter(typeof(RawTextConverter))] string? RevenueUsd,
        string? StatementUri, string? StatementHash);

    public sealed record SignedDeclarationRequest(
        string? Company,
        [property: JsonConverter(typeof(RawTextConverter))] string? LegalName,
        [property: JsonConverter(typeof(RawTextConverter))] string? FiscalYear,
        [property: JsonConverter(typeof(RawTextConverter))] string? RevenueUsd,
        string? StatementUri, string? StatementHash,
        [property: JsonConverter(typeof(RawTextConverter))] string? Nonce,
        [property: JsonConverter(typeof(RawTextConverter))] string? Deadline,
        string? Signature);

    public sealed record TypedDataResponse(JsonElement TypedData, string Digest, string Company, string Nonce, string Deadline);

    public sealed record DeclarationResponse(long Id, string Company, string LegalName, int FiscalYear, string RevenueUsd, string StatementUri, string StatementHash,
        long Nonce, DateTimeOffset Deadline, string Digest, string Signature, DateTimeOffset CreatedAt);

    public sealed record TransactionRequest(long DeclarationId, LicenseAction Action, LicensePayment Payment, int TermYears = 1);

    /// <param name="Gas">The gas limit to send it with: the estimate with headroom (a registry call waiting for its approval gets a fixed 400,000).</param>
    public sealed record CallResponse(string Purpose, string To, string Data, string Value, string? Gas);

    public sealed record PreparedResponse(string Action, string Payment, long TermSeconds, QuoteResponse Quote, string MaxCost, DateTimeOffset Deadline,
        long DeclarationId, string From, CallResponse[] Calls);

    public sealed record ConfirmedResponse(string TransactionHash, long BlockNumber, bool Succeeded);

    public static IEndpointRouteBuilder MapLicensesApi(this IEndpointRouteBuilder app)
    {
        var licenses = app.MapGroup("/api/licenses").WithTags("Licences").AllowAnonymous();
        licenses.MapGet("/quote", QuoteAsync).WithName("GetLicenseQuote")
            .WithSummary("The stake a declared revenue requires and its price in ETH and in the stablecoin, with the governed parameters read from the chain now");
        licenses.MapGet("/", RegisterAsync).WithName("GetLicenseRegister")
            .WithSummary("The public register: every company that recorded a licence, filtered by a name or address fragment (from the indexed chain events)");
        licenses.MapGet("/{address}", LicenceAsync).WithName("GetLicense")
            .WithSummary("Whether an address holds a licence now, from the indexed chain events; with ETag and Cache-Control");
        app.MapGet("/badges/licenses/{address}.svg", BadgeAsync).WithTags("Licences").WithName("GetLicenseBadge")
            .WithSummary("An embeddable SVG badge: 'AGI licence | active until 2027-11', or why there is none").AllowAnonymous();

        // The Company role at the door; membership of the organisation is checked by CompanyLicenseAccess.
        var company = app.MapGroup("/api/organisations/{id:long}/license").WithTags("Licences").RequireAuthorization(GuildPolicies.Company);
        company.MapGet("/", HolderAsync).WithName("GetCompanyLicenseHolder").WithSummary("The organisation's licence wallet and reminder setting (members only)");
        company.MapPut("/wallet", UseMyWalletAsync).WithName("UseMyWalletForLicense")
            .WithSummary("Make the wallet linked to your account (on /me) the organisation's licence wallet");
        company.MapPut("/reminders", RemindersAsync).WithName("SetLicenseReminders").WithSummary("Turn the reminder mails (60, 30, 7 days, under-staked) on or off");
        company.MapPost("/declarations/typed-data", TypedDataAsync).WithName("PrepareRevenueDeclaration")
            .WithSummary("Check a revenue declaration and get the EIP-712 typed data the licence wallet signs (eth_signTypedData_v4)");
        company.MapPost("/declarations", DeclareAsync).WithName("DeclareRevenue")
            .WithSummary("Store a signed revenue declaration after checking the signature as the registry will");
        company.MapGet("/declarations", DeclarationsAsync).WithName("GetRevenueDeclarations").WithSummary("The organisation's signed declarations, newest first");
        company.MapPost("/transactions", PrepareAsync).WithName("PrepareLicenseTransaction")
            .WithSummary("The transactions the licence wallet sends to buy, top up or renew under a declaration, with a maximum cost and a deadline, checked by a dry run");
        company.MapPost("/transactions/{hash}", ConfirmAsync).WithName("ConfirmLicenseTransaction")
            .WithSummary("Report a sent licence transaction: the portal waits for it and indexes it at once");
        return app;
    }

    public static async Task<IResult> QuoteAsync(string? revenueUsd, string? company, LicenseService licences, CancellationToken cancellationToken)
    {
        var (revenue, problem) = DeclarationRules.ParseRevenueUsd(revenueUsd);
        var errors = new Dictionary<string, string[]>();
        if (problem is not null)
        {
            errors["revenueUsd"] = [problem];
        }
        var wallet = company is null ? null : LicenseRegister.Normalize(company);
        if (company is not null && wallet is null)
        {
            errors["company"] = ["must be a 20-byte hex address"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "No quote");
        }
        return TypedResults.Ok(Quote(await licences.QuoteAsync(revenue!.Value, wallet, cancellationToken)));
    }

    public static async Task<Ok<RegisterItem[]>> RegisterAsync(string? search, LicenseRegister register, TimeProvider time, CancellationToken cancellationToken)
    {
        var snapshot = await register.CurrentAsync(cancellationToken);
        return TypedResults.Ok(snapshot.Search(search, time.GetUtcNow()).Take(500).Select(e => new RegisterItem(e.Address, e.Company, e.Licensed, e.State.Revoked,
            Wei(e.State.LockedWei), Wei(e.RequiredWei), e.State.Expiry, e.State.FiscalYear, e.State.DeclarationHash)).ToArray());
    }

    /// <summary>The hot path: memory only, a precomputed body, 304 when the client has it.</summary>
    public static async Task<IResult> LicenceAsync(string address, HttpContext context, LicenseRegister register, CancellationToken cancellationToken)
    {
        if (LicenseRegister.Normalize(address) is not { } lower)
        {
            return TypedResults.Problem($"'{address}' is not a 20-byte hex address.", statusCode: StatusCodes.Status400BadRequest, title: "Not an address");
        }
        var answer = (await register.CurrentAsync(cancellationToken)).Answer(lower);
        return new CachedAnswer(answer.ETag, answer.ValidUntil, "application/json; charset=utf-8", answer.Json);
    }

    public static async Task<IResult> BadgeAsync(string address, LicenseRegister register, TimeProvider time, CancellationToken cancellationToken)
    {
        if (LicenseRegister.Normalize(address) is not { } lower)
        {
            return TypedResults.Problem($"'{address}' is not a 20-byte hex address.", statusCode: StatusCodes.Status400BadRequest, title: "Not an address");
        }
        var answer = (await register.CurrentAsync(cancellationToken)).Answer(lower);
        var svg = LicenseBadge.Svg(answer.Entry, time.GetUtcNow());
        return new CachedAnswer(answer.ETag, answer.ValidUntil, "image/svg+xml; charset=utf-8", svg);
    }

    public static async Task<IResult> HolderAsync(long id, HttpContext context, UserManager<Core.Accounts.GuildUser> users, CompanyLicenseAccess access, CancellationToken cancellationToken)
    {
        var outcome = await access.ForAsync(id, users.GetUserId(context.User)!, cancellationToken);
        return outcome.Error is { } error ? DomainProblems.ToResult(error, "No licence holder") : TypedResults.Ok(Holder(outcome.Value!));
    }

    public static async Task<IResult> UseMyWalletAsync(long id, HttpContext context, UserManager<Core.Accounts.GuildUser> users, CompanyLicenseAccess access, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(context.User)!;
        var outcome = await access.UseMyWalletAsync(id, userId, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The licence wallet was not changed")
            : TypedResults.Ok(Holder((await access.ForAsync(id, userId, cancellationToken)).Value!));
    }

    public static async Task<IResult> RemindersAsync(long id, RemindersRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        CompanyLicenseAccess access, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(context.User)!;
        var outcome = await access.SetRemindersAsync(id, userId, request.On, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The reminders were not changed")
            : TypedResults.Ok(Holder((await access.ForAsync(id, userId, cancellationToken)).Value!));
    }

    public static async Task<IResult> TypedDataAsync(long id, DeclarationRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        DeclareRevenue declare, CancellationToken cancellationToken)
    {
        var outcome = await declare.PrepareAsync(id, users.GetUserId(context.User)!, Input(request.LegalName, request.FiscalYear, request.RevenueUsd, request.StatementUri, request.StatementHash), cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "The declaration is not valid");
        }
        var prepared = outcome.Value!;
        using var typedData = JsonDocument.Parse(prepared.TypedData);
        return TypedResults.Ok(new TypedDataResponse(typedData.RootElement.Clone(), prepared.Digest, prepared.Declaration.Company,
            prepared.Declaration.Nonce.ToString(CultureInfo.InvariantCulture), prepared.Declaration.Deadline.ToString(CultureInfo.InvariantCulture)));
    }

    public static async Task<IResult> DeclareAsync(long id, SignedDeclarationRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        DeclareRevenue declare, CancellationToken cancellationToken)
    {
        var input = new SignedDeclarationInput(request.Company, Input(request.LegalName, request.FiscalYear, request.RevenueUsd, request.StatementUri, request.StatementHash),
            request.Nonce, request.Deadline, request.Signature);
        var outcome = await declare.SubmitAsync(id, users.GetUserId(context.User)!, input, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The declaration was not stored")
            : TypedResults.Created($"/api/organisations/{id}/license/declarations/{outcome.Value!.Id}", Declaration(outcome.Value));
    }

    public static async Task<IResult> DeclarationsAsync(long id, HttpContext context, UserManager<Core.Accounts.GuildUser> users, CompanyLicenseAccess access,
        Core.Data.GuildDbContext db, CancellationToken cancellationToken)
    {
        var outcome = await access.ForAsync(id, users.GetUserId(context.User)!, cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "No declarations");
        }
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.LicenseDeclarations.Where(d => d.OrganisationId == id).OrderByDescending(d => d.Id), cancellationToken);
        return TypedResults.Ok(rows.Select(Declaration).ToArray());
    }

    public static async Task<IResult> PrepareAsync(long id, TransactionRequest request, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        LicenseTransactions transactions, CancellationToken cancellationToken)
    {
        var outcome = await transactions.PrepareAsync(id, users.GetUserId(context.User)!, request.DeclarationId, request.Action, request.Payment, request.TermYears, cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "Nothing to send");
        }
        var prepared = outcome.Value!;
        return TypedResults.Ok(new PreparedResponse(prepared.Action.ToString(), prepared.Payment.ToString(), prepared.TermSeconds, Quote(prepared.Quote),
            Wei(prepared.MaxCost), prepared.Deadline, prepared.Declaration.Id, prepared.Declaration.Company,
            prepared.Calls.Select(c => new CallResponse(c.Purpose, c.To, c.Data, Wei(c.Value), c.Gas is { } gas ? Wei(gas) : null)).ToArray()));
    }

    public static async Task<IResult> ConfirmAsync(long id, string hash, HttpContext context, UserManager<Core.Accounts.GuildUser> users,
        LicenseTransactions transactions, CancellationToken cancellationToken)
    {
        var outcome = await transactions.ConfirmAsync(id, users.GetUserId(context.User)!, hash, cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The transaction did not record a licence")
            : TypedResults.Ok(new ConfirmedResponse(hash, (long)outcome.Value!.BlockNumber.Value, true));
    }

    public static QuoteResponse Quote(LicenseQuote q) => new(Wei(q.RevenueUsd), Wei(q.Terms.RevenueThresholdUsd), Wei(q.Terms.Rate), Wei(q.Terms.AgiPriceUsd),
        Wei(q.Terms.EthPriceUsd), q.Terms.StablecoinDecimals, q.Terms.MinTermSeconds, Wei(q.RequiredWei), Wei(q.LockedWei), Wei(q.ShortfallWei), Wei(q.CostWei),
        Wei(q.CostStablecoinUnits), Wei(q.CostUsd), Wei(q.ReserveWei), q.ReserveCovers, q.IsFreeAttestation);

    private static HolderResponse Holder(CompanyContext c) => new(c.Organisation.Id, c.Organisation.Name, c.Holder?.Wallet, c.Holder is null || !c.Holder.RemindersOff, c.MyWallet);

    private static DeclarationResponse Declaration(LicenseDeclaration d) => new(d.Id, d.Company, d.LegalName, d.FiscalYear, Wei(d.RevenueUsd), d.StatementUri,
        d.StatementHash, d.Nonce, d.Deadline, d.Digest, d.Signature, d.CreatedAt);

    private static DeclarationInput Input(string? legalName, string? fiscalYear, string? revenueUsd, string? statementUri, string? statementHash) =>
        new(legalName, fiscalYear, revenueUsd, statementUri, statementHash);

    private static string Wei(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes a precomputed body with its ETag and a short public cache lifetime (never past the licence's expiry), or
    /// 304 when the client already has it.
    /// </summary>
    private sealed class CachedAnswer(string etag, DateTimeOffset validUntil, string contentType, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            var seconds = validUntil == DateTimeOffset.MaxValue ? MaxAgeSeconds
                : (int)Math.Clamp((validUntil - DateTimeOffset.UtcNow).TotalSeconds, 0, MaxAgeSeconds);
            response.Headers.ETag = etag;
            response.Headers.CacheControl = seconds > 0 ? $"public, max-age={seconds}" : "no-cache";
            var match = context.Request.Headers.IfNoneMatch;
            if (match.Count > 0 && (match.ToString() == etag || match.ToString() == "*" || match.ToString().Contains(etag, StringComparison.Ordinal)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        }
    }

    /// <summary>Reads a JSON string or number as its exact text, so huge or malformed figures reach the validation that explains them.</summary>
    public sealed class RawTextConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
            JsonTokenType.Null => null,
            _ => throw new JsonException("expected a string or a number"),
        };

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
