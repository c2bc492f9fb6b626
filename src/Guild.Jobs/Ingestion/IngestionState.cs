using Guild.Core.Contributions;
using Guild.Core.Data;

namespace Guild.Jobs.Ingestion;

/// <summary>Loads (or creates, tracked but unsaved) the cursor and progress rows a job stages before each save.</summary>
internal static class IngestionState
{
    public static async Task<SyncCursor> CursorAsync(GuildDbContext db, long repositoryId, string stream, CancellationToken cancellationToken)
    {
        var cursor = await db.SyncCursors.FindAsync([repositoryId, stream], cancellationToken);
        if (cursor is null)
        {
            cursor = new SyncCursor(repositoryId, stream);
            db.SyncCursors.Add(cursor);
        }
        return cursor;
    }

    public static async Task<IngestionProgress> ProgressAsync(GuildDbContext db, string job, long? repositoryId, string key, CancellationToken cancellationToken)
    {
        var progress = await db.IngestionProgress.FindAsync([key], cancellationToken);
        if (progress is null)
        {
            progress = new IngestionProgress(job, repositoryId, key);
            db.IngestionProgress.Add(progress);
        }
        return progress;
    }
}
