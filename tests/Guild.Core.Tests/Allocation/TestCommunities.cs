using System.Numerics;
using Guild.Core.Allocation;
using Guild.Core.Claims;

namespace Guild.Core.Tests.Allocation;

/// <summary>Snapshots for tests: small random communities (seeded) and the real nanoGPT history.</summary>
internal static class TestCommunities
{
    public static readonly DateTimeOffset AsOf = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly BigInteger Token = BigInteger.Pow(10, 18);

    /// <summary>A deterministic wallet for a contributor id (test data only).</summary>
    public static string WalletOf(string id)
    {
        var hash = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(id)).ToString();
        return "0x" + hash[^40..];
    }

    /// <summary>
    /// A random community: contributors (some without wallets, some excluded), contributions of every type with
    /// authors and a few more edges each, balances and previous cumulative amounts.
    /// </summary>
    public static EpochSnapshot Random(int seed, int contributorCount, int contributionCount, BigInteger budget, int capPpm, BigInteger minimum)
    {
        var random = new Random(seed);
        var types = Enum.GetValues<ContributionType>();
        var contributors = Enumerable.Range(0, contributorCount).Select(i =>
        {
            var id = $"github:user{i}";
            var roll = random.Next(10);
            return new SnapshotContributor(id, [id], roll < 7 ? WalletOf(id) : null, roll == 9 ? "bot" : null);
        }).ToArray();
        var contributions = Enumerable.Range(0, contributionCount).Select(i => new SnapshotContribution(
            $"c:{i}", types[random.Next(types.Length)], $"repo{random.Next(3)}", AsOf.AddDays(-random.Next(0, 800)),
            random.Next(0, 5000), Flagged: random.Next(20) == 0, Title: $"contribution {i}")).ToArray();
        var edges = new HashSet<SnapshotEdge>();
        if (contributorCount > 0)
        {
            for (var i = 0; i < contributionCount; i++)
            {
                // Power-law-ish authorship: low ids write most.
                var author = (int)(contributorCount * Math.Pow(random.NextDouble(), 2.5));
                edges.Add(new SnapshotEdge(EdgeType.Authored, contributors[author].Id, $"c:{i}"));
                for (var k = random.Next(3); k > 0; k--)
                {
                    var actor = contributors[random.Next(contributorCount)].Id;
                    var type = (EdgeType)random.Next((int)EdgeType.CoAuthored + 1);
                    edges.Add(new SnapshotEdge(type, actor, $"c:{i}"));
                }
                if (i > 0 && random.Next(3) == 0)
                {
                    edges.Add(new SnapshotEdge(random.Next(2) == 0 ? EdgeType.References : EdgeType.Cites, $"c:{i}", $"c:{random.Next(i)}"));
                }
            }
        }
        var balances = contributors.Where(_ => random.Next(4) == 0)
            .Select(c => new ContributorBalance(c.Id, new BigInteger(random.Next(0, 1000)) * Token / 100, 0, 0)).ToArray();
        var cumulative = contributors.Where(c => c.Wallet is not null && random.Next(3) == 0)
            .Select(c => new AccountTotal(c.Wallet!, new BigInteger(random.Next(1, 100000)) * Token)).ToArray();
        return new EpochSnapshot
        {
            Epoch = 2,
            AsOf = AsOf,
            BudgetWei = budget,
            CapPpm = capPpm,
            MinimumPayoutWei = minimum,
            Weights = WeightSet.Default,
            Contributors = contributors,
            Contributions = contributions,
            Edges = edges.ToArray(),
            Balances = balances,
            Cumulative = cumulative,
        };
    }

    /// <summary>The same snapshot with every list shuffled (and wallets in checksum case).</summary>
    public static EpochSnapshot Shuffled(EpochSnapshot snapshot, int seed)
    {
        var random = new Random(seed);
        T[] Shuffle<T>(IEnumerable<T> items)
        {
            var array = items.ToArray();
            random.Shuffle(array);
            return array;
        }
        return snapshot with
        {
            Contributors = Shuffle(snapshot.Contributors.Select(c => c with { Wallet = c.Wallet is null ? null : EthereumAddress.ToChecksum(c.Wallet) })),
            Contributions = Shuffle(snapshot.Contributions),
            Edges = Shuffle(snapshot.Edges),
            Balances = Shuffle(snapshot.Balances),
            Cumulative = Shuffle(snapshot.Cumulative),
        };
    }

    /// <summary>nanoGPT's real history (bench/data), with wallets for two in three contributors.</summary>
    public static EpochSnapshot NanoGpt(BigInteger budget, int capPpm = 100_000)
    {
        var history = new CommitHistory();
        history.Add("karpathy/nanoGPT", CommitHistory.ReadTsvGz(DataFile("karpathy__nanoGPT.commits.tsv.gz")));
        var contributors = history.Contributors
            .Select(c => c with { Wallet = c.Excluded || Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(c.Id)).W3 % 3 == 0 ? null : WalletOf(c.Id) })
            .ToArray();
        return new EpochSnapshot
        {
            Epoch = 1,
            AsOf = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero),
            BudgetWei = budget,
            CapPpm = capPpm,
            MinimumPayoutWei = Token,
            Weights = WeightSet.Default,
            Contributors = contributors,
            Contributions = history.Contributions.ToArray(),
            Edges = history.Edges.ToArray(),
        };
    }

    public static string DataFile(string name)
    {
        var path = Path.Combine(Guild.Testing.TestEnvironment.RepositoryRoot, "bench", "data", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test data {path} is missing.", path);
    }
}
