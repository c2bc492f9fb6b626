using System.Numerics;
using Guild.Core.Allocation;

namespace Guild.Testing.Allocation;

/// <summary>One way to game the allocation, each played with the effort an honest contributor spends on real work.</summary>
public enum GamingTactic
{
    /// <summary>Pull requests of cheap junk (ten for the effort of one real piece), closed without merging, commented on by their author.</summary>
    SpamPullRequests,

    /// <summary>One-to-three-line pull requests (typo fixes, ten for one real piece), merged.</summary>
    TypoPullRequests,

    /// <summary>Three people review only each other, rubber-stamping every pull request of the ring.</summary>
    ReviewRing,

    /// <summary>Real work, each pull request sliced into ten times the commits.</summary>
    CommitSplitting,

    /// <summary>Real work, each piece sent as four pull requests.</summary>
    PullRequestSplitting,

    /// <summary>A bot account producing automated pull requests (ten for one real piece) that name its owner as co-author.</summary>
    BotAccounts,

    /// <summary>Pull requests that only regenerate lock files (ten for one real piece).</summary>
    LockFileChurn,

    /// <summary>Half the real work, and four puppet accounts that open pull requests and issues and review and comment only among themselves and on their owner's work.</summary>
    SockPuppets,
}

/// <summary>A person behind one or more accounts: honest (no tactic) or a gamer, with every account they control.</summary>
public sealed record CommunityMember(string Name, GamingTactic? Tactic, IReadOnlyList<string> Accounts);

/// <summary>A synthetic community: its snapshot and who controls which accounts.</summary>
public sealed record GamedCommunity(EpochSnapshot Snapshot, IReadOnlyList<CommunityMember> Members);

/// <summary>
/// Seeded synthetic communities for the gaming suite: honest contributors and two maintainers over a four-week epoch,
/// plus gamers who spend the honest effort on one tactic each (docs/allocation.md, "Gaming"). Effort is counted in
/// pieces of real work, and everyone doing real work does the same eight pieces (the same sizes, at different times),
/// so luck of the draw cannot pass for a tactic. The cheap moves cost a tenth of a piece each (a spam, typo or lock-file
/// pull request, a bot's pull request, a rubber-stamp review), so the same effort buys ten of them.
/// </summary>
public static class GamingCommunity
{
    public const string Repository = "guild/core";
    public const int PiecesPerEpoch = 8;

    public static readonly DateTimeOffset AsOf = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly BigInteger Budget = 1_000_000 * BigInteger.Pow(10, 18);

    public static GamedCommunity Generate(int honest = 40, int gamersPerTactic = 5, int seed = 14, WeightSet? weights = null)
    {
        var builder = new Builder(new Random(seed));
        var maintainers = new[] { "github:maintainer0", "github:maintainer1" };
        var honestPeople = Enumerable.Range(0, honest).Select(i => $"github:honest{i}").ToArray();
        foreach (var m in maintainers) builder.Person(m);
        foreach (var h in honestPeople) builder.Person(h);
        builder.Maintainers = maintainers;
        builder.Reviewers = [.. honestPeople, .. maintainers];

        var members = new List<CommunityMember>();
        members.AddRange(maintainers.Select(m => new CommunityMember(m, null, [m])));
        members.AddRange(honestPeople.Select(h => new CommunityMember(h, null, [h])));
        foreach (var tactic in Enum.GetValues<GamingTactic>())
        {
            var count = tactic == GamingTactic.ReviewRing ? 3 * gamersPerTactic : gamersPerTactic; // rings of three
            var gamers = Enumerable.Range(0, count).Select(i => $"github:{Name(tactic)}{i}").ToArray();
            foreach (var g in gamers)
            {
                builder.Person(g);
                members.Add(new CommunityMember(g, tactic, [g, .. Play(builder, tactic, g, gamers)]));
            }
        }
        // Honest work last, so every gamer's pull request exists for the honest reviewers to pick from.
        foreach (var m in maintainers)
        {
            for (var p = 0; p < PiecesPerEpoch; p++) builder.Piece(m, commits: builder.Commits(), size: builder.Size(p), week: p, mergedBy: maintainers.First(x => x != m));
        }
        foreach (var h in honestPeople)
        {
            for (var p = 0; p < PiecesPerEpoch; p++) builder.Piece(h, commits: builder.Commits(), size: builder.Size(p), week: p);
            builder.Issue(h, answeredBy: builder.Pick(maintainers));
        }
        var splitters = members.Where(m => m.Tactic is GamingTactic.CommitSplitting or GamingTactic.PullRequestSplitting).Select(m => m.Name);
        builder.HonestReviews([.. honestPeople, .. splitters], maintainers);

        var snapshot = new EpochSnapshot
        {
            Epoch = 2,
            AsOf = AsOf,
            BudgetWei = Budget,
            CapPpm = 1_000_000, // the cap is another question: here every share is what the score says
            MinimumPayoutWei = 0,
            Weights = weights ?? WeightSet.Default,
            Contributors = builder.Contributors(),
            Contributions = [.. builder.Contributions],
            Edges = [.. builder.Edges],
        };
        return new GamedCommunity(snapshot, members);
    }

