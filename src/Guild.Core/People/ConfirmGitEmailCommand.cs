using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.People;

public sealed record GitEmailConfirmedForAnotherError(string Email)
    : DomainError($"{Email} is already confirmed as someone else's; a steward can change that.");

/// <summary>
/// A signed-in person proved, by following a link mailed to it, that a git author email is theirs: the email identity
/// joins their person (made on demand for an account without one), so the commits that carry it count for them. An
/// email already confirmed for another person stays there (a steward decides), and a move that would orphan a
/// published balance is refused (see <see cref="PersonLinks.MoveAsync"/>). No job's guess overrides it afterwards.
/// </summary>
public sealed class ConfirmGitEmailCommand(GuildDbContext db, PersonLinks links, TimeProvider time)
{
    public static bool IsUsable(string? email) => !ContributionsValidation.IsPlaceholderEmail(email) && email!.Trim().Length <= 256;

    public async Task<Outcome<ContributorIdentity>> ExecuteAsync(string userId, string? email, CancellationToken cancellationToken)
    {
        if (!IsUsable(email))
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["email"] = ["must be an email address"] });
        }
        var value = ContributorIdentity.Normalize(IdentityKind.GitEmail, email!);
        var by = $"account:{userId}";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await links.OfUserAsync(userId, cancellationToken);
        if (person is null)
        {
            person = new Person(time.GetUtcNow());
            db.People.Add(person);
            var attached = await links.AttachUserAsync(userId, person, "git email confirmed by mail", by, cancellationToken);
            if (attached.Error is { } refused)
            {
                return refused;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        var identity = await db.ContributorIdentities.SingleOrDefaultAsync(i => i.Kind == IdentityKind.GitEmail && i.Value == value, cancellationToken);
        if (identity is null)
        {
            identity = new ContributorIdentity(IdentityKind.GitEmail, value, null, isBot: false, person);
            db.ContributorIdentities.Add(identity);
        }
        else if (identity.PersonId != person.Id)
        {
            if (identity.LoginSource == LoginSource.Confirmed)
            {
                return new GitEmailConfirmedForAnotherError(value);
            }
            var moved = await links.MoveAsync(identity, person, "git email confirmed by mail", by, cancellationToken);
            if (moved.Error is { } refused)
            {
                return refused;
            }
        }
        var login = await db.ContributorIdentities
            .Where(i => i.PersonId == person.Id && i.Kind == IdentityKind.GitHubLogin)
            .OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefaultAsync(cancellationToken);
        identity.ConfirmOwner(login, by, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return identity;
    }
}
