namespace Guild.Core.Allocation;

/// <summary>
/// What the mint and the transition weights need to know about the graph beyond single edges, read off the sorted
/// edge keys in a few linear passes: each contribution's author, who maintains (merges other people's work), which
/// issues a maintainer or counted work engaged with, which pull request a review or comment is on, how many edges of
/// each kind point at a contribution, and how often each pair of people review each other.
/// </summary>
/// <remarks>Edge keys are <c>source (26 bits) · target (26 bits) · type (4 bits)</c>, sorted, as built by <see cref="ContributionGraph"/>.</remarks>
internal sealed class EdgeFacts
{
    private const int Kinds = 7; // the listed edge types: five actor kinds, references and cites (containment is implied)

    private readonly int contributorCount;
    private readonly Dictionary<ulong, int> reviews = [];
    private readonly int[] counts;

    private EdgeFacts(int contributorCount, int contributionCount)
    {
        this.contributorCount = contributorCount;
        AuthorOf = new int[contributionCount];
        ThreadOf = new int[contributionCount];
        Engaged = new bool[contributionCount];
        Maintainer = new bool[contributorCount];
        counts = new int[contributionCount * Kinds];
        Array.Fill(AuthorOf, -1);
        Array.Fill(ThreadOf, -1);
    }

    /// <summary>Per contribution (from 0): the lowest contributor index with an <c>authored</c> edge to it, or -1.</summary>
    public int[] AuthorOf { get; }

    /// <summary>Per contribution: the node its first <c>references</c> edge points at (a review's or comment's thread), or -1.</summary>
    public int[] ThreadOf { get; }

    /// <summary>Per contribution: a maintainer other than its author acted on it, or counted work references it.</summary>
    public bool[] Engaged { get; }

    /// <summary>Per contributor: merged at least one counted pull request somebody else authored.</summary>
    public bool[] Maintainer { get; }

    public static EdgeFacts From(ReadOnlySpan<ulong> keys, int contributorCount, int contributionCount)
    {
        var facts = new EdgeFacts(contributorCount, contributionCount);
        var c0 = contributorCount;
        foreach (var key in keys)
        {
            var (s, t, type) = Unpack(key);
            facts.counts[((t - c0) * Kinds) + (int)type]++;
            if (type.IsActorEdge())
            {
                if (type == EdgeType.Authored && (facts.AuthorOf[t - c0] < 0 || s < facts.AuthorOf[t - c0]))
                {
                    facts.AuthorOf[t - c0] = s;
                }
            }
            else if (type == EdgeType.References && facts.ThreadOf[s - c0] < 0)
            {
                facts.ThreadOf[s - c0] = t;
            }
        }
        foreach (var key in keys)
        {
            var (s, t, type) = Unpack(key);
            var author = facts.AuthorOf[t - c0];
            if (type == EdgeType.Merged && author >= 0 && author != s)
            {
                facts.Maintainer[s] = true;
            }
            else if (type == EdgeType.Reviewed && author >= 0 && author != s)
            {
                var pair = Pair(s, author);
                facts.reviews[pair] = facts.reviews.GetValueOrDefault(pair) + 1;
            }
        }
        foreach (var key in keys)
        {
            var (s, t, type) = Unpack(key);
            if (type == EdgeType.References || (type.IsActorEdge() && type != EdgeType.Authored && facts.Maintainer[s] && s != facts.AuthorOf[t - c0]))
            {
                facts.Engaged[t - c0] = true;
            }
        }
        return facts;
    }

    /// <summary>How many listed edges of <paramref name="type"/> point at <paramref name="contribution"/> (a node index).</summary>
    public int Count(int contribution, EdgeType type) => counts[((contribution - contributorCount) * Kinds) + (int)type];

    /// <summary>
    /// What a review by <paramref name="reviewer"/> of <paramref name="author"/>'s work keeps after the reciprocity
    /// discount: 1 − discount × (the share of the reviewer's reviews of the author that the author returned).
    /// </summary>
    public double ReviewFactor(int reviewer, int author, double discount)
    {
        if (discount == 0 || author < 0 || author == reviewer || !reviews.TryGetValue(Pair(reviewer, author), out var given))
        {
            return 1;
        }
        var returned = reviews.GetValueOrDefault(Pair(author, reviewer));
        return 1 - (discount * Math.Min(given, returned) / given);
    }

    public static (int Source, int Target, EdgeType Type) Unpack(ulong key) =>
        ((int)(key >> 30), (int)((key >> 4) & ((1 << 26) - 1)), (EdgeType)(key & 0xF));

    private static ulong Pair(int a, int b) => ((ulong)(uint)a << 32) | (uint)b;
}
