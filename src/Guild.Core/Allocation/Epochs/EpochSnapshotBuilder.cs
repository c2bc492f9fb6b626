using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Allocation.Epochs;

/// <summary>
/// Exports an epoch's inputs from the contribution store: one contributor per person (<c>person:{id}</c>, with the
/// public labels of their identities: GitHub logins and ORCIDs as they are, emails as pseudonyms), every contribution
/// created up to the epoch's instant with its pull request's state (a review or comment takes its pull request's) and
/// its flag (the latest steward decision, else the rules) with the note that explains it, the edges between them,
/// wallets, and the balances and cumulative totals the previous published epoch left, with the merges that moved a
/// balance since, and the retroactive grants passed votes owe (not in the genesis epoch). The result is the canonical, hashable snapshot that guild-audit recomputes.
/// </summary>
public sealed class EpochSnapshotBuilder(GuildDbContext db)
{
    /// <param name="vestingStart">When the genesis pool started vesting: the genesis epoch's, carried into every later epoch.</param>
    public async Task<EpochSnapshot> BuildAsync(Epoch epoch, WeightSet weights, long? previousEpoch, DateTimeOffset? vestingStart, CancellationToken cancellationToken)
    {
        var identities = await db.ContributorIdentities.AsNoTracking().ToListAsync(cancellationToken);
        var wallets = await db.ContributorWallets.AsNoTracking().ToDictionaryAsync(w => Person.KeyOf(w.PersonId), w => w.Address, cancellationToken);
        var decisions = (await db.ContributionFlagReviews.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(r => r.ContributionId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!);
        var graph = new Builder(identities, wallets, decisions);
        graph.AddIdentities();
        // Streamed, in the store's order (by id): a million stored contributions are never held at once. Pull requests
        // and issues first: reviews, comments and commits point at them by number. SQLite cannot compare
        // DateTimeOffset in SQL, so the epoch's instant is applied here.
        var store = db.Contributions.AsNoTracking().Include(c => c.CoAuthors).OrderBy(c => c.Id);
        await foreach (var c in store.Where(c => c.Kind == ContributionKind.PullRequest || c.Kind == ContributionKind.Issue).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (c.CreatedAt <= epoch.AsOf)
            {
                graph.AddThread(c);
            }
        }
        await foreach (var c in store.Where(c => c.Kind != ContributionKind.PullRequest && c.Kind != ContributionKind.Issue).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (c.CreatedAt <= epoch.AsOf)
            {
                graph.AddOther(c);
            }
        }
        var snapshot = new EpochSnapshot
        {
            Epoch = epoch.Number,
            Genesis = epoch.Genesis,
            AsOf = epoch.AsOf,
            VestingStart = vestingStart,
            BudgetWei = epoch.BudgetWei,
            CapPpm = epoch.CapPpm,
            MinimumPayoutWei = epoch.MinimumPayoutWei,
            Weights = weights,
            Contributors = graph.Contributors,
            Contributions = graph.Contributions,
            Edges = graph.Edges,
        };
        if (!epoch.Genesis)
        {
            snapshot = snapshot with { Grants = await new Governance.GrantPayments(db).DueAsync(epoch.AsOf, cancellationToken) };
        }
        if (previousEpoch is not { } previous)
        {
            return snapshot;
        }
        var balances = (await db.EpochContributors.AsNoTracking().Where(c => c.Epoch == previous).ToListAsync(cancellationToken))
            .Select(b => b.NextBalance).Where(b => !b.CarriedWei.IsZero || !b.GenesisEntitlementWei.IsZero).ToList();
        var cumulative = await db.EpochAccounts.AsNoTracking().Where(a => a.Epoch == previous).ToListAsync(cancellationToken);
        var survivors = await db.People.AsNoTracking().Where(p => p.MergedIntoId != null)
            .ToDictionaryAsync(p => Person.KeyOf(p.Id), p => Person.KeyOf(p.MergedIntoId!.Value), cancellationToken);
        return snapshot with
        {
            Balances = balances,
            Cumulative = cumulative.Select(a => new AccountTotal(a.Account, a.CumulativeWei)).ToList(),
            Merges = balances.Where(b => survivors.ContainsKey(b.Contributor))
                .Select(b => new SnapshotMerge(b.Contributor, survivors[b.Contributor])).ToList(),
        };
    }

    private sealed class Builder(List<ContributorIdentity> identities, Dictionary<string, string> wallets, Dictionary<long, ContributionFlagReview> decisions)
    {
        private readonly Dictionary<long, string> personOf = identities.ToDictionary(i => i.Id, i => Person.KeyOf(i.PersonId));

        // Logins as pull requests name their merger, for rows recorded before the merger was an identity of its own.
        private readonly Dictionary<string, string> personOfLogin = identities
            .Where(i => i.Kind == IdentityKind.GitHubLogin)
            .GroupBy(i => i.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Person.KeyOf(g.First().PersonId), StringComparer.Ordinal);

        private readonly Dictionary<string, SortedSet<string>> people = new(StringComparer.Ordinal);
        private readonly HashSet<string> bots = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SnapshotContribution> contributions = new(StringComparer.Ordinal);
        private readonly HashSet<SnapshotEdge> edges = [];
        private readonly Dictionary<(string Repository, int Number), string> threads = [];
        private readonly Dictionary<string, ContributionState?> threadStates = new(StringComparer.Ordinal);

        public IReadOnlyList<SnapshotContributor> Contributors => people
            .Select(p => new SnapshotContributor(p.Key, [.. p.Value], wallets.GetValueOrDefault(p.Key), bots.Contains(p.Key) ? "bot" : null))
            .ToList();

        public IReadOnlyList<SnapshotContribution> Contributions => [.. contributions.Values];

        public IReadOnlyList<SnapshotEdge> Edges => [.. edges];

        public void AddIdentities()
        {
            foreach (var identity in identities)
            {
                var person = IdentitiesOf(personOf[identity.Id]);
                person.Add(identity.PublicLabel);
                if (identity.IsBot)
                {
                    bots.Add(personOf[identity.Id]);
                }
            }
        }

        /// <summary>A pull request or an issue: a thread the others refer to by number.</summary>
        public void AddThread(Contribution c)
        {
            var id = Add(c, StateOf(c));
            threadStates[id] = StateOf(c);
            // The number a thread is referred to by; a store row without one is still a contribution, just not a thread.
            if ((c.Number ?? (int.TryParse(c.ExternalId, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null)) is { } number)
            {
                threads.TryAdd((RepositoryOf(c), number), id);
            }
        }

        /// <summary>A review, comment, commit or paper, after every thread.</summary>
        public void AddOther(Contribution c)
        {
            var repository = RepositoryOf(c);
            // A review or comment stands or falls with its pull request: nothing on one closed unmerged counts.
            var onThread = c.Kind is ContributionKind.Review or ContributionKind.IssueComment or ContributionKind.ReviewComment
                && c.Number is { } n && threads.TryGetValue((repository, n), out var t) ? threadStates[t] : null;
            var id = Add(c, onThread);
            if (c.Number is not { } number || c.Kind == ContributionKind.Paper)
            {
                return;
            }
            if (!threads.TryGetValue((repository, number), out var thread))
            {
                if (c.Kind != ContributionKind.Commit)
                {
                    return;
                }
                // Git history alone (no GitHub sync): a squash-merged commit is its pull request's content.
                thread = $"pr:{repository}#{number}";
                threads[(repository, number)] = thread;
                threadStates[thread] = ContributionState.Merged;
                var (flagged, note) = FlagOf(c);
                contributions.TryAdd(thread, new SnapshotContribution(thread, ContributionType.PullRequest, repository, c.CreatedAt, Size(c), flagged, c.Title,
                    ContributionState.Merged, note));
                Edge(EdgeType.Authored, AuthorOf(c), thread);
            }
            Edge(EdgeType.References, id, thread);
            var actor = c.Kind switch
            {
                ContributionKind.Review => EdgeType.Reviewed,
                ContributionKind.IssueComment or ContributionKind.ReviewComment => EdgeType.Commented,
                _ => (EdgeType?)null,
            };
            if (actor is { } type)
            {
                Edge(type, AuthorOf(c), thread);
            }
        }

        private string Add(Contribution c, ContributionState? state)
        {
            var repository = RepositoryOf(c);
            var id = c.Kind switch
            {
                ContributionKind.PullRequest => $"pr:{repository}#{c.ExternalId}",
                ContributionKind.Issue => $"issue:{repository}#{c.ExternalId}",
                ContributionKind.Review => $"review:{repository}#{c.ExternalId}",
                ContributionKind.IssueComment or ContributionKind.ReviewComment => $"comment:{repository}#{c.ExternalId}",
                ContributionKind.Commit => $"commit:{repository}@{c.ExternalId}",
                ContributionKind.Paper => $"paper:{c.ExternalId}",
                _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, null),
            };
            var type = c.Kind switch
            {
                ContributionKind.PullRequest => ContributionType.PullRequest,
                ContributionKind.Issue => ContributionType.Issue,
                ContributionKind.Review => ContributionType.Review,
                ContributionKind.Commit => ContributionType.Commit,
                ContributionKind.Paper => ContributionType.Paper,
                _ => ContributionType.Comment,
            };
            var (flagged, note) = FlagOf(c);
            contributions[id] = new SnapshotContribution(id, type, repository, c.CreatedAt, Size(c), flagged, c.Title, state, note);
            var author = AuthorOf(c);
            Edge(EdgeType.Authored, author, id);
            foreach (var coAuthor in c.CoAuthors)
            {
                // One person is credited once: an author named again as co-author (another of their emails) adds nothing.
                if (personOf.GetValueOrDefault(coAuthor.IdentityId) is { } person && person != author)
                {
                    Edge(EdgeType.CoAuthored, person, id);
                }
            }
            if (c.Kind == ContributionKind.PullRequest)
            {
                var merger = c.MergerId is { } mergerId ? personOf.GetValueOrDefault(mergerId)
                    : c.MergedBy is { Length: > 0 } login ? personOfLogin.GetValueOrDefault(login.ToLowerInvariant()) : null;
                Edge(EdgeType.Merged, merger, id);
            }
            return id;
        }

        private (bool Flagged, string? Note) FlagOf(Contribution c) => ContributionFlagReview.Explain(c.Flags, decisions.GetValueOrDefault(c.Id));

        /// <summary>A pull request's state as GitHub reports it ("merged", "open", "closed" without merging); null when unknown (git history: merged).</summary>
        private static ContributionState? StateOf(Contribution c) => c.Kind != ContributionKind.PullRequest ? null : c.State switch
        {
            "merged" => ContributionState.Merged,
            "open" => ContributionState.Open,
            "closed" => c.MergedAt is null ? ContributionState.Closed : ContributionState.Merged,
            _ => c.MergedAt is not null ? ContributionState.Merged : null,
        };

        private string? AuthorOf(Contribution c) => c.AuthorId is { } author ? personOf.GetValueOrDefault(author) : null;

        private void Edge(EdgeType type, string? source, string target)
        {
            if (source is not null)
            {
                edges.Add(new SnapshotEdge(type, source, target));
            }
        }

        private SortedSet<string> IdentitiesOf(string id)
        {
            if (!people.TryGetValue(id, out var set))
            {
                people[id] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            return set;
        }

        private static string RepositoryOf(Contribution c) => c.Kind == ContributionKind.Paper ? "papers" : $"{c.Host}/{c.Repository}";

        // What the type measures: changed lines net of generated/vendored/lock files, citations for papers.
        private static long Size(Contribution c) => c.Kind switch
        {
            ContributionKind.Paper => c.CitationCount ?? 0,
            _ => Math.Max(0, (c.Additions ?? 0) + (c.Deletions ?? 0) - (c.FlaggedAdditions ?? 0) - (c.FlaggedDeletions ?? 0)),
        };
    }
}
