using Guild.Core.Data;
using Guild.Core.People;
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
public sealed class RecordContributionsCommand(GuildDbContext db, ContributionRules rules, PersonLinks links, TimeProvider time)
{
    private const string By = "ingestion";

    public async Task<RecordedContributions> ExecuteAsync(ContributionSource source, IReadOnlyList<ContributionRecord> records, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Identity bookkeeping may save in steps (a renamed account frees its old login first); the caller's cursor and
        // this page still commit together.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
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
            var author = Usable(record.Author) is { } authorRef ? identities[authorRef.Key] : null;
            var merger = MergerOf(record) is { } mergerRef ? identities[mergerRef.Key] : null;
            var bot = author?.IsBot == true;
            contribution.Apply(record, author, merger, bot, now);
            if (record.CoAuthors is not null)
            {
                contribution.ReplaceCoAuthors(record.CoAuthors
                    .Where(c => Usable(c) is not null)
                    .Select(c => identities[c.Key])
                    .Where(i => i != author)
                    .Distinct());
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new RecordedContributions(inserted, updated);
    }

    /// <summary>A reference that can name a person: placeholder emails (<c>&lt;&gt;</c>, <c>none</c>, no <c>@</c>) name nobody.</summary>
    private static IdentityRef? Usable(IdentityRef? reference) =>
        reference is null || (reference.Kind == IdentityKind.GitEmail && ContributionsValidation.IsPlaceholderEmail(reference.Value))
            || string.IsNullOrWhiteSpace(reference.Value)
            ? null
            : reference;

    private static IdentityRef? MergerOf(ContributionRecord record) =>
        record.MergedBy is { Length: > 0 } login ? IdentityRef.GitHub(login, record.MergedByGitHubId) : null;

    /// <summary>
    /// Finds or creates every identity the records name, each pointing at its person: GitHub accounts by id (renames
    /// followed), emails and ORCIDs by value. An email or ORCID a source ties to a GitHub login joins that account's
    /// person; when it was the only identity of a person with history, that person merges into the account's.
    /// </summary>
    private async Task<Dictionary<string, ContributorIdentity>> ResolveIdentitiesAsync(IReadOnlyList<ContributionRecord> records, CancellationToken cancellationToken)
    {
        var refs = records
            .SelectMany(r => new[] { Usable(r.Author), MergerOf(r) }.Concat((r.CoAuthors ?? []).Select(Usable)))
            .OfType<IdentityRef>()
            .GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => g.ToList());

        var accounts = new List<(string Login, long? Id, bool IsBot)>();
        foreach (var reference in refs.Values.SelectMany(list => list))
        {
            if (reference.Kind == IdentityKind.GitHubLogin)
            {
                accounts.Add((reference.Value, reference.GitHubId, rules.IsBot(reference.Value)));
            }
            else if (!string.IsNullOrWhiteSpace(reference.Login))
            {
                accounts.Add((reference.Login, reference.GitHubId, rules.IsBot(reference.Login)));
            }
        }
        var github = await links.GitHubAccountsAsync(accounts, By, cancellationToken);
        string LoginKey(string login) => ContributorIdentity.Normalize(IdentityKind.GitHubLogin, login);

        var found = new Dictionary<string, ContributorIdentity>(StringComparer.Ordinal);
        foreach (var (key, observations) in refs.Where(r => r.Value[0].Kind == IdentityKind.GitHubLogin))
        {
            var account = github[LoginKey(observations[0].Value)];
            account.Observe(observations.Select(o => o.DisplayName).LastOrDefault(n => !string.IsNullOrWhiteSpace(n)), false);
            found[key] = account;
        }

        var others = refs.Where(r => r.Value[0].Kind != IdentityKind.GitHubLogin).ToList();
        foreach (var kindGroup in others.Select(r => r.Value[0]).GroupBy(r => r.Kind))
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

        foreach (var (key, observations) in others)
        {
            var first = observations[0];
            var observed = observations.Where(o => !string.IsNullOrWhiteSpace(o.Login)).OrderByDescending(o => o.Source).FirstOrDefault();
            var account = observed is null ? null : github[LoginKey(observed.Login!)];
            var bot = rules.IsBot(observed?.Login);
            var displayName = observations.Select(o => o.DisplayName).LastOrDefault(n => !string.IsNullOrWhiteSpace(n));
            if (!found.TryGetValue(key, out var identity))
            {
                var person = account is null ? new Person(time.GetUtcNow()) : await PersonOfAsync(account, cancellationToken);
                identity = new ContributorIdentity(first.Kind, first.Value, displayName, bot, person);
                if (observed is not null)
                {
                    identity.Resolve(observed.Login!, observed.Source, bot);
                }
                db.ContributorIdentities.Add(identity);
                found[key] = identity;
                continue;
            }
            identity.Observe(displayName, bot);
            if (observed is null || account is null)
            {
                continue;
            }
            var resolves = identity.WouldResolve(observed.Login!, observed.Source);
            if (resolves || (identity.Login == LoginKey(observed.Login!) && !SamePerson(identity, account)))
            {
                var moved = await links.MoveAsync(identity, await PersonOfAsync(account, cancellationToken), Reason(observed.Source), By, cancellationToken);
                // A refused move (it would orphan a balance, or join two portal accounts) leaves the identity as it was.
                if (moved.Error is null && resolves)
                {
                    identity.Resolve(observed.Login!, observed.Source, bot);
                }
            }
        }
        return found;
    }

    private async Task<Person> PersonOfAsync(ContributorIdentity identity, CancellationToken cancellationToken) =>
        identity.Person ?? await db.People.FindAsync([identity.PersonId], cancellationToken)
            ?? throw new InvalidOperationException($"Identity {identity.Id} points at no person.");

    private static bool SamePerson(ContributorIdentity a, ContributorIdentity b) =>
        a.Person is not null && b.Person is not null ? a.Person == b.Person : a.PersonId == b.PersonId && a.PersonId != 0;

    private static string Reason(LoginSource source) => source switch
    {
        LoginSource.NoreplyEmail => "noreply email names the GitHub account",
        LoginSource.CommitApi => "GitHub attributes the email's commits to the account",
        _ => "identity resolved to a GitHub account",
    };
}
