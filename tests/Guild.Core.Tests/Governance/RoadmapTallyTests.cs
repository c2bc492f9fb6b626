using System.Numerics;
using Guild.Core.Governance;

namespace Guild.Core.Tests.Governance;

public class RoadmapTallyTests
{
    private static TallyBallot Ballot(string voter, long weight, params int[] choices) => new(voter, weight, choices);

    [Fact]
    public void SingleChoice_AddsEachWeightToItsChoice_MostWeightWins()
    {
        var result = RoadmapTally.Count(VoteType.SingleChoice, 3,
            [Ballot("a", 50, 1), Ballot("b", 30, 2), Ballot("c", 25, 2), Ballot("d", 1, 3)], quorum: 100);

        Assert.Equal([new BigInteger(50), 55, 1], result.Totals);
        Assert.Equal([2], result.Winners);
        Assert.Equal(106, result.TotalWeight);
        Assert.True(result.QuorumReached);
        Assert.Equal(2, result.Outcome);
        Assert.Single(result.Rounds);
    }

    [Theory]
    [InlineData(VoteType.SingleChoice)]
    [InlineData(VoteType.RankedChoice)]
    public void SpoiledBallot_CountsTowardsTheQuorumOnNoChoice(VoteType type)
    {
        // Without the spoiled ballot's 60 the quorum of 100 would not be reached; with it on a choice, 2 would win.
        var result = RoadmapTally.Count(type, 2, [Ballot("a", 50, 1), Ballot("b", 40, 2), new TallyBallot("c", 60, [], Spoiled: true)], quorum: 100);

        Assert.Equal([new BigInteger(50), 40], result.Totals);
        Assert.Equal(150, result.TotalWeight);
        Assert.Equal(60, result.Spoiled);
        Assert.Equal(3, result.Ballots);
        Assert.True(result.QuorumReached);
        Assert.Equal(1, result.Outcome);
    }

    [Fact]
    public void SingleChoice_ExactTie_HasTwoWinnersAndNoOutcome()
    {
        var result = RoadmapTally.Count(VoteType.SingleChoice, 2, [Ballot("a", 10, 1), Ballot("b", 10, 2)], quorum: 0);

        Assert.Equal([1, 2], result.Winners);
        Assert.Null(result.Outcome);
    }

    [Fact]
    public void Approval_GivesEachApprovedChoiceTheFullWeight()
    {
        var result = RoadmapTally.Count(VoteType.Approval, 3,
            [Ballot("a", 40, 1, 2), Ballot("b", 35, 2, 3), Ballot("c", 30, 3)], quorum: 0);

        Assert.Equal([new BigInteger(40), 75, 65], result.Totals);
        Assert.Equal([2], result.Winners);
        Assert.Equal(105, result.TotalWeight); // each ballot counts once towards the quorum
    }

    [Fact]
    public void Quorum_NotReached_NoOutcomeEvenWithAWinner()
    {
        var result = RoadmapTally.Count(VoteType.SingleChoice, 2, [Ballot("a", 10, 1)], quorum: 11);

        Assert.Equal([1], result.Winners);
        Assert.False(result.QuorumReached);
        Assert.Null(result.Outcome);
    }

    [Fact]
    public void Quorum_ExactlyReached_Counts()
    {
        Assert.True(RoadmapTally.Count(VoteType.SingleChoice, 2, [Ballot("a", 11, 1)], quorum: 11).QuorumReached);
    }

    [Fact]
    public void NoBallots_NoWinnerAndNoQuorum()
    {
        var result = RoadmapTally.Count(VoteType.RankedChoice, 3, [], quorum: 0);

        Assert.Empty(result.Winners);
        Assert.False(result.QuorumReached);
    }

    [Fact]
    public void RankedChoice_MajorityInTheFirstRound_WinsAtOnce()
    {
        var result = RoadmapTally.Count(VoteType.RankedChoice, 3, [Ballot("a", 60, 2, 1), Ballot("b", 40, 1, 3)], quorum: 0);

        Assert.Single(result.Rounds);
        Assert.Equal([2], result.Winners);
    }

    [Fact]
    public void RankedChoice_RunOff_TransfersEliminatedBallotsToTheirNextChoice()
    {
        // First preferences: A 40, B 35, C 25. C goes; its ballots rank B next: B 60 beats A 40.
        var result = RoadmapTally.Count(VoteType.RankedChoice, 3,
            [Ballot("a1", 40, 1), Ballot("b1", 35, 2, 1), Ballot("c1", 25, 3, 2)], quorum: 0);

        Assert.Equal(2, result.Rounds.Count);
        Assert.Equal([new BigInteger(40), 35, 25], result.Rounds[0].Totals);
        Assert.Equal(3, result.Rounds[0].Eliminated);
        Assert.Equal([new BigInteger(40), 60, 0], result.Rounds[1].Totals);
        Assert.Null(result.Rounds[1].Eliminated);
        Assert.Equal([2], result.Winners);
        Assert.Equal([new BigInteger(40), 35, 25], result.Totals); // first preferences
    }

