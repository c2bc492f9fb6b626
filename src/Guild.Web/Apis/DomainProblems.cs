using Guild.Chain.Wallets;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Contributions;
using Guild.Core.Governance;
using Guild.Core.Licensing;
using Guild.Core.Organisations;
using Guild.Core.People;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Apis;

/// <summary>
/// The one place a refused domain action becomes HTTP: invalid input is 400 with the fields, something missing is 404,
/// a signature that does not match is 400, too many messages waiting for a signature is 429, and a move the current state
/// forbids is 409. Pages use the same status.
/// </summary>
public static class DomainProblems
{
    public static int StatusOf(DomainError error) => error switch
    {
        InvalidInputError or WalletSignatureMismatchError or WalletChallengeSpentError or WalletContractRefusedSignatureError
            or WalletMessageMalformedError or WalletMessageMismatchError => StatusCodes.Status400BadRequest,
        EpochNotFoundError or TrackedRepositoryNotFoundError or WalletChallengeNotFoundError or PersonNotFoundError => StatusCodes.Status404NotFound,
        ContributionNotFoundError or WeightSetNotFoundError => StatusCodes.Status404NotFound,
        AccountNotFoundError or OrganisationNotFoundError or UnknownRoleError => StatusCodes.Status404NotFound,
        DeclarationSignatureInvalidError or DeclarationExpiredError or DeclarationForAnotherCompanyError => StatusCodes.Status400BadRequest,
        DeclarationNotFoundError => StatusCodes.Status404NotFound,
        NotAStewardError or NotACompanyAccountError or InvitationForAnotherEmailError => StatusCodes.Status403Forbidden,
        WalletChallengesWaitingError => StatusCodes.Status429TooManyRequests,
        MarkdownUnsafeError or VoteSignatureMismatchError or DelegationSignatureError => StatusCodes.Status400BadRequest,
        RoadmapProposalNotFoundError => StatusCodes.Status404NotFound,
        NoWalletError or ProposerPowerTooLowError or NoVotingPowerError => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status409Conflict,
    };

    public static ProblemDetails ToProblem(DomainError error, string title) => new()
    {
        Status = StatusOf(error),
        Title = title,
        Detail = error.Message,
    };

    /// <summary>The typed result for a refusal: a validation problem for bad input, otherwise problem details with the reason.</summary>
    public static IResult ToResult(DomainError error, string title) => error is InvalidInputError invalid
        ? TypedResults.ValidationProblem(invalid.Errors, title: title)
        : TypedResults.Problem(ToProblem(error, title));

    /// <summary>The lines a page shows for a refusal.</summary>
    public static IReadOnlyList<string> Lines(DomainError error) => error is InvalidInputError invalid
        ? invalid.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")).ToList()
        : [error.Message];
}
