using Guild.Core.Claims;
using Guild.Core.Data;

namespace Guild.Core.Governance;

/// <summary>What a member submits to open a roadmap proposal.</summary>
public sealed record RoadmapProposalInput(
    string? Title,
    string? Body,
    IReadOnlyList<string>? Choices,
    VoteType Type,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    bool Private = false);

/// <summary>
/// A retroactive funding application: who did the work (named publicly, never an email), the wallet to pay, the amount
/// of $AGI asked for, the evidence (markdown: links and a description) and when the vote ends.
/// </summary>
public sealed record GrantApplicationInput(string? Applicant, string? Wallet, string? AmountAgi, string? Evidence, DateTimeOffset? EndsAt);

/// <summary>
/// Opens a roadmap proposal for a member whose wallet holds at least the Governor's roadmap proposal threshold of voting
/// power now. The body is rendered and sanitised once (unsafe markup refuses the proposal), the snapshot is the chain
/// head at creation and the quorum is the Governor's at creation. A private proposal gets a fresh P-256 key pair: the
/// public key is published with it, the private key is sealed (<see cref="BallotKeys"/>) until the reveal after the end.
/// Nothing is stored unless everything holds.
/// </summary>
public sealed class CreateRoadmapProposalCommand(GuildDbContext db, IVotingPower chain, BallotKeys keys, TimeProvider time)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxChoices = 20;
    public const int MaxChoiceLength = 200;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public async Task<Outcome<RoadmapProposal>> ExecuteAsync(string userId, string? wallet, RoadmapProposalInput input,
        CancellationToken cancellationToken, RetroactiveGrant? grant = null)
    {
        var now = time.GetUtcNow();
        var errors = Validate(input, now);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var rendered = ProposalMarkdown.Render(input.Body!);
        if (rendered.Removed.Count > 0)
        {
            return new MarkdownUnsafeError(rendered.Removed);
        }
        if (EthereumAddress.TryNormalize(wallet) is not { } proposer)
        {
            return new NoWalletError();
        }
        var rules = await chain.RulesAsync(cancellationToken);
        var power = await chain.PowerNowAsync(proposer, cancellationToken);
        if (power < rules.ProposalThreshold || power.IsZero)
        {
            return new ProposerPowerTooLowError(power, rules.ProposalThreshold);
        }
        var head = await chain.HeadAsync(cancellationToken);
        var (publicKey, sealedKey) = ((string?)null, (string?)null);
        if (input.Private)
        {
            var pair = PrivateBallot.NewKeyPair();
            (publicKey, sealedKey) = (pair.PublicKey, keys.Seal(pair.PrivateKey));
        }
        var proposal = new RoadmapProposal(input.Title!.Trim(), input.Body!, rendered.Html, input.Choices!.Select(c => c.Trim()).ToList(),
            input.Type, input.StartsAt ?? now, input.EndsAt!.Value, head.Block, head.Timestamp, rules.Quorum, proposer, userId, now, grant,
            publicKey, sealedKey);
        db.RoadmapProposals.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        return proposal;
    }

    public const int MaxApplicant = 100;

    /// <summary>The two choices of a retroactive funding vote; choice 1 grants.</summary>
    public static readonly IReadOnlyList<string> GrantChoices = ["Grant", "Do not grant"];

    /// <summary>
    /// Opens a retroactive funding application as a single-choice roadmap proposal ("Grant" or "Do not grant") carrying
    /// the grant, for a member with the roadmap proposal threshold (the applicant, or a member who sponsors them).
    /// </summary>
    public async Task<Outcome<RoadmapProposal>> ApplyForGrantAsync(string userId, string? wallet, GrantApplicationInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var applicant = input.Applicant?.Trim() ?? "";
        if (applicant.Length == 0 || applicant.Length > MaxApplicant)
        {
            errors.Add("applicant", $"the applicant's public name, 1 to {MaxApplicant} characters, is required");
        }
        else if (applicant.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("applicant", "name the applicant publicly (a login or pseudonym), not by email");
        }
        var payee = EthereumAddress.TryNormalize(input.Wallet?.Trim());
        if (payee is null)
        {
            errors.Add("wallet", "the wallet to pay must be an address (0x and 40 hex digits; in mixed case the EIP-55 checksum must hold)");
        }
        var amount = AgiAmount.ParseAgi(input.AmountAgi);
        if (amount is not { Sign: > 0 })
        {
            errors.Add("amountAgi", "the amount must be a positive number of $AGI (e.g. 2500 or 12.5)");
        }
        if (string.IsNullOrWhiteSpace(input.Evidence))
        {
            errors.Add("evidence", "describe the work and link to it");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var body = $"**Retroactive funding application** by {applicant}: {AgiAmount.Format(amount!.Value)} to `{payee}`.\n\n{input.Evidence!.Trim()}";
        var proposal = new RoadmapProposalInput($"Retroactive funding: {applicant}, {AgiAmount.Format(amount.Value)}", body, GrantChoices,
            VoteType.SingleChoice, null, input.EndsAt);
        return await ExecuteAsync(userId, wallet, proposal, cancellationToken, new RetroactiveGrant(applicant, payee!, amount.Value, input.Evidence.Trim()));
    }

    private static FieldErrors Validate(RoadmapProposalInput input, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > MaxTitle)
        {
            errors.Add("title", $"a title of 1 to {MaxTitle} characters is required");
        }
        if (string.IsNullOrWhiteSpace(input.Body) || input.Body.Length > MaxBody)
        {
            errors.Add("body", $"a body of 1 to {MaxBody} characters is required");
        }
        var choices = input.Choices?.Select(c => c?.Trim() ?? "").ToList() ?? [];
        if (choices.Count < 2 || choices.Count > MaxChoices)
        {
            errors.Add("choices", $"between 2 and {MaxChoices} choices are required");
        }
        else if (choices.Any(c => c.Length == 0 || c.Length > MaxChoiceLength))
        {
            errors.Add("choices", $"each choice needs 1 to {MaxChoiceLength} characters");
        }
        else if (choices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != choices.Count)
        {
            errors.Add("choices", "choices must differ");
        }
        if (!Enum.IsDefined(input.Type))
        {
            errors.Add("type", "the vote type is single choice, approval or ranked choice");
        }
        var start = input.StartsAt ?? now;
        if (start < now.AddMinutes(-5))
        {
            errors.Add("startsAt", "the vote cannot start in the past");
        }
        if (input.EndsAt is not { } end || end <= start || end <= now)
        {
            errors.Add("endsAt", "the vote must end after it starts, in the future");
        }
        else if (end - start > MaxDuration)
        {
            errors.Add("endsAt", $"a vote lasts at most {MaxDuration.TotalDays} days");
        }
        return errors;
    }
}
