using System.Numerics;
using Guild.Core.Allocation;

namespace Guild.Benchmarks;

/// <summary>
/// Seeded power-law communities for the scale runs: Zipf-distributed activity over contributors and repositories,
/// Pareto-sized contributions, and exactly three edges per contribution (its author, one more actor, and a reference
/// to an earlier contribution, preferring old ones). Same size and seed, same snapshot.
/// </summary>
public static class SyntheticCommunity
{
    public static readonly DateTimeOffset AsOf = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly BigInteger Token = BigInteger.Pow(10, 18);

    public static EpochSnapshot Generate(int contributions, int contributors, int seed = 42)
    {
        var random = new Random(seed);
        var repositories = Math.Max(1, contributors / 50);
        var pickContributor = Zipf(contributors, 1.1);
        var pickRepository = Zipf(repositories, 1.2);
        // commit 35%, pull request 20%, review 15%, comment 20%, issue 8%, paper 2%
        ReadOnlySpan<(ContributionType Type, double Cumulative)> mix =
        [
            (ContributionType.Commit, 0.35), (ContributionType.PullRequest, 0.55), (ContributionType.Review, 0.70),
            (ContributionType.Comment, 0.90), (ContributionType.Issue, 0.98), (ContributionType.Paper, 1.0),
        ];
        ReadOnlySpan<EdgeType> secondActor = [EdgeType.Reviewed, EdgeType.Commented, EdgeType.CoAuthored, EdgeType.Merged];

        var people = new SnapshotContributor[contributors];
        for (var i = 0; i < contributors; i++)
        {
            var id = $"u{i}";
            var roll = random.Next(100);
            people[i] = new SnapshotContributor(id, [id], roll < 70 ? Wallet(i) : null, roll >= 98 ? "bot" : null);
        }
        var repositoryNames = Enumerable.Range(0, repositories).Select(r => $"org{r % 97}/repo{r}").ToArray();

        var work = new SnapshotContribution[contributions];
        var edges = new SnapshotEdge[contributions * 3];
        var ids = new string[contributions];
        var e = 0;
        for (var i = 0; i < contributions; i++)
        {
            ids[i] = $"c{i}";
            var u = random.NextDouble();
            var type = ContributionType.Paper;
            foreach (var (t, upTo) in mix)
            {
                if (u < upTo)
                {
                    type = t;
                    break;
                }
            }
            var size = (long)Math.Min(100_000, 5 / Math.Pow(1 - random.NextDouble(), 1 / 1.2));
            work[i] = new SnapshotContribution(ids[i], type, repositoryNames[pickRepository(random)],
                AsOf.AddSeconds(-random.Next(0, 730 * 86400)), size, Flagged: random.Next(100) == 0);

            var author = pickContributor(random);
            var other = pickContributor(random);
            if (other == author) other = (author + 1) % contributors;
            edges[e++] = new SnapshotEdge(EdgeType.Authored, people[author].Id, ids[i]);
            edges[e++] = new SnapshotEdge(secondActor[random.Next(secondActor.Length)], people[other].Id, ids[i]);
            edges[e++] = i == 0
                ? new SnapshotEdge(EdgeType.Commented, people[(author + 2) % contributors].Id, ids[i])
                : new SnapshotEdge(type == ContributionType.Paper ? EdgeType.Cites : EdgeType.References, ids[i], ids[(int)(i * random.NextDouble() * random.NextDouble())]);
        }

        // State from earlier epochs: carried balances for a fifth, cumulative totals for half of the wallets.
        var balances = people.Where(_ => random.Next(5) == 0)
            .Select(p => new ContributorBalance(p.Id, Token * random.Next(0, 50) / 10, 0, 0)).ToArray();
        var cumulative = people.Where(p => p.Wallet is not null && random.Next(2) == 0)
            .Select(p => new AccountTotal(p.Wallet!, Token * random.Next(1, 10_000))).ToArray();

        return new EpochSnapshot
        {
            Epoch = 12,
            AsOf = AsOf,
            BudgetWei = 10_000_000 * Token,
            CapPpm = 20_000,
            MinimumPayoutWei = Token,
            Weights = WeightSet.Default,
            Contributors = people,
            Contributions = work,
            Edges = edges,
            Balances = balances,
            Cumulative = cumulative,
        };
    }

    /// <summary>A fixed, valid address per contributor index (benchmark data only).</summary>
    public static string Wallet(int index) => "0x" + ((ulong)(index + 1) * 0x9E3779B97F4A7C15UL).ToString("x16") + (index + 1).ToString("x24");

    /// <summary>A sampler of ranks 0..n-1 with P(rank k) ∝ 1 / (k + 1)^s.</summary>
    internal static Func<Random, int> Zipf(int n, double s)
    {
        var cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += 1 / Math.Pow(k + 1, s);
            cumulative[k] = sum;
        }
        return random =>
        {
            var target = random.NextDouble() * sum;
            var index = Array.BinarySearch(cumulative, target);
            return Math.Min(n - 1, index >= 0 ? index : ~index);
        };
    }
}
