using System.Numerics;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.People;

/// <summary>
/// Keeps identities pointing at the right person: finds or creates GitHub accounts by numeric id (following renames),
/// moves an identity to another person, and merges two people into one with an audit record. Callers save; a caller
/// that saves in steps wraps them in one transaction.
/// </summary>
public sealed class PersonLinks(GuildDbContext db, TimeProvider time)
{
    /// <summary>
    /// The GitHub account rows for the given accounts, by lower-case login as given. An account known by id is found by
    /// id and renamed when its login changed; a row known by login only adopts the id; a row holding a login that
    /// another account id now uses is set aside (its value becomes a placeholder) until it is seen again.
    /// </summary>
    public async Task<Dictionary<string, ContributorIdentity>> GitHubAccountsAsync(
        IReadOnlyCollection<(string Login, long? Id, bool IsBot)> accounts, string by, CancellationToken cancellationToken)
    {
        var wanted = accounts
            .Select(a => (Login: ContributorIdentity.Normalize(IdentityKind.GitHubLogin, a.Login), a.Id, a.IsBot))
            .Where(a => a.Login.Length > 0)
            .ToList();
        var result = new Dictionary<string, ContributorIdentity>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return result;
        }
        var byId = new Dictionary<long, ContributorIdentity>();
        var byLogin = new Dictionary<string, ContributorIdentity>(StringComparer.Ordinal);
        foreach (var local in db.ContributorIdentities.Local.Where(i => i.Kind == IdentityKind.GitHubLogin))
        {
            Index(local);
        }
        var ids = wanted.Where(a => a.Id is not null).Select(a => a.Id!.Value).Distinct().ToList();
        var logins = wanted.Select(a => a.Login).Distinct().ToList();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var row in await db.ContributorIdentities.Where(i => i.Kind == IdentityKind.GitHubLogin && chunk.Contains(i.GitHubId!.Value)).ToListAsync(cancellationToken))
            {
                Index(row);
            }
        }
        foreach (var chunk in logins.Chunk(1000))
        {
            foreach (var row in await db.ContributorIdentities.Where(i => i.Kind == IdentityKind.GitHubLogin && chunk.Contains(i.Value)).ToListAsync(cancellationToken))
            {
                Index(row);
            }
        }

        // Accounts with an id first: a login-only mention in the same batch then finds the row they settled.
        foreach (var (login, id, bot) in wanted.OrderBy(a => a.Id is null))
        {
            ContributorIdentity row;
            if (id is { } accountId)
            {
                if (byId.TryGetValue(accountId, out var known))
                {
                    row = known;
                    if (row.Value != login)
                    {
                        await ReleaseLoginAsync(login, row, byLogin, by, cancellationToken);
                        byLogin.Remove(row.Value);
                        row.Rename(login);
                        byLogin[login] = row;
                    }
                }
                else if (byLogin.TryGetValue(login, out var holder) && holder.GitHubId is null)
                {
                    row = holder;
                    row.AdoptGitHubId(accountId);
                    byId[accountId] = row;
                }
                else
                {
                    await ReleaseLoginAsync(login, null, byLogin, by, cancellationToken);
                    row = Create(login, accountId, bot);
                }
            }
            else
            {
                row = byLogin.TryGetValue(login, out var found) ? found : Create(login, null, bot);
            }
            row.Observe(null, bot);
            result[login] = row;
        }
        return result;

        void Index(ContributorIdentity row)
        {
            if (row.GitHubId is { } rowId)
            {
                byId[rowId] = row;
            }
            byLogin[row.Value] = row;
        }

        ContributorIdentity Create(string login, long? accountId, bool bot)
        {
            var row = new ContributorIdentity(IdentityKind.GitHubLogin, login, null, bot, new Person(time.GetUtcNow()), accountId);
            db.ContributorIdentities.Add(row);
            Index(row);
            return row;
        }
    }

    /// <summary>One account by login and, when known, id (see <see cref="GitHubAccountsAsync"/>).</summary>
    public async Task<ContributorIdentity> GitHubAccountAsync(string login, long? id, bool isBot, string by, CancellationToken cancellationToken) =>
        (await GitHubAccountsAsync([(login, id, isBot)], by, cancellationToken))[ContributorIdentity.Normalize(IdentityKind.GitHubLogin, login)];

    /// <summary>
    /// Frees <paramref name="login"/> for <paramref name="taker"/> (or a new row): a row still holding it under another
    /// account id was renamed away on GitHub; one holding it by login only was this very account, so its person merges
    /// into the taker's.
    /// </summary>
    private async Task ReleaseLoginAsync(string login, ContributorIdentity? taker, Dictionary<string, ContributorIdentity> byLogin, string by, CancellationToken cancellationToken)
    {
        if (!byLogin.TryGetValue(login, out var holder) || holder == taker)
        {
            return;
        }
        if (holder.Id == 0)
        {
            await db.SaveChangesAsync(cancellationToken); // the placeholder value names the row's id
        }
        if (taker is not null && holder.GitHubId is null)
        {
            var merged = await MergeAsync(await PersonOfAsync(holder, cancellationToken), await PersonOfAsync(taker, cancellationToken),
                "GitHub account seen under a login recorded before its id", by, cancellationToken);
            if (merged.Error is { } error)
            {
                throw new InvalidOperationException(error.Message);
            }
        }
        holder.Supersede(holder.Id);
        byLogin.Remove(login);
        // The unique login must be free in the database before another row takes it.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Points <paramref name="identity"/> at <paramref name="target"/>. When it was its person's last identity, that
    /// person merges into the target (balances, entitlements and wallet follow); otherwise it is a split, refused when it
    /// would orphan an unpaid balance (<see cref="IdentitySplitWouldOrphanError"/>).
    /// </summary>
    public async Task<Outcome<Person>> MoveAsync(ContributorIdentity identity, Person target, string reason, string by, CancellationToken cancellationToken)
    {
        target = await SurvivorAsync(target, cancellationToken);
        var source = await PersonOfAsync(identity, cancellationToken);
        if (source == target)
        {
            return target;
        }
        if (await OthersOfAsync(source, identity, cancellationToken) == 0)
        {
            return await MergeAsync(source, target, reason, by, cancellationToken);
        }
        if (identity.Id != 0 && await OutstandingAsync(source, identity, cancellationToken) is { Sign: > 0 } outstanding)
        {
            return new IdentitySplitWouldOrphanError(identity.PublicLabel, source.Key, outstanding);
        }
        identity.AssignTo(target);
        return target;
    }

    /// <summary>
    /// Makes <paramref name="from"/> part of <paramref name="into"/>: every identity moves, the wallet moves when the
    /// survivor has none (otherwise the survivor's stays and the other is dropped; what was paid to it stays claimable
    /// there), the portal account moves, and <paramref name="from"/> becomes a tombstone. Balances and entitlements
    /// follow at the next snapshot, which lists the merge.
    /// </summary>
    public async Task<Outcome<Person>> MergeAsync(Person from, Person into, string reason, string by, CancellationToken cancellationToken)
    {
        into = await SurvivorAsync(into, cancellationToken);
        from = await SurvivorAsync(from, cancellationToken);
        if (from == into)
        {
            return into;
        }
        if (from.UserId is not null && into.UserId is not null && from.UserId != into.UserId)
        {
            return new PeopleOfDifferentAccountsError(Label(from), Label(into));
        }
        var now = time.GetUtcNow();
        var merge = new PersonMerge(from, into, reason, by, now);

        if (from.Id != 0)
        {
            foreach (var identity in await db.ContributorIdentities.Where(i => i.PersonId == from.Id).ToListAsync(cancellationToken))
            {
                identity.AssignTo(into);
            }
            var fromWallet = await db.ContributorWallets.SingleOrDefaultAsync(w => w.PersonId == from.Id, cancellationToken);
            if (fromWallet is not null)
            {
                var intoWallet = into.Id == 0 ? null : await db.ContributorWallets.SingleOrDefaultAsync(w => w.PersonId == into.Id, cancellationToken);
                db.ContributorWallets.Remove(fromWallet);
                if (intoWallet is null)
                {
                    if (into.Id == 0)
                    {
                        await db.SaveChangesAsync(cancellationToken); // the wallet row is keyed by the survivor's id
                    }
                    db.ContributorWallets.Add(new ContributorWallet(into.Id, fromWallet.Address, fromWallet.LinkedAt));
                    merge.Note = $"wallet {fromWallet.Address} moved to the survivor";
                }
                else
                {
                    merge.Note = $"survivor keeps wallet {intoWallet.Address}; {fromWallet.Address} keeps what was already paid to it";
                }
            }
            foreach (var earlier in await db.People.Where(p => p.MergedIntoId == from.Id).ToListAsync(cancellationToken))
            {
                earlier.MarkMergedInto(into, earlier.MergedAt ?? now);
            }
        }
        foreach (var identity in db.ContributorIdentities.Local.Where(i => i.Person == from))
        {
            identity.AssignTo(into);
        }
        if (from.UserId is { } user)
        {
            from.DetachUser();
            if (into.UserId is null)
            {
                if (from.Id != 0 && into.Id != 0)
                {
                    await db.SaveChangesAsync(cancellationToken); // one person per account, at every statement
                }
                into.AttachUser(user);
            }
        }
        from.MarkMergedInto(into, now);
        db.PersonMerges.Add(merge);
        return into;
    }

    /// <summary>The person acting for a portal account, or null.</summary>
    public Task<Person?> OfUserAsync(string userId, CancellationToken cancellationToken) =>
        db.People.SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);

    /// <summary>Gives the account its person: <paramref name="person"/>, merging the account's earlier person into it.</summary>
    public async Task<Outcome<Person>> AttachUserAsync(string userId, Person person, string reason, string by, CancellationToken cancellationToken)
    {
        person = await SurvivorAsync(person, cancellationToken);
        if (person.UserId == userId)
        {
            return person;
        }
        if (person.UserId is not null)
        {
            return new PeopleOfDifferentAccountsError(Label(person), "this account");
        }
        if (await OfUserAsync(userId, cancellationToken) is { } current && current != person)
        {
            return await MergeAsync(person, current, reason, by, cancellationToken);
        }
        person.AttachUser(userId);
        return person;
    }

    private async Task<Person> PersonOfAsync(ContributorIdentity identity, CancellationToken cancellationToken) =>
        await SurvivorAsync(identity.Person ?? await db.People.SingleAsync(p => p.Id == identity.PersonId, cancellationToken), cancellationToken);

    private async Task<Person> SurvivorAsync(Person person, CancellationToken cancellationToken) =>
        person.MergedInto ?? (person.MergedIntoId is { } id ? await db.People.SingleAsync(p => p.Id == id, cancellationToken) : person);

    /// <summary>How many identities besides <paramref name="identity"/> point at <paramref name="person"/>, unsaved changes included.</summary>
    private async Task<int> OthersOfAsync(Person person, ContributorIdentity identity, CancellationToken cancellationToken)
    {
        var tracked = db.ContributorIdentities.Local.Where(i => i.Id != 0).ToDictionary(i => i.Id);
        var stored = person.Id == 0 ? [] : await db.ContributorIdentities.AsNoTracking()
            .Where(i => i.PersonId == person.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        return stored.Count(id => id != identity.Id && (!tracked.TryGetValue(id, out var t) || BelongsTo(t, person)))
            + tracked.Values.Count(i => i != identity && !stored.Contains(i.Id) && BelongsTo(i, person))
            + db.ContributorIdentities.Local.Count(i => i.Id == 0 && i != identity && BelongsTo(i, person));

        static bool BelongsTo(ContributorIdentity i, Person p) => i.Person is not null ? i.Person == p : i.PersonId == p.Id;
    }

    /// <summary>
    /// What <paramref name="person"/> is still owed at the latest published epoch (carried, plus genesis entitlement not yet
    /// released), when <paramref name="identity"/> has work counted in that epoch; zero otherwise.
    /// </summary>
    private async Task<BigInteger> OutstandingAsync(Person person, ContributorIdentity identity, CancellationToken cancellationToken)
    {
        var latest = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Published)
            .OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return BigInteger.Zero;
        }
        // SQLite cannot compare DateTimeOffset in SQL: read the identity's creation times and compare here.
        var created = await db.Contributions.AsNoTracking()
            .Where(c => c.AuthorId == identity.Id || c.CoAuthors.Any(a => a.IdentityId == identity.Id))
            .Select(c => c.CreatedAt).ToListAsync(cancellationToken);
        if (!created.Any(at => at <= latest.AsOf))
        {
            return BigInteger.Zero;
        }
        var keys = (await db.People.AsNoTracking().Where(p => p.MergedIntoId == person.Id).Select(p => p.Id).ToListAsync(cancellationToken))
            .Append(person.Id).Select(Person.KeyOf).ToList();
        var lines = await db.EpochContributors.AsNoTracking().Where(c => c.Epoch == latest.Number && keys.Contains(c.Contributor)).ToListAsync(cancellationToken);
        var outstanding = BigInteger.Zero;
        foreach (var line in lines)
        {
            outstanding += line.CarriedWei + line.GenesisEntitlementWei - line.GenesisReleasedTotalWei;
        }
        return outstanding;
    }

    private static string Label(Person person) => person.Id == 0 ? "a new person" : person.Key;
}
