using System.Globalization;
using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Core.Accounts;
using Guild.Core.Governance;
using Guild.Web.Members;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Apis;

/// <summary>
/// Roadmap proposals, voted off-chain by EIP-712 signatures: anyone reads proposals, results and the signed votes
/// (CSV or JSON, for <c>guild-audit recount</c>); members open proposals; anyone submits a signed vote, since the
/// signature, not a session, says who votes, and the voter's power at the snapshot says how much it weighs.
/// </summary>
public static class RoadmapApi
{
    public sealed record ProposalRequest(string? Title, string? Body, IReadOnlyList<string>? Choices, VoteType Type, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
        bool Private = false);

    public sealed record GrantRequest(string? Applicant, string? Wallet, string? AmountAgi, string? Evidence, DateTimeOffset? EndsAt);

    public sealed record GrantResponse(string Applicant, string Wallet, string AmountWei, string Evidence, long? PaidInEpoch);

    /// <summary>A signed vote: choices and reason on a public proposal, or the encrypted <c>ballot</c> on a private one.</summary>
    public sealed record VoteRequest(string? Voter, IReadOnlyList<int>? Choices, string? Reason, long Timestamp, string? Signature, string? Ballot = null);

    public sealed record ProposalSummary(long Id, string Title, VoteType Type, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string State, int Votes,
        bool Private = false);

    public sealed record RoundResponse(int Number, IReadOnlyList<string> Totals, int? Eliminated, string Exhausted);

    /// <summary>A tally; while a private proposal runs, <c>hidden</c> is true and only the ballots, their weight and the quorum are known.</summary>
    public sealed record TallyResponse(IReadOnlyList<string> Totals, IReadOnlyList<RoundResponse> Rounds, IReadOnlyList<int> Winners, string TotalWeight,
        string Quorum, bool QuorumReached, int Ballots, int? Outcome, string Spoiled = "0", bool Hidden = false);

    /// <summary>A private proposal's ballot key: ballots are encrypted to the public key; the private key is published after the end.</summary>
    public sealed record PrivateBallotsResponse(string PublicKey, string? RevealedPrivateKey, DateTimeOffset? RevealedAt);

    public sealed record ProposalResponse(long Id, string Title, string BodyHtml, IReadOnlyList<string> Choices, VoteType Type, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, long SnapshotBlock, long SnapshotTimestamp, string Proposer, string State, TallyResponse Tally, GrantResponse? Grant = null,
        PrivateBallotsResponse? Private = null);

    public sealed record VoteResponse(string Voter, IReadOnlyList<int> Choices, string Reason, long Timestamp, string Weight, bool Replaced);

    public static IEndpointRouteBuilder MapRoadmapApi(this IEndpointRouteBuilder app)
    {
        var roadmap = app.MapGroup("/api/roadmap/proposals").WithTags("Roadmap");
        roadmap.MapGet("/", ListAsync).WithName("GetRoadmapProposals").WithSummary("Roadmap proposals, newest first").AllowAnonymous();
        roadmap.MapGet("/{id:long}", GetAsync).WithName("GetRoadmapProposal").WithSummary("A roadmap proposal with its live result (instant run-off rounds for ranked choice)").AllowAnonymous();
        roadmap.MapPost("/", CreateAsync).WithName("CreateRoadmapProposal")
            .WithSummary("A member with enough voting power opens a roadmap proposal (markdown body, choices, vote type, start and end)")
            .RequireAuthorization(p => p.RequireRole(GuildRoles.Member));
        app.MapPost("/api/roadmap/grants", ApplyForGrantAsync).WithTags("Roadmap").WithName("ApplyForRetroactiveGrant")
            .WithSummary("A member with enough voting power opens a retroactive funding vote (Grant or Do not grant) for an applicant, a wallet and an amount, with the evidence")
            .RequireAuthorization(p => p.RequireRole(GuildRoles.Member));
        roadmap.MapGet("/{id:long}/typed-data", TypedDataAsync).WithName("GetRoadmapVoteTypedData")
            .WithSummary("The EIP-712 typed data to sign with eth_signTypedData_v4 for a vote (choices as 1,2,3; or, on a private proposal, the encrypted ballot as 0x-hex; timestamp in unix seconds)").AllowAnonymous();
        roadmap.MapPost("/{id:long}/votes", VoteAsync).WithName("CastRoadmapVote")
            .WithSummary("Counts a signed vote; a later-signed vote of the same address replaces it until the end")
            .AllowAnonymous(); // the signature is the credential: a wallet votes, whoever relays it
        roadmap.MapGet("/{id:long}/votes", ExportAsync).WithName("ExportRoadmapVotes")
            .WithSummary("Every counted vote with its signature, as JSON (for guild-audit recount) or CSV (?format=csv)").AllowAnonymous();
        return app;
    }

    public static string StateOf(RoadmapProposal proposal, DateTimeOffset now) =>
        now < proposal.StartsAt ? "pending" : proposal.HasEnded(now) ? "closed" : "open";

