using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>
/// A steward flags a contribution (it stops counting from the next computation) or unflags one a rule flagged, with a
/// note; who and when are recorded. The decision applies to epochs computed afterwards; published ones never change.
/// </summary>
public sealed class ReviewContributionFlagCommand(GuildDbContext db, TimeProvider time)
{
    public const int NoteMaxLength = 1000;

    public async Task<Outcome<ContributionFlagReview>> ExecuteAsync(long contributionId, bool flagged, string? note, string decidedBy, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        note = note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            errors.Add("note", "is required: say why, it goes into the epoch report");
        }
        else if (PlainText.Problem(note, NoteMaxLength) is { } problem)
        {
            errors.Add("note", problem);
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (!await db.Contributions.AnyAsync(c => c.Id == contributionId, cancellationToken))
        {
            return new ContributionNotFoundError(contributionId);
        }
        var review = new ContributionFlagReview(contributionId, flagged, note!, decidedBy, time.GetUtcNow());
        db.ContributionFlagReviews.Add(review);
        await db.SaveChangesAsync(cancellationToken);
        return review;
    }
}
