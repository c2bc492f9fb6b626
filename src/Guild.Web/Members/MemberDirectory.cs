using System.Numerics;
using System.Text.Json;
using Guild.Chain.Voting;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Members;

/// <summary>A member as others see them: a GitHub login or their person id (never an email) and their wallet.</summary>
public sealed record MemberEntry(string Name, string Address);

/// <summary>
/// Who the members are (accounts with the Member role and a linked wallet) and who delegates to whom, from the indexed
/// <c>DelegateChanged</c> events (each delegator's latest one counts).
/// </summary>
public sealed class MemberDirectory(GuildDbContext db, EscrowReader escrow)
{
    public async Task<IReadOnlyList<MemberEntry>> MembersAsync(CancellationToken cancellationToken)
    {
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join p in db.People on ur.UserId equals p.UserId
                          join w in db.ContributorWallets on p.Id equals w.PersonId
                          where r.Name == GuildRoles.Member
                          select new { p.Id, w.Address }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var logins = await db.ContributorIdentities.AsNoTracking()
            .Where(i => ids.Contains(i.PersonId) && i.Kind == IdentityKind.GitHubLogin && !i.Value.StartsWith("~"))
            .GroupBy(i => i.PersonId).Select(g => new { g.Key, Login = g.OrderBy(i => i.Id).Select(i => i.Value).First() })
            .ToDictionaryAsync(g => g.Key, g => g.Login, cancellationToken);
        return rows.Select(r => new MemberEntry(logins.TryGetValue(r.Id, out var login) ? "@" + login : Person.KeyOf(r.Id), r.Address))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public string Label(IReadOnlyList<MemberEntry> members, string address) =>
        members.FirstOrDefault(m => m.Address == address) is { } m ? $"{m.Name} ({address})" : address;

    public async Task<IReadOnlyList<(string Who, BigInteger Power)>> DelegatorsOfAsync(string wallet, CancellationToken cancellationToken)
    {
        var events = await db.ChainEvents.AsNoTracking().Where(e => e.Contract == "VoteEscrow" && e.Name == "DelegateChanged")
            .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex).Select(e => e.Payload).ToListAsync(cancellationToken);
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var payload in events)
        {
            using var json = JsonDocument.Parse(payload);
            latest[json.RootElement.GetProperty("delegator").GetString()!.ToLowerInvariant()] = json.RootElement.GetProperty("toDelegate").GetString()!.ToLowerInvariant();
        }
        var result = new List<(string, BigInteger)>();
        foreach (var (delegator, to) in latest)
        {
            if (to == wallet && delegator != wallet)
            {
                result.Add((delegator, (await escrow.StandingAsync(delegator, cancellationToken)).Power));
            }
        }
        return result;
    }
}