    public static async Task<IResult> ListAsync(Core.Data.GuildDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var proposals = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.RoadmapProposals.OrderByDescending(p => p.Id).Select(p => new { Proposal = p, Votes = db.RoadmapVotes.Count(v => v.ProposalId == p.Id) }),
            cancellationToken);
        return TypedResults.Ok((await proposals).Select(p => new ProposalSummary(p.Proposal.Id, p.Proposal.Title, p.Proposal.Type, p.Proposal.StartsAt,
            p.Proposal.EndsAt, StateOf(p.Proposal, now), p.Votes, p.Proposal.IsPrivate)));
    }

    public static async Task<IResult> GetAsync(long id, RoadmapResults results, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await results.LoadAsync(id, cancellationToken) is not { } result)
        {
            return DomainProblems.ToResult(new RoadmapProposalNotFoundError(id), "No such proposal");
        }
        var p = result.Proposal;
        return TypedResults.Ok(new ProposalResponse(p.Id, p.Title, p.BodyHtml, p.Choices, p.Type, p.StartsAt, p.EndsAt, p.SnapshotBlock, p.SnapshotTimestamp,
            p.Proposer, StateOf(p, time.GetUtcNow()), ToResponse(result.Tally, p.ChoicesHidden),
            p.Grant is { } g ? new GrantResponse(g.Applicant, g.Wallet, g.AmountWei.ToString(CultureInfo.InvariantCulture), g.Evidence, g.PaidInEpoch) : null,
            p.BallotPublicKey is { } key ? new PrivateBallotsResponse(key, p.RevealedBallotKey, p.RevealedAt) : null));
    }

    public static TallyResponse ToResponse(TallyResult tally, bool hidden = false) => new(
        tally.Totals.Select(Text).ToList(),
        tally.Rounds.Select(r => new RoundResponse(r.Number, r.Totals.Select(Text).ToList(), r.Eliminated, Text(r.Exhausted))).ToList(),
        tally.Winners, Text(tally.TotalWeight), Text(tally.Quorum), tally.QuorumReached, tally.Ballots, tally.Outcome, Text(tally.Spoiled), hidden);

    public static async Task<IResult> CreateAsync(ProposalRequest request, HttpContext context, UserManager<GuildUser> users, MemberWallets wallets,
        CreateRoadmapProposalCommand create, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(context.User)!;
        var outcome = await create.ExecuteAsync(userId, await wallets.OfUserAsync(userId, cancellationToken),
            new RoadmapProposalInput(request.Title, request.Body, request.Choices, request.Type, request.StartsAt, request.EndsAt, request.Private), cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The proposal was not created")
            : TypedResults.Created($"/api/roadmap/proposals/{outcome.Value!.Id}", new { id = outcome.Value.Id, snapshotBlock = outcome.Value.SnapshotBlock });
    }

    public static async Task<IResult> ApplyForGrantAsync(GrantRequest request, HttpContext context, UserManager<GuildUser> users, MemberWallets wallets,
        CreateRoadmapProposalCommand create, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(context.User)!;
        var outcome = await create.ApplyForGrantAsync(userId, await wallets.OfUserAsync(userId, cancellationToken),
            new GrantApplicationInput(request.Applicant, request.Wallet, request.AmountAgi, request.Evidence, request.EndsAt), cancellationToken);
        return outcome.Error is { } error
            ? DomainProblems.ToResult(error, "The application was not opened")
            : TypedResults.Created($"/api/roadmap/proposals/{outcome.Value!.Id}", new { id = outcome.Value.Id, snapshotBlock = outcome.Value.SnapshotBlock });
    }

    public static async Task<IResult> TypedDataAsync(long id, string? choices, string? reason, string? ballot, long? timestamp, IVotingPower chain, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (ballot is not null)
        {
            return PrivateBallot.ParseEnvelope(ballot, out var problem) is { } envelope
                ? TypedResults.Ok(PrivateVoteTypedData.ToJson(await chain.DomainAsync(cancellationToken), id, PrivateBallot.ToHex(envelope),
                    timestamp ?? time.GetUtcNow().ToUnixTimeSeconds()))
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ballot"] = [problem!] });
        }
        var parsed = (choices ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        if (parsed.Count == 0 || parsed.Contains(-1))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["choices"] = ["choice numbers separated by commas, e.g. 2,1,3"] });
        }
        var domain = await chain.DomainAsync(cancellationToken);
        return TypedResults.Ok(VoteTypedData.ToJson(domain, id, parsed, reason ?? "", timestamp ?? time.GetUtcNow().ToUnixTimeSeconds()));
    }

    public static async Task<IResult> VoteAsync(long id, VoteRequest request, CastRoadmapVoteCommand cast, CancellationToken cancellationToken)
    {
        var outcome = await cast.ExecuteAsync(id, new SignedVoteInput(request.Voter, request.Choices, request.Reason, request.Timestamp, request.Signature, request.Ballot),
            cancellationToken);
        if (outcome.Error is { } error)
        {
            return DomainProblems.ToResult(error, "The vote was not counted");
        }
        var vote = outcome.Value!.Vote;
        return TypedResults.Ok(new VoteResponse(vote.Voter, vote.Choices, vote.Reason, vote.Timestamp, Text(vote.Weight), outcome.Value.Replaced));
    }

    public static async Task<IResult> ExportAsync(long id, string? format, RoadmapResults results, IVotingPower chain, DeployedContracts contracts,
        CancellationToken cancellationToken)
    {
        if (await results.LoadAsync(id, cancellationToken) is not { } result)
        {
            return DomainProblems.ToResult(new RoadmapProposalNotFoundError(id), "No such proposal");
        }
        var export = RoadmapExport.Of(result.Proposal, result.Votes, await chain.DomainAsync(cancellationToken),
            Core.Claims.EthereumAddress.Normalize(await contracts.AddressAsync("VoteEscrow", cancellationToken)));
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(export.ToCsv()), "text/csv", $"roadmap-{id}-votes.csv")
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(export.ToJson()), "application/json", $"roadmap-{id}-votes.json");
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
