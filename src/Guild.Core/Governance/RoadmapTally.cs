using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>
/// A ballot as the tally sees it: who, with how much power, and the choice numbers (from 1). A spoiled ballot (a private
/// ballot that did not open as a valid one) counts for no choice.
/// </summary>
public sealed record TallyBallot(string Voter, BigInteger Weight, IReadOnlyList<int> Choices, bool Spoiled = false);

/// <summary>
/// One round of a count. <see cref="Totals"/> holds the weight on each choice (index 0 is choice 1; an eliminated
/// choice has zero). <see cref="Eliminated"/> is the choice dropped after this round, if any; <see cref="Exhausted"/> is
/// the weight of ranked ballots that rank no remaining choice.
/// </summary>
public sealed record TallyRound(int Number, IReadOnlyList<BigInteger> Totals, int? Eliminated, BigInteger Exhausted);

/// <summary>
/// The result of a roadmap vote. <see cref="Totals"/> are the first round's (for ranked choice, first preferences).
/// <see cref="Winners"/> lists the choice with the most weight (more than one on an exact tie of single or approval
/// votes); it is empty when nobody voted. <see cref="QuorumReached"/>: the ballots' total weight is at least the quorum.
/// <see cref="Spoiled"/> is the weight of spoiled ballots: part of the total (they were cast, like an abstention), on no choice.
/// </summary>
public sealed record TallyResult(
    VoteType Type,
    IReadOnlyList<BigInteger> Totals,
    IReadOnlyList<TallyRound> Rounds,
    IReadOnlyList<int> Winners,
    BigInteger TotalWeight,
    BigInteger Quorum,
    bool QuorumReached,
    int Ballots,
    BigInteger Spoiled = default)
{
    /// <summary>The vote stands: quorum reached and exactly one winner.</summary>
    public int? Outcome => QuorumReached && Winners.Count == 1 ? Winners[0] : null;
}

/// <summary>
/// Counts roadmap ballots. Single choice and approval add each ballot's weight to its choice(s). Ranked choice runs an
/// instant run-off: each round gives a ballot's whole weight to its highest-ranked remaining choice; a choice with more
/// than half of the weight still in play wins; otherwise the weakest choice is eliminated and the next round begins.
/// </summary>
/// <remarks>
/// Ties for elimination are broken by the earlier rounds, most recent first (the choice that was weaker in the round
/// before goes), then by first preferences, then by the later choice number (so the order the proposer listed the
/// options in decides last, the same way for everyone). Each rule is deterministic, so anyone recounting the same
/// ballots gets the same rounds. Ballots are assumed valid (checked when cast; see <see cref="Validate"/>).
/// </remarks>
public static class RoadmapTally
{
    public static TallyResult Count(VoteType type, int choiceCount, IReadOnlyCollection<TallyBallot> ballots, BigInteger quorum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(choiceCount, 1);
        var total = BigInteger.Zero;
        var spoiled = BigInteger.Zero;
        foreach (var ballot in ballots)
        {
            total += ballot.Weight;
            if (ballot.Spoiled)
            {
                spoiled += ballot.Weight;
            }
        }
        IReadOnlyCollection<TallyBallot> valid = ballots.Any(b => b.Spoiled) ? ballots.Where(b => !b.Spoiled).ToList() : ballots;
        var rounds = type == VoteType.RankedChoice ? RunOff(choiceCount, valid) : [Plain(choiceCount, valid)];
        var winners = type == VoteType.RankedChoice ? RunOffWinner(rounds) : Leaders(rounds[0].Totals);
        return new TallyResult(type, rounds[0].Totals, rounds, winners, total, quorum, total >= quorum && total > 0, ballots.Count, spoiled);
    }

    /// <summary>Why <paramref name="choices"/> is not a valid ballot for the vote type, or null when it is.</summary>
    public static string? Validate(VoteType type, int choiceCount, IReadOnlyList<int>? choices)
    {
        if (choices is null || choices.Count == 0)
        {
            return "choose at least one option";
        }
        if (choices.Any(c => c < 1 || c > choiceCount))
        {
            return $"options are numbered 1 to {choiceCount}";
        }
        if (choices.Distinct().Count() != choices.Count)
        {
            return "an option appears twice";
        }
        return type == VoteType.SingleChoice && choices.Count != 1 ? "a single-choice vote names exactly one option" : null;
    }

    private static TallyRound Plain(int choiceCount, IEnumerable<TallyBallot> ballots)
    {
        var totals = new BigInteger[choiceCount];
        foreach (var ballot in ballots)
        {
            foreach (var choice in ballot.Choices)
            {
                totals[choice - 1] += ballot.Weight;
            }
        }
        return new TallyRound(1, totals, null, BigInteger.Zero);
    }

    private static List<TallyRound> RunOff(int choiceCount, IReadOnlyCollection<TallyBallot> ballots)
    {
        var rounds = new List<TallyRound>();
        var active = new bool[choiceCount];
        Array.Fill(active, true);
        var remaining = choiceCount;
        // Each ballot's position in its ranking, advanced past eliminated choices as rounds go (O(ballots × choices) overall).
        var list = ballots as IReadOnlyList<TallyBallot> ?? ballots.ToList();
        var cursor = new int[list.Count];
        while (true)
        {
            var totals = new BigInteger[choiceCount];
            var exhausted = BigInteger.Zero;
            for (var i = 0; i < list.Count; i++)
            {
                var ranking = list[i].Choices;
                var at = cursor[i];
                while (at < ranking.Count && !active[ranking[at] - 1])
                {
                    at++;
                }
                cursor[i] = at;
                if (at < ranking.Count)
                {
                    totals[ranking[at] - 1] += list[i].Weight;
                }
                else
                {
                    exhausted += list[i].Weight;
                }
            }
            var inPlay = BigInteger.Zero;
            var best = BigInteger.Zero;
            foreach (var t in totals)
            {
                inPlay += t;
                best = BigInteger.Max(best, t);
            }
            if (inPlay.IsZero || best * 2 > inPlay || remaining == 1)
            {
                rounds.Add(new TallyRound(rounds.Count + 1, totals, null, exhausted));
                return rounds;
            }
            var loser = Weakest(active, totals, rounds);
            rounds.Add(new TallyRound(rounds.Count + 1, totals, loser, exhausted));
            active[loser - 1] = false;
            remaining--;
        }
    }

    private static int Weakest(bool[] active, BigInteger[] totals, List<TallyRound> earlier)
    {
        var candidates = Enumerable.Range(1, active.Length).Where(c => active[c - 1]).ToList();
        var least = candidates.Min(c => totals[c - 1]);
        candidates = candidates.Where(c => totals[c - 1] == least).ToList();
        for (var r = earlier.Count - 1; r >= 0 && candidates.Count > 1; r--)
        {
            var previous = earlier[r].Totals;
            var fewest = candidates.Min(c => previous[c - 1]);
            candidates = candidates.Where(c => previous[c - 1] == fewest).ToList();
        }
        return candidates.Max();
    }

    private static IReadOnlyList<int> RunOffWinner(List<TallyRound> rounds)
    {
        var last = rounds[^1].Totals;
        return last.All(t => t.IsZero) ? [] : Leaders(last);
    }

    private static IReadOnlyList<int> Leaders(IReadOnlyList<BigInteger> totals)
    {
        var best = totals.Max();
        return best.IsZero ? [] : Enumerable.Range(1, totals.Count).Where(c => totals[c - 1] == best).ToList();
    }
}
