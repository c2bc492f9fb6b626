using Guild.Chain.Rewards;
using Guild.Core;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Epochs;

/// <summary>
/// A candidate weight set's effect on the latest computed epoch, for stewards before they propose it: the epoch's
/// snapshot allocated with the candidate, beside the set governance has in force (the set the epoch was computed with
/// while the chain cannot be read); see <see cref="WeightSetPreview"/>. The page and the API share it; the work runs off
/// the request thread.
/// </summary>
public sealed class CandidatePreviews(IServiceScopeFactory scopes)
{
    public async Task<Outcome<Preview>> PreviewAsync(string? json, CancellationToken cancellationToken)
    {
        var parsed = WeightSetLibrary.Parse(json);
        if (parsed.Error is { } invalid)
        {
            return invalid;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var latest = await db.Epochs.AsNoTracking().Where(e => e.Status != EpochStatus.Draft).OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return new NothingToPreviewError();
        }
        var artifact = await db.EpochArtifacts.AsNoTracking().SingleAsync(a => a.Epoch == latest.Number && a.Kind == EpochArtifactKind.Snapshot, cancellationToken);
        var candidate = parsed.Value!.Weights;
        var governed = await Apis.WeightSetsApi.InForceAsync(scope.ServiceProvider.GetRequiredService<GovernedWeightsReader>(), cancellationToken);
        var inForce = governed is null ? null : (await scope.ServiceProvider.GetRequiredService<WeightSetLibrary>().FindAsync(governed.InForce, cancellationToken))?.Weights;
        var comparison = await Task.Run(() =>
        {
            using var stream = new MemoryStream(artifact.Content);
            var snapshot = EpochSnapshotJson.Read(stream);
            return WeightSetPreview.Compare(snapshot, inForce ?? snapshot.Weights, candidate);
        }, cancellationToken);
        var labels = await PersonLabels.ForAsync(db, comparison.Up.Concat(comparison.Down).Select(m => m.Contributor), cancellationToken);
        return new Preview(comparison, WeightSetJson.Hash(candidate).ToString(), labels);
    }
}

/// <summary>A comparison, the candidate's hash, and public labels for the people it names.</summary>
public sealed record Preview(WeightSetComparison Comparison, string CandidateHash, IReadOnlyDictionary<string, string> Labels);
