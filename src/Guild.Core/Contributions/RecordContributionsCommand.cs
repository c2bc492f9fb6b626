using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>Where a batch of contributions comes from: the first three parts of their natural keys.</summary>
public sealed record ContributionSource(string Host, string Repository, long? TrackedRepositoryId)
{
    public const string PapersHost = "doi.org";
    public const string PapersRepository = "papers";

    public static ContributionSource For(TrackedRepository repository) =>
        new(repository.HostKey, repository.FullName.ToLowerInvariant(), repository.Id);

    public static ContributionSource Papers { get; } = new(PapersHost, PapersRepository, null);
}

public sealed record RecordedContributions(int Inserted, int Updated);

/// <summary>
/// Upserts a batch of contributions by natural key, with their authors' identities, and saves the context in one
/// transaction. Callers stage their cursor and progress changes on the same context first, so a page of results and
/// the position after it commit together: a crash loses at most the page in flight, and re-running it changes nothing.
/// </summary>
public sealed class RecordContributionsCommand(GuildDbContext db, ContributionRules rules, TimeProvider time)
{
    public async Task<RecordedContributions> ExecuteAsync(ContributionSource source, IReadOnlyList<ContributionRecord> records, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var identities = await ResolveIdentitiesAsync(records, cancellationToken);

        var existing = new Dictionary<(ContributionKind, string), Contribution>();
        foreach (var group in records.GroupBy(r => r.Kind))
        {
            var ids = group.Select(r => r.ExternalId).Distinct().ToList();
            var kind = group.Key;
            var query = db.Contributions.Where(c => c.Host == source.Host && c.Repository == source.Repository && c.Kind == kind && ids.Contains(c.ExternalId));
            if (group.Any(r => r.CoAuthors is not null))
            {
                query = query.Include(c => c.CoAuthors);
            }
            foreach (var contribution in await query.ToListAsync(cancellationToken))
            {
                existing[(contribution.Kind, contribution.ExternalId)] = contribution;
            }
        }

        int inserted = 0, updated = 0;
        foreach (var record in records)
        {
            if (!existing.TryGetValue((record.Kind, record.ExternalId), out var contribution))
            {
                contribution = new Contribution(source.Host, source.Repository, record.Kind, record.ExternalId, source.TrackedRepositoryId, now);
                db.Contributions.Add(contribution);
                existing[(record.Kind, record.ExternalId)] = contribution;
                inserted++;
            }
            else if (db.Entry(contribution).State != EntityState.Added)
            {
                updated++;
            }
            var author = record.Author is null ? null : identities[record.Author.Key];
            var bot = author?.IsBot == true;
            contribution.Apply(record, author, null, bot, now);
            if (record.CoAuthors is not null)
            {
                contribution.ReplaceCoAuthors(record.CoAuthors
                    .Select(c => identities[c.Key])
                    .Where(i => i != author)
                    .Distinct()
                    .Select(i => ((ContributorIdentity?)i, (long?)null)));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RecordedContributions(inserted, updated);
    }

    private async Task<Dictionary<string, ContributorIdentity>> ResolveIdentitiesAsync(IReadOnlyList<ContributionRecord> records, CancellationToken cancellationToken)
    {
        var refs = records
            .SelectMany(r => (r.Author is null ? [] : new[] { r.Author }).Concat(r.CoAuthors ?? []))
            .GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => g.ToList());

        var found = new Dictionary<string, ContributorIdentity>(StringComparer.Ordinal);
        foreach (var kindGroup in refs.Values.Select(list => list[0]).GroupBy(r => r.Kind))
        {
            var kind = kindGroup.Key;
            var values = kindGroup.Select(r => ContributorIdentity.Normalize(kind, r.Value)).Distinct().ToList();
            foreach (var chunk in values.Chunk(1000))
            {
                var list = chunk.ToList();
                foreach (var identity in await db.ContributorIdentities.Where(i => i.Kind == kind && list.Contains(i.Value)).ToListAsync(cancellationToken))
                {
                    found[$"{identity.Kind}:{identity.Value}"] = identity;
                }
            }
        }

        foreach (var (key, observations) in refs)
        {
            var first = observations[0];
            var login = observations.Select(o => o.Login).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
            var bot = rules.IsBot(first.Kind == IdentityKind.GitHubLogin ? first.Value : login);
            if (!found.TryGetValue(key, out var identity))
            {
                identity = new ContributorIdentity(first.Kind, first.Value, first.DisplayName, bot);
                db.ContributorIdentities.Add(identity);
                found[key] = identity;
            }
            identity.Observe(observations.Select(o => o.DisplayName).LastOrDefault(n => !string.IsNullOrWhiteSpace(n)), bot);
            foreach (var observation in observations.Where(o => !string.IsNullOrWhiteSpace(o.Login)).OrderByDescending(o => o.Source).Take(1))
            {
                identity.Resolve(observation.Login!, observation.Source, rules.IsBot(observation.Login));
            }
        }
        return found;
    }
}