    public static string Name(GamingTactic tactic) => tactic switch
    {
        GamingTactic.SpamPullRequests => "spam",
        GamingTactic.TypoPullRequests => "typo",
        GamingTactic.ReviewRing => "ring",
        GamingTactic.CommitSplitting => "commit-splitter",
        GamingTactic.PullRequestSplitting => "pr-splitter",
        GamingTactic.BotAccounts => "botter",
        GamingTactic.LockFileChurn => "lockfile",
        GamingTactic.SockPuppets => "puppeteer",
        _ => throw new ArgumentOutOfRangeException(nameof(tactic)),
    };

    /// <summary>Plays <paramref name="tactic"/> for <paramref name="gamer"/>; returns the extra accounts they control.</summary>
    private static IEnumerable<string> Play(Builder b, GamingTactic tactic, string gamer, string[] allOfThem)
    {
        switch (tactic)
        {
            case GamingTactic.SpamPullRequests:
                for (var i = 0; i < PiecesPerEpoch * 10; i++)
                {
                    var pr = b.PullRequest(gamer, b.Random.Next(20, 200), ContributionState.Closed, commits: 0);
                    b.Comment(gamer, pr, ContributionState.Closed);
                }
                return [];
            case GamingTactic.TypoPullRequests:
                for (var i = 0; i < PiecesPerEpoch * 10; i++) b.Piece(gamer, commits: 1, size: b.Random.Next(1, 4));
                return [];
            case GamingTactic.ReviewRing:
                {
                    var ring = allOfThem.Skip(Array.IndexOf(allOfThem, gamer) / 3 * 3).Take(3).ToArray();
                    for (var p = 0; p < PiecesPerEpoch; p++)
                    {
                        var pr = b.Piece(gamer, commits: b.Commits(), size: b.Size(p), week: p, reviewed: false);
                        foreach (var friend in ring.Where(r => r != gamer))
                        {
                            b.Review(friend, pr);
                            b.Comment(friend, pr);
                        }
                    }
                    b.NoOutsideReviews.Add(gamer);
                    return [];
                }
            case GamingTactic.CommitSplitting:
                for (var p = 0; p < PiecesPerEpoch; p++) b.Piece(gamer, commits: b.Commits() * 10, size: b.Size(p), week: p);
                return [];
            case GamingTactic.PullRequestSplitting:
                for (var p = 0; p < PiecesPerEpoch; p++)
                {
                    var size = b.Size(p);
                    for (var part = 0; part < 4; part++) b.Piece(gamer, commits: 1, size: Math.Max(1, size / 4), week: p);
                }
                return [];
            case GamingTactic.BotAccounts:
                {
                    var bot = $"{gamer}-helper[bot]";
                    b.Person(bot, exclusion: "bot");
                    for (var i = 0; i < PiecesPerEpoch * 10; i++) b.Piece(bot, commits: 1, size: b.Random.Next(5, 60), coAuthor: gamer, flagNote: "rules: bot author");
                    return [bot];
                }
            case GamingTactic.LockFileChurn:
                for (var i = 0; i < PiecesPerEpoch * 10; i++) b.Piece(gamer, commits: 1, size: b.Random.Next(200, 3000), flagNote: "rules: only generated, vendored or lock files");
                return [];
            case GamingTactic.SockPuppets:
                {
                    var puppets = Enumerable.Range(0, 4).Select(i => $"{gamer}-puppet{i}").ToArray();
                    foreach (var p in puppets) b.Person(p);
                    var own = Enumerable.Range(0, PiecesPerEpoch / 2).Select(p => b.Piece(gamer, commits: b.Commits(), size: b.Size(2 * p), week: 2 * p)).ToList();
                    var theirs = new List<string>();
                    foreach (var p in puppets)
                    {
                        for (var i = 0; i < 5; i++) theirs.Add(b.PullRequest(p, b.Random.Next(20, 200), ContributionState.Closed, commits: 0));
                        for (var i = 0; i < 5; i++) theirs.Add(b.Issue(p, answeredBy: b.Pick(puppets.Where(x => x != p).ToArray())));
                    }
                    foreach (var p in puppets)
                    {
                        foreach (var pr in own) { b.Review(p, pr); b.Comment(p, pr); }
                        foreach (var item in theirs.Where(_ => b.Random.Next(2) == 0))
                        {
                            if (!b.IsAuthor(p, item)) b.Comment(p, item, b.StateOf(item));
                        }
                    }
                    return puppets;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(tactic));
        }
    }