    [Fact]
    public void RankedChoice_ExhaustedBallots_LeaveThePoolAndAreReported()
    {
        // C (20) goes; its ballot ranks nothing else: exhausted. A 45 vs B 35 of 80 in play: A has a majority.
        var result = RoadmapTally.Count(VoteType.RankedChoice, 3,
            [Ballot("a", 45, 1), Ballot("b", 35, 2), Ballot("c", 20, 3)], quorum: 0);

        Assert.Equal(2, result.Rounds.Count);
        Assert.Equal(20, result.Rounds[1].Exhausted);
        Assert.Equal([1], result.Winners);
    }

    [Fact]
    public void RankedChoice_ThreeRounds_EachShown()
    {
        // Round 1: A 30, B 25, C 25, D 20 -> D goes, its ballot moves to B. Round 2: A 30, B 45, C 25 -> C goes, its
        // ballot moves to A. Round 3: A 55, B 45 -> A has a majority.
        var result = RoadmapTally.Count(VoteType.RankedChoice, 4,
            [Ballot("a", 30, 1), Ballot("b", 25, 2), Ballot("c", 25, 3, 1), Ballot("d", 20, 4, 2)], quorum: 0);

        Assert.Equal(4, result.Rounds[0].Eliminated);
        Assert.Equal(3, result.Rounds[1].Eliminated);
        Assert.Equal([new BigInteger(55), 45, 0, 0], result.Rounds[2].Totals);
        Assert.Equal([1], result.Winners);
    }

    [Fact]
    public void RankedChoice_TieForLastInAllRounds_LaterListedChoiceGoesFirst()
    {
        // B and C tie in the only round; the later-listed C is eliminated, its ballot moves to B: B 20 vs A 15.
        var result = RoadmapTally.Count(VoteType.RankedChoice, 3,
            [Ballot("a", 15, 1), Ballot("b", 10, 2), Ballot("c", 10, 3, 2)], quorum: 0);

        Assert.Equal(3, result.Rounds[0].Eliminated);
        Assert.Equal([2], result.Winners);
    }

    [Fact]
    public void RankedChoice_TieUsesThePreviousRoundBeforeTheListOrder()
    {
        // Round 1: A 40, B 21, C 20, D 19 -> D goes to C. Round 2: A 40, B 21, C 39 -> B goes to C: C 60 beats A 40.
        var result = RoadmapTally.Count(VoteType.RankedChoice, 4,
            [Ballot("a", 40, 1), Ballot("b", 21, 2, 3), Ballot("c", 20, 3), Ballot("d", 19, 4, 3)], quorum: 0);
        Assert.Equal([3], result.Winners);

        // A tie: round 2 has B 30 and C 30, round 1 had B 20 < C 30, so B (weaker before) goes, not C (listed later).
        var tie = RoadmapTally.Count(VoteType.RankedChoice, 4,
            [Ballot("a", 45, 1), Ballot("b", 20, 2, 1), Ballot("c", 30, 3), Ballot("d", 10, 4, 2)], quorum: 0);
        Assert.Equal(4, tie.Rounds[0].Eliminated);
        Assert.Equal([new BigInteger(45), 30, 30, 0], tie.Rounds[1].Totals);
        Assert.Equal(2, tie.Rounds[1].Eliminated);
        // B's own ballot moves on to A; D's ballot ranks nothing left (D, then B): exhausted.
        Assert.Equal([new BigInteger(65), 0, 30, 0], tie.Rounds[2].Totals);
        Assert.Equal(10, tie.Rounds[2].Exhausted);
        Assert.Equal([1], tie.Winners);
    }

    [Fact]
    public void RankedChoice_TwoLeftAtFiftyFifty_TieBreakPicksOneWinner()
    {
        var result = RoadmapTally.Count(VoteType.RankedChoice, 2, [Ballot("a", 10, 1), Ballot("b", 10, 2)], quorum: 0);

        Assert.Equal(2, result.Rounds[0].Eliminated);
        Assert.Equal([1], result.Winners);
        Assert.Equal(1, result.Outcome);
    }

    [Theory]
    [InlineData(VoteType.SingleChoice, new[] { 1, 2 }, "exactly one")]
    [InlineData(VoteType.SingleChoice, new int[0], "at least one")]
    [InlineData(VoteType.Approval, new[] { 1, 1 }, "twice")]
    [InlineData(VoteType.RankedChoice, new[] { 0 }, "numbered 1 to 3")]
    [InlineData(VoteType.RankedChoice, new[] { 4 }, "numbered 1 to 3")]
    public void Validate_RefusesBadBallots(VoteType type, int[] choices, string reason)
    {
        Assert.Contains(reason, RoadmapTally.Validate(type, 3, choices));
    }

    [Fact]
    public void Validate_AcceptsPartialRankings()
    {
        Assert.Null(RoadmapTally.Validate(VoteType.RankedChoice, 3, [3, 1]));
        Assert.Null(RoadmapTally.Validate(VoteType.Approval, 3, [1, 2, 3]));
    }
}
