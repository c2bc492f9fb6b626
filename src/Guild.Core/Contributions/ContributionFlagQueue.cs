using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>One contribution in the stewards' review queue: why the rules flagged it, and the latest steward decision.</summary>
/// <param name="Author">The author's public label (a login, an ORCID, or an email's pseudonym).</param>
/// <param name="Flagged">Whether it is left out of the next computation.</param>
public sealed record FlaggedContribution(
    long Id, ContributionKind Kind, string Repository, string ExternalId, string? Title, string? Url, string? Author, DateTimeOffset CreatedAt,
    string? RuleReason, bool Flagged, string? Note, string? DecidedBy, DateTimeOffset? DecidedAt);

/// <summary>
/// The stewards' review queue: every contribution a rule flagged (a bot author, only generated, vendored or lock files)
/// or a steward decided on, newest first. Merge commits are flagged by rule too, but only so their lines are not counted
/// twice; they are left out of the queue unless a steward decided on one.
/// </summary>
public sealed class ContributionFlagQueue(GuildDbContext db)
{
    private const ContributionFlags Reviewable = ContributionFlags.BotAuthor | ContributionFlags.FlaggedPathsOnly;

    public async Task<IReadOnlyList<FlaggedContribution>> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var reviewed = db.ContributionFlagReviews.Select(r => r.ContributionId);
        var page = await db.Contributions.AsNoTracking()
            .Where(c => (c.Flags & Reviewable) != 0 || reviewed.Contains(c.Id))
            .OrderByDescending(c => c.Id)
            .Skip(skip).Take(take)
            .Select(c => new { c.Id, c.Kind, c.Host, c.Repository, c.ExternalId, c.Title, c.Url, c.CreatedAt, c.Flags, Author = c.Author })
            .ToListAsync(cancellationToken);
        var ids = page.Select(c => c.Id).ToList();
        var latest = (await db.ContributionFlagReviews.AsNoTracking().Where(r => ids.Contains(r.ContributionId)).ToListAsync(cancellationToken))
            .GroupBy(r => r.ContributionId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!);
        return page.Select(c =>
        {
            var decision = latest.GetValueOrDefault(c.Id);
            var (flagged, note) = ContributionFlagReview.Explain(c.Flags, decision);
            return new FlaggedContribution(c.Id, c.Kind, $"{c.Host}/{c.Repository}", c.ExternalId, c.Title, c.Url, c.Author?.PublicLabel, c.CreatedAt,
                c.Flags == ContributionFlags.None ? null : ContributionFlagReview.Describe(c.Flags), flagged, decision?.Note ?? note, decision?.DecidedBy, decision?.DecidedAt);
        }).ToList();
    }

    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var reviewed = db.ContributionFlagReviews.Select(r => r.ContributionId);
        return db.Contributions.CountAsync(c => (c.Flags & Reviewable) != 0 || reviewed.Contains(c.Id), cancellationToken);
    }
}
