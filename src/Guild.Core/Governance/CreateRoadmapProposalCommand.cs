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
    DateTimeOffset? EndsAt);

/// <summary>
/// Opens a roadmap proposal for a member whose wallet holds at least the Governor's roadmap proposal threshold of voting
/// power now. The body is rendered and sanitised once (unsafe markup refuses the proposal), the snapshot is the chain
/// head at creation and the quorum is the Governor's at creation. Nothing is stored unless everything holds.
/// </summary>
public sealed class CreateRoadmapProposalCommand(GuildDbContext db, IVotingPower chain, TimeProvider time)
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
        var proposal = new RoadmapProposal(input.Title!.Trim(), input.Body!, rendered.Html, input.Choices!.Select(c => c.Trim()).ToList(),
            input.Type, input.StartsAt ?? now, input.EndsAt!.Value, head.Block, head.Timestamp, rules.Quorum, proposer, userId, now, grant);
        db.RoadmapProposals.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        return proposal;
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
