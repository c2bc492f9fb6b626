using System.Globalization;
using Guild.Chain.Wallets;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
using Guild.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Apis;

/// <summary>The signed-in account: its GitHub accounts, wallet and allocations; linking a wallet with Sign-In with Ethereum (any account, GitHub or not).</summary>
public static class MyAccountApi
{
    public sealed record AllocationLine(long Epoch, string Contributor, string Status, double ScoreShare, string EpochWei, string PaidWei, string CarriedWei, string? Wallet, string? Exclusion);

    /// <param name="Contributor">The person the account acts for, as epochs name them (<c>person:{id}</c>).</param>
    public sealed record MyAccountResponse(string? Email, string? GitHubLogin, string[] GitHubLogins, string? Contributor, string? Wallet, AllocationLine[] Allocations);

    public sealed record WalletChallengeRequest(string? Address);

    /// <param name="Message">The EIP-4361 text to sign, exactly.</param>
    /// <param name="Siwe">The same message as its EIP-4361 fields, for a client that builds the text itself (<c>new SiweMessage(siwe)</c> in the npm <c>siwe</c> library gives the same text).</param>
    public sealed record WalletChallengeResponse(string Nonce, string Address, long ChainId, string Contract, string Message, DateTimeOffset ExpiresAt, SiweFields Siwe);

    public sealed record SiweFields(string Domain, string Address, string? Statement, string Uri, string Version, long ChainId, string Nonce, string IssuedAt,
        string? ExpirationTime, string[] Resources);

    /// <param name="Nonce">The challenge; may be left out when <paramref name="Message"/> is given (its nonce names it).</param>
    /// <param name="Message">The signed text; when left out, the challenge's message is taken as signed.</param>
    /// <param name="Signature">EIP-191 signature: 65 bytes from an account's key, or what a contract wallet accepts under EIP-1271.</param>
    public sealed record WalletLinkRequest(string? Nonce, string? Signature, string? Message = null);

    public sealed record WalletResponse(string Contributor, string Address, DateTimeOffset LinkedAt);

    public static IEndpointRouteBuilder MapMyAccountApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("My account").RequireAuthorization();
        me.MapGet("/", GetAsync).WithName("GetMyAccount").WithSummary("The signed-in account's GitHub accounts, wallet and allocations per epoch");
        me.MapPost("/wallet/challenges", ChallengeAsync).WithName("IssueWalletChallenge")
            .WithSummary("A Sign-In with Ethereum (EIP-4361) message to sign with the wallet to link: names this portal, the account's person, the chain id, the distributor and a nonce; valid 15 minutes, once");
        me.MapPost("/wallet", LinkAsync).WithName("LinkWallet")
            .WithSummary("Link the wallet that signed a challenge (an account key, or a contract wallet through EIP-1271); rewards go to it from the next epoch on");
        me.MapDelete("/wallet", UnlinkAsync).WithName("UnlinkWallet")
            .WithSummary("Unlink the wallet: rewards accrue again until another is linked; what published trees owe it stays claimable");
        return app;
    }

    public static async Task<Ok<MyAccountResponse>> GetAsync(HttpContext context, UserManager<GuildUser> users, GuildDbContext db, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var rewards = await ContributorRewards.LoadAsync(db, user!.Id, cancellationToken);
        return TypedResults.Ok(new MyAccountResponse(user.Email, rewards.GitHubLogins.FirstOrDefault(), [.. rewards.GitHubLogins], rewards.Contributor, rewards.Wallet, rewards.Lines
            .Select(x => new AllocationLine(x.Line.Epoch, x.Line.Contributor, x.Status.ToString(), x.Line.ScoreShare, Wei(x.Line.EpochWei), Wei(x.Line.PaidWei),
                Wei(x.Line.CarriedWei), x.Line.Wallet, x.Line.Exclusion))
            .ToArray()));
    }

    public static async Task<Results<Created<WalletChallengeResponse>, ValidationProblem, ProblemHttpResult>> ChallengeAsync(
        WalletChallengeRequest request, HttpContext context, UserManager<GuildUser> users, MyWallet wallet, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var outcome = await wallet.IssueAsync(user!, request.Address, cancellationToken);
        switch (outcome.Error)
        {
            case InvalidInputError invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "No message was issued");
            case { } error:
                return TypedResults.Problem(DomainProblems.ToProblem(error, "No message was issued"));
        }
        var c = outcome.Value!;
        SiweMessage.TryParse(c.Message, out var siwe, out _);
        return TypedResults.Created("/api/me/wallet", new WalletChallengeResponse(c.Nonce, c.Address, c.ChainId, c.Contract, c.Message, c.ExpiresAt,
            new SiweFields(siwe!.Domain, siwe.Address, siwe.Statement, siwe.Uri, siwe.Version, siwe.ChainId, siwe.Nonce, siwe.IssuedAt, siwe.ExpirationTime, [.. siwe.Resources])));
    }

    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> LinkAsync(
        WalletLinkRequest request, HttpContext context, UserManager<GuildUser> users, MyWallet wallet, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var outcome = await wallet.LinkAsync(user!, request.Nonce, request.Message, request.Signature, cancellationToken);
        if (outcome.Error is { } error)
        {
            return TypedResults.Problem(DomainProblems.ToProblem(error, error switch
            {
                WalletChallengeNotFoundError => "No such challenge",
                WalletSignatureMismatchError or WalletContractRefusedSignatureError => "The signature does not match",
                WalletMessageMalformedError => "Not a Sign-In with Ethereum message",
                WalletMessageMismatchError => "The message is not the one issued",
                WalletTakenError => "The wallet belongs to another contributor",
                _ => "The challenge cannot be used",
            }));
        }
        return TypedResults.Ok(new WalletResponse(Guild.Core.People.Person.KeyOf(outcome.Value!.PersonId), outcome.Value.Address, outcome.Value.LinkedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnlinkAsync(
        HttpContext context, UserManager<GuildUser> users, MyWallet wallet, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        return await wallet.UnlinkAsync(user!, cancellationToken) is null
            ? TypedResults.Problem("This account has no wallet linked.", statusCode: StatusCodes.Status404NotFound, title: "No wallet")
            : TypedResults.NoContent();
    }

    private static string Wei(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
