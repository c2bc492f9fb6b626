using System.Globalization;
using Guild.Chain.Wallets;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Web.Epochs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Apis;

/// <summary>The signed-in contributor's own account: their GitHub accounts, wallet and allocations; linking a wallet by signature.</summary>
public static class MyAccountApi
{
    public sealed record AllocationLine(long Epoch, string Contributor, string Status, double ScoreShare, string EpochWei, string PaidWei, string CarriedWei, string? Wallet, string? Exclusion);

    /// <param name="Contributor">The person the account acts for, as epochs name them (<c>person:{id}</c>).</param>
    public sealed record MyAccountResponse(string? Email, string? GitHubLogin, string[] GitHubLogins, string? Contributor, string? Wallet, AllocationLine[] Allocations);

    public sealed record WalletChallengeRequest(string? Address);

    public sealed record WalletChallengeResponse(string Nonce, string Address, long ChainId, string Contract, string Message, DateTimeOffset ExpiresAt);

    public sealed record WalletLinkRequest(string? Nonce, string? Signature);

    public sealed record WalletResponse(string Contributor, string Address, DateTimeOffset LinkedAt);

    public static IEndpointRouteBuilder MapMyAccountApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("My account").RequireAuthorization();
        me.MapGet("/", GetAsync).WithName("GetMyAccount").WithSummary("The signed-in account's GitHub accounts, wallet and allocations per epoch");
        me.MapPost("/wallet/challenges", ChallengeAsync).WithName("IssueWalletChallenge")
            .WithSummary("A message to sign with the wallet to link (names the chain id, the distributor and a nonce; valid 15 minutes, once)");
        me.MapPost("/wallet", LinkAsync).WithName("LinkWallet").WithSummary("Link the wallet that signed a challenge; rewards go to it from the next epoch on");
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
        WalletChallengeRequest request, HttpContext context, UserManager<GuildUser> users, GuildDbContext db, WalletLinking linking, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var rewards = await ContributorRewards.LoadAsync(db, user!.Id, cancellationToken);
        if (rewards.Person is not { } person)
        {
            return TypedResults.Problem("A wallet is paid the rewards of a person: link the GitHub account your work is recorded under on /me, then the wallet.",
                statusCode: StatusCodes.Status409Conflict, title: "Link your GitHub account first");
        }
        var outcome = await linking.IssueAsync(user.Id, person.Id, rewards.Payee, request.Address, Origin(context.Request), cancellationToken);
        switch (outcome.Error)
        {
            case InvalidInputError invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "No message was issued");
            case { } error:
                // Too many open challenges: the person should sign one of them or wait.
                return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "No message was issued");
        }
        var c = outcome.Value!;
        return TypedResults.Created("/api/me/wallet", new WalletChallengeResponse(c.Nonce, c.Address, c.ChainId, c.Contract, c.Message, c.ExpiresAt));
    }

    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> LinkAsync(
        WalletLinkRequest request, HttpContext context, UserManager<GuildUser> users, GuildDbContext db, WalletLinking linking, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var rewards = await ContributorRewards.LoadAsync(db, user!.Id, cancellationToken);
        var outcome = await linking.LinkAsync(user.Id, rewards.Person?.Id, request.Nonce, request.Signature, cancellationToken);
        if (outcome.Error is { } error)
        {
            return TypedResults.Problem(DomainProblems.ToProblem(error, error switch
            {
                WalletChallengeNotFoundError => "No such challenge",
                WalletSignatureMismatchError => "The signature does not match",
                WalletTakenError => "The wallet belongs to another contributor",
                _ => "The challenge cannot be used",
            }));
        }
        return TypedResults.Ok(new WalletResponse(rewards.Person!.Key, outcome.Value!.Address, outcome.Value.LinkedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnlinkAsync(
        HttpContext context, UserManager<GuildUser> users, GuildDbContext db, WalletLinking linking, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var rewards = await ContributorRewards.LoadAsync(db, user!.Id, cancellationToken);
        if (rewards.Person is not { } person || await linking.UnlinkAsync(person.Id, cancellationToken) is null)
        {
            return TypedResults.Problem("This account has no wallet linked.", statusCode: StatusCodes.Status404NotFound, title: "No wallet");
        }
        return TypedResults.NoContent();
    }

    public static Uri Origin(HttpRequest request) => new($"{request.Scheme}://{request.Host}");

    private static string Wei(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
