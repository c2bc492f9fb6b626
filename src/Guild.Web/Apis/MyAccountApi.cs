using System.Globalization;
using Guild.Chain;
using Guild.Chain.Wallets;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Web.Accounts;
using Guild.Web.Epochs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Apis;

/// <summary>The signed-in contributor's own account: their GitHub link, wallet and allocations; linking a wallet by signature.</summary>
public static class MyAccountApi
{
    public sealed record AllocationLine(long Epoch, string Status, double ScoreShare, string EpochWei, string PaidWei, string CarriedWei, string? Wallet, string? Exclusion);

    public sealed record MyAccountResponse(string? Email, string? GitHubLogin, string? Contributor, string? Wallet, AllocationLine[] Allocations);

    public sealed record WalletChallengeRequest(string? Address);

    public sealed record WalletChallengeResponse(string Nonce, string Address, long ChainId, string Contract, string Message, DateTimeOffset ExpiresAt);

    public sealed record WalletLinkRequest(string? Nonce, string? Signature);

    public sealed record WalletResponse(string Contributor, string Address, DateTimeOffset LinkedAt);

    public static IEndpointRouteBuilder MapMyAccountApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("My account").RequireAuthorization();
        me.MapGet("/", GetAsync).WithName("GetMyAccount").WithSummary("The signed-in account's GitHub login, wallet and allocations per epoch");
        me.MapPost("/wallet/challenges", ChallengeAsync).WithName("IssueWalletChallenge")
            .WithSummary("A message to sign with the wallet to link (names the chain id, the distributor and a nonce; valid 15 minutes, once)");
        me.MapPost("/wallet", LinkAsync).WithName("LinkWallet").WithSummary("Link the wallet that signed a challenge; rewards go to it from the next epoch on");
        return app;
    }

    public static async Task<Ok<MyAccountResponse>> GetAsync(HttpContext context, UserManager<GuildUser> users, GuildDbContext db, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var login = user is null ? null : await users.LinkedLoginAsync(user);
        if (login is null)
        {
            return TypedResults.Ok(new MyAccountResponse(user?.Email, null, null, null, []));
        }
        var rewards = await ContributorRewards.LoadAsync(db, login, cancellationToken);
        return TypedResults.Ok(new MyAccountResponse(user!.Email, login, rewards.Contributor, rewards.Wallet, rewards.Lines
            .Select(x => new AllocationLine(x.Line.Epoch, x.Status.ToString(), x.Line.ScoreShare, Wei(x.Line.EpochWei), Wei(x.Line.PaidWei), Wei(x.Line.CarriedWei), x.Line.Wallet, x.Line.Exclusion))
            .ToArray()));
    }

    public static async Task<Results<Created<WalletChallengeResponse>, ValidationProblem, ProblemHttpResult>> ChallengeAsync(
        WalletChallengeRequest request, HttpContext context, UserManager<GuildUser> users, WalletLinking linking, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null || await users.LinkedLoginAsync(user) is not { } login)
        {
            return TypedResults.Problem("A wallet is paid the rewards of a GitHub login: link GitHub on /me, then the wallet.",
                statusCode: StatusCodes.Status409Conflict, title: "Link your GitHub account first");
        }
        var outcome = await linking.IssueAsync(user.Id, login, request.Address, Origin(context.Request), cancellationToken);
        switch (outcome.Error)
        {
            case InvalidInputError invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "No message was issued");
            case { } error:
                return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "No message was issued");
        }
        var c = outcome.Value!;
        return TypedResults.Created("/api/me/wallet", new WalletChallengeResponse(c.Nonce, c.Address, c.ChainId, c.Contract, c.Message, c.ExpiresAt));
    }

    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> LinkAsync(
        WalletLinkRequest request, HttpContext context, UserManager<GuildUser> users, WalletLinking linking, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(context.User);
        var outcome = await linking.LinkAsync(user!.Id, await users.LinkedLoginAsync(user), request.Nonce, request.Signature, cancellationToken);
        return outcome.Error switch
        {
            WalletChallengeNotFoundError e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "No such challenge"),
            WalletSignatureMismatchError e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The signature does not match"),
            { } e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The challenge cannot be used"),
            null => TypedResults.Ok(new WalletResponse(outcome.Value!.Contributor, outcome.Value.Address, outcome.Value.LinkedAt)),
        };
    }

    public static Uri Origin(HttpRequest request) => new($"{request.Scheme}://{request.Host}");

    private static string Wei(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
