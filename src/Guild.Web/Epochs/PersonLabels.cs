using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>
/// How public pages name people: <c>@login</c> for a GitHub account, an ORCID, or else the person's id as a pseudonym
/// (<c>person:17</c>). Never an email: nothing public pairs a person's email with their wallet. A person merged since
/// an epoch is named as the person they are part of now.
/// </summary>
public static class PersonLabels
{
    public static async Task<Dictionary<string, string>> ForAsync(GuildDbContext db, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Select(Person.IdOf).OfType<long>().Distinct().ToList();
        var survivors = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id) && p.MergedIntoId != null)
            .ToDictionaryAsync(p => p.Id, p => p.MergedIntoId!.Value, cancellationToken);
        var owners = ids.Select(id => survivors.GetValueOrDefault(id, id)).Distinct().ToList();
        var names = (await db.ContributorIdentities.AsNoTracking()
                .Where(i => owners.Contains(i.PersonId) && i.Kind != IdentityKind.GitEmail && !i.Value.StartsWith("~"))
                .Select(i => new { i.PersonId, i.Kind, i.Value, i.Id }).ToListAsync(cancellationToken))
            .GroupBy(i => i.PersonId)
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i.Kind).ThenBy(i => i.Id).Select(i => i.Kind == IdentityKind.GitHubLogin ? "@" + i.Value : "ORCID " + i.Value).First());
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var owner = survivors.GetValueOrDefault(id, id);
            var name = names.GetValueOrDefault(owner) ?? Person.KeyOf(owner);
            labels[Person.KeyOf(id)] = owner == id ? name : $"{name} (merged {Person.KeyOf(id)})";
        }
        return labels;
    }

    public static string Of(this IReadOnlyDictionary<string, string> labels, string key) => labels.GetValueOrDefault(key) ?? key;
}
