using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.People;

/// <summary>
/// A steward's decision that two people are one (two GitHub accounts of the same human, say): <c>from</c> merges into
/// <c>into</c> with everything it holds, and the decision is recorded with its reason.
/// </summary>
public sealed class MergePeopleCommand(GuildDbContext db, PersonLinks links)
{
    public async Task<Outcome<Person>> ExecuteAsync(string? from, string? into, string? reason, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var fromId = Person.IdOf(from?.Trim());
        var intoId = Person.IdOf(into?.Trim());
        if (fromId is null) errors.Add("from", "must name a person as person:{id}");
        if (intoId is null) errors.Add("into", "must name a person as person:{id}");
        if (fromId is not null && fromId == intoId) errors.Add("into", "must be another person than from");
        if (PlainText.Problem(reason?.Trim(), 200) is { } problem) errors.Add("reason", problem + ": it is published with the next snapshot's audit trail");
        if (errors.Any)
        {
            return errors.ToError();
        }
        var people = await db.People.Where(p => p.Id == fromId || p.Id == intoId).ToListAsync(cancellationToken);
        if (people.SingleOrDefault(p => p.Id == fromId) is not { } source)
        {
            return new PersonNotFoundError(from!.Trim());
        }
        if (people.SingleOrDefault(p => p.Id == intoId) is not { } target)
        {
            return new PersonNotFoundError(into!.Trim());
        }
        if (source.IsMerged)
        {
            return new PersonAlreadyMergedError(source.Key);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var merged = await links.MergeAsync(source, target, reason!.Trim(), by, cancellationToken);
        if (merged.Error is not null)
        {
            return merged;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }
}
