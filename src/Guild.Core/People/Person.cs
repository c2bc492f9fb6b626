namespace Guild.Core.People;

/// <summary>
/// One human, whatever names they go by. Identities (GitHub accounts, git emails, ORCIDs) point to a person; balances,
/// genesis entitlements, the wallet and the portal account belong to the person. Its id never derives from a login, a
/// name or an email, all of which change or merge: epochs name people <c>person:{Id}</c>. A person merged into another
/// keeps its row as a tombstone pointing at the survivor, so what earlier epochs recorded under its id still resolves.
/// </summary>
public sealed class Person
{
    private Person() { }

    public Person(DateTimeOffset createdAt) => CreatedAt = createdAt;

    public long Id { get; private set; }

    /// <summary>The portal account that acts for this person (links wallets, sees private details); at most one.</summary>
    public string? UserId { get; private set; }

    /// <summary>Set once merged: the surviving person (always the final one: chains are flattened).</summary>
    public long? MergedIntoId { get; private set; }
    public Person? MergedInto { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? MergedAt { get; private set; }

    public bool IsMerged => MergedIntoId is not null || MergedInto is not null;

    /// <summary>How allocations, snapshots and reports name this person.</summary>
    public string Key => KeyOf(Id);

    public static string KeyOf(long id) => $"person:{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The id in a <c>person:{id}</c> key, or null when the key names no person.</summary>
    public static long? IdOf(string? key) =>
        key is not null && key.StartsWith("person:", StringComparison.Ordinal)
        && long.TryParse(key.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    internal void AttachUser(string userId) => UserId = userId;

    internal void DetachUser() => UserId = null;

    internal void MarkMergedInto(Person survivor, DateTimeOffset now)
    {
        MergedInto = survivor;
        MergedIntoId = survivor.Id == 0 ? null : survivor.Id;
        MergedAt = now;
        UserId = null;
    }
}
