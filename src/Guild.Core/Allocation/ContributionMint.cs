namespace Guild.Core.Allocation;

/// <summary>
/// The mint of every counted contribution: what it brings into the walk before any credit flows (docs/allocation.md,
/// "Mint").
/// </summary>
/// <remarks>
/// <para>A piece of work is everything one author does of one type in one repository within one week (7-day windows
/// counted from 1970-01-01). Its mass is unit × log2(1 + S / unit), S the sum of its contributions' sizes, and each contribution gets the share size / S of it, times its type's weight, its decay and its repository's
/// weight. So ten 10-line commits in a week mint what one 100-line commit does, and five pull requests what one does,
/// while a huge dump gains little per line.</para>
/// <para>An issue mints only once it is engaged: a maintainer (someone who merged another person's pull request) other
/// than its author acted on it, or counted work references it, so accounts nobody answers cannot mint from issues. A
/// review's mint keeps <see cref="EdgeFacts.ReviewFactor"/> of itself: reviews traded inside a ring count for less.</para>
/// <para>Sums run in contribution order (sorted ids), so the bits never depend on the input order or thread count.</para>
/// </remarks>
internal static class ContributionMint
{
    private const long SecondsPerWeek = 7 * 86_400;

    /// <param name="kept">The counted contributions, sorted by id: node <c>c0 + i</c> is <c>kept[i]</c>.</param>
    /// <param name="repositoryOf">Per contribution, its repository's index among the repositories (0-based).</param>
    /// <returns>The mint of every node (contributors and repositories mint nothing).</returns>
    public static double[] Compute(
        SnapshotContribution[] kept, int[] repositoryOf, double[] repositoryWeights, EdgeFacts facts, WeightSet weights, DateTimeOffset asOf, int c0)
    {
        var k0 = kept.Length;
        var week = new long[k0];
        long firstWeek = long.MaxValue, lastWeek = long.MinValue;
        for (var i = 0; i < k0; i++)
        {
            week[i] = Math.DivRem(kept[i].CreatedAt.ToUnixTimeSeconds(), SecondsPerWeek, out var r) - (r < 0 ? 1 : 0);
            firstWeek = Math.Min(firstWeek, week[i]);
            lastWeek = Math.Max(lastWeek, week[i]);
        }
        // A piece's key packed into 64 bits (type · repository · author + 1 · week), which hashes fast; a graph too wide
        // for that (never seen in practice) falls back to tuple keys. Either way the same pieces come out.
        int bitsR = Bits(repositoryWeights.Length), bitsA = Bits(c0 + 1), bitsW = k0 == 0 ? 1 : Bits(lastWeek - firstWeek + 1);
        var packed = 3 + bitsR + bitsA + bitsW <= 64;
        var group = new int[k0];
        var groupSize = new double[k0]; // at most one piece per contribution
        var groups = 0;
        var byPacked = new Dictionary<ulong, int>(packed ? k0 : 0);
        var byTuple = new Dictionary<(ContributionType Type, int Repository, int Author, long Week), int>();
        for (var i = 0; i < k0; i++)
        {
            var c = kept[i];
            var key = ((((((ulong)c.Type << bitsR) | (uint)repositoryOf[i]) << bitsA) | (uint)(facts.AuthorOf[i] + 1)) << bitsW) | (ulong)(week[i] - firstWeek);
            var tuple = (c.Type, repositoryOf[i], facts.AuthorOf[i], week[i]);
            if (!(packed ? byPacked.TryGetValue(key, out var g) : byTuple.TryGetValue(tuple, out g)))
            {
                g = groups++;
                if (packed) byPacked[key] = g; else byTuple[tuple] = g;
            }
            group[i] = g;
            groupSize[g] += Size(c);
        }
        var unit = weights.SizeUnit;
        var mass = new double[groups]; // a piece's mass per unit of its size
        for (var g = 0; g < groups; g++)
        {
            mass[g] = groupSize[g] > 0 ? unit * PortableMath.Log2(1 + (groupSize[g] / unit)) / groupSize[g] : 0;
        }

        var typeWeights = ContributionKinds.AllContributionTypes.Select(t => weights.Contributions[t]).ToArray();
        var mint = new double[c0 + k0 + repositoryWeights.Length];
        var discount = weights.ReciprocalReviewDiscount;
        ForRanges(k0, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var c = kept[i];
                var m = typeWeights[(int)c.Type] * Size(c) * mass[group[i]] * Decay(c, weights, asOf) * repositoryWeights[repositoryOf[i]];
                if (c.Type == ContributionType.Issue && !facts.Engaged[i])
                {
                    m = 0;
                }
                else if (c.Type == ContributionType.Review && m > 0 && facts.ThreadOf[i] >= c0)
                {
                    m *= facts.ReviewFactor(facts.AuthorOf[i], facts.AuthorOf[facts.ThreadOf[i] - c0], discount);
                }
                mint[c0 + i] = m;
            }
        });
        return mint;
    }

    /// <summary>Bits to tell apart <paramref name="values"/> values (at least one).</summary>
    private static int Bits(long values) => Math.Max(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, values - 1)));

    /// <summary>
    /// What a contribution adds to its piece of work: changed lines for code (an empty commit adds nothing), and at
    /// least one unit for the rest (an issue or a review is one unit; a paper without citations too).
    /// </summary>
    private static double Size(SnapshotContribution c) =>
        c.Type is ContributionType.Commit or ContributionType.PullRequest ? c.Size : Math.Max(1, c.Size);

    /// <summary>2^(−age / half-life), age in whole days-and-seconds from creation to the cut-off (never negative); 1 without decay.</summary>
    private static double Decay(SnapshotContribution c, WeightSet weights, DateTimeOffset asOf)
    {
        if (weights.HalfLifeDays is not { } halfLife)
        {
            return 1;
        }
        // Whole seconds keep the age exact; a contribution after the cut-off does not gain.
        var ageSeconds = Math.Max(0, (asOf - c.CreatedAt).Ticks / TimeSpan.TicksPerSecond);
        return PortableMath.Exp2(-(ageSeconds / 86400.0) / halfLife);
    }

    /// <summary>Runs <paramref name="body"/> over [0, count) in ranges of 65,536, in parallel (each index writes only its own slot).</summary>
    private static void ForRanges(int count, Action<int, int> body)
    {
        if (count > 0)
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, 65536), range => body(range.Item1, range.Item2));
        }
    }
}
