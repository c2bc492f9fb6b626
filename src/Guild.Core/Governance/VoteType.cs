namespace Guild.Core.Governance;

/// <summary>How a roadmap proposal's ballots are counted.</summary>
public enum VoteType
{
    /// <summary>One choice per ballot; the choice with the most weight wins.</summary>
    SingleChoice = 0,

    /// <summary>Any number of choices per ballot, each receiving the ballot's full weight.</summary>
    Approval = 1,

    /// <summary>Choices in order of preference, counted by instant run-off.</summary>
    RankedChoice = 2,
}
