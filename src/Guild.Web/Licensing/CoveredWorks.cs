using Guild.Core.Contributions;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Licensing;

/// <summary>The tracked works released under the Collective Ownership License, with the date each turns MIT.</summary>
public static class CoveredWorks
{
    public static Task<List<TrackedRepository>> ListAsync(GuildDbContext db, CancellationToken cancellationToken = default) =>
        db.TrackedRepositories.AsNoTracking().Where(r => r.Active && r.LicenseName == LicenseText.Name).OrderBy(r => r.Owner).ThenBy(r => r.Name).ToListAsync(cancellationToken);
}
