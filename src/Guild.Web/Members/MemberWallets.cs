using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Members;

/// <summary>The wallet an account acts with as a member: the one linked to its person (on /me, by signature).</summary>
public sealed class MemberWallets(GuildDbContext db)
{
    public async Task<string?> OfUserAsync(string userId, CancellationToken cancellationToken) =>
        await (from person in db.People.AsNoTracking()
               join wallet in db.ContributorWallets.AsNoTracking() on person.Id equals wallet.PersonId
               where person.UserId == userId
               select wallet.Address).FirstOrDefaultAsync(cancellationToken);
}