    /// <summary>Builds the snapshot's lists; every id is unique and every edge well-typed.</summary>
    private sealed class Builder(Random random)
    {
        private readonly Dictionary<string, string?> people = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Author, ContributionState? State)> items = new(StringComparer.Ordinal);
        private readonly List<string> pullRequests = [];
        private int next;

        public Random Random { get; } = random;
        public string[] Maintainers { get; set; } = [];
        public string[] Reviewers { get; set; } = [];
        public HashSet<string> NoOutsideReviews { get; } = new(StringComparer.Ordinal);
        public List<SnapshotContribution> Contributions { get; } = [];
        public HashSet<SnapshotEdge> Edges { get; } = [];

        public void Person(string id, string? exclusion = null) => people[id] = exclusion;

        public SnapshotContributor[] Contributors() =>
            [.. people.Select(p => new SnapshotContributor(p.Key, [p.Key], "0x" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(p.Key)))[..40], p.Value))];

        public T Pick<T>(T[] from) => from[Random.Next(from.Length)];

        public int Commits() => Random.Next(1, 4);

        /// <summary>Lines of real piece <paramref name="p"/> of eight: the eight octiles of a log-normal around 100 lines (22 to 450).</summary>
        public int Size(int p) => PieceSizes[p % PieceSizes.Length];

        private static readonly int[] PieceSizes = [22, 42, 62, 85, 117, 162, 240, 450];

        public bool IsAuthor(string person, string item) => items[item].Author == person;

        public ContributionState? StateOf(string item) => items[item].State;

        /// <summary>A merged pull request with its commits, merged by a maintainer, reviewed by someone honest unless <paramref name="reviewed"/> is false.</summary>
        public string Piece(string author, int commits, int size, int? week = null, string? mergedBy = null, bool reviewed = true, string? coAuthor = null, string? flagNote = null)
        {
            var pr = PullRequest(author, size, ContributionState.Merged, commits, coAuthor, flagNote, week);
            Edge(EdgeType.Merged, mergedBy ?? Pick(Maintainers.Where(m => m != author).ToArray()), pr);
            if (reviewed)
            {
                pullRequests.Add(pr);
            }
            return pr;
        }

        /// <param name="week">Real piece of work: in week <c>week % 4</c> of the epoch, so everyone's work falls into weeks alike.</param>
        public string PullRequest(string author, int size, ContributionState state, int commits, string? coAuthor = null, string? flagNote = null, int? week = null)
        {
            var created = week is { } w ? InWeek(w % 4) : When();
            var pr = Add("pr", ContributionType.PullRequest, author, created, size, state, flagNote);
            for (var c = 0; c < commits; c++)
            {
                var part = (size / commits) + (c < size % commits ? 1 : 0);
                var commit = Add("commit", ContributionType.Commit, author, created.AddMinutes(c), part, null, flagNote);
                Edge(EdgeType.References, commit, pr);
                if (coAuthor is not null) Edge(EdgeType.CoAuthored, coAuthor, commit);
            }
            if (coAuthor is not null) Edge(EdgeType.CoAuthored, coAuthor, pr);
            return pr;
        }

        public string Issue(string author, string answeredBy)
        {
            var issue = Add("issue", ContributionType.Issue, author, When(), 0, null, null);
            Comment(answeredBy, issue);
            return issue;
        }

        public void Review(string reviewer, string pr)
        {
            var review = Add("review", ContributionType.Review, reviewer, When(), 0, items[pr].State, null);
            Edge(EdgeType.References, review, pr);
            Edge(EdgeType.Reviewed, reviewer, pr);
        }

        public void Comment(string author, string thread, ContributionState? state = null)
        {
            var comment = Add("comment", ContributionType.Comment, author, When(), Random.Next(40, 400), state ?? items[thread].State, null);
            Edge(EdgeType.References, comment, thread);
            Edge(EdgeType.Commented, author, thread);
        }

        /// <summary>
        /// Every reviewable pull request gets one reviewer and every other one a comment: colleagues (the honest, and the
        /// splitters, whose work is real) review each other in turn, so each reviews as many pull requests as they open,
        /// and the maintainers take the other gamers' pull requests, however many there are.
        /// </summary>
        public void HonestReviews(string[] colleagues, string[] maintainers)
        {
            var colleagueSet = colleagues.ToHashSet(StringComparer.Ordinal);
            var order = pullRequests.ToArray();
            Random.Shuffle(order);
            int turn = 0, maintainerTurn = 0, comment = 0;
            string Next(string author, string[] pool, ref int cursor)
            {
                while (pool[cursor % pool.Length] == author) cursor++;
                return pool[cursor++ % pool.Length];
            }
            foreach (var pr in order)
            {
                var author = items[pr].Author;
                if (NoOutsideReviews.Contains(author)) continue;
                if (colleagueSet.Contains(author))
                {
                    Review(Next(author, colleagues, ref turn), pr);
                    if (comment++ % 2 == 0) Comment(Next(author, colleagues, ref turn), pr);
                }
                else
                {
                    Review(Next(author, maintainers, ref maintainerTurn), pr);
                    if (comment++ % 2 == 0) Comment(Next(author, maintainers, ref maintainerTurn), pr);
                }
            }
        }

        private string Add(string kind, ContributionType type, string author, DateTimeOffset created, long size, ContributionState? state, string? flagNote)
        {
            var id = $"{kind}:{Repository}#{next++}";
            items[id] = (author, state);
            Contributions.Add(new SnapshotContribution(id, type, Repository, created, size, Flagged: flagNote is not null, State: state, Note: flagNote));
            Edge(EdgeType.Authored, author, id);
            return id;
        }

        private void Edge(EdgeType type, string source, string target) => Edges.Add(new SnapshotEdge(type, source, target));

        /// <summary>Uniform over the epoch's four weeks.</summary>
        private DateTimeOffset When() => FirstWeek.AddSeconds(Random.Next(0, 28 * 86400));

        /// <summary>Uniform within one of the epoch's four weeks (the engine's 7-day windows), leaving an hour for a piece's commits.</summary>
        private DateTimeOffset InWeek(int week) => FirstWeek.AddDays(7 * week).AddSeconds(Random.Next(0, (7 * 86400) - 3600));
    }

    /// <summary>The epoch's four weeks are the engine's last four 7-day windows (counted from 1970-01-01) before the as-of time.</summary>
    private static readonly DateTimeOffset FirstWeek = DateTimeOffset.FromUnixTimeSeconds((AsOf.ToUnixTimeSeconds() / (7 * 86400) * 7 * 86400) - (28 * 86400));
}
