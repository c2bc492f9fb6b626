using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.People;

/// <summary>
/// The person a portal account acts for, created when the account first needs one. Any account can be paid, not only
/// one that linked GitHub: a company, a member, or a contributor known by email gets a person of its own when it links a
/// wallet. Linking a GitHub account later merges that account's person into this one (see
/// <see cref="PersonLinks.AttachUserAsync"/>), so the wallet stays and the GitHub work is paid to it.
/// </summary>
public sealed class EnsureAccountPersonCommand(GuildDbContext db, TimeProvider time)
{
    public async Task<Person> ExecuteAsync(string userId, CancellationToken cancellationToken)
    {
        if (await db.People.SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var person = new Person(time.GetUtcNow());
        person.AttachUser(userId);
        db.People.Add(person);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return person;
        }
        catch (DbUpdateException)
        {
            // Two requests of the same account raced: the unique index on the account kept one person; use it.
            db.Entry(person).State = EntityState.Detached;
            return await db.People.SingleAsync(p => p.UserId == userId, cancellationToken);
        }
    }
}
