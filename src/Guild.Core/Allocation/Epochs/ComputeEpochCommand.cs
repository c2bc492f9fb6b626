using System.Diagnostics;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Claims;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guild.Core.Allocation.Epochs;

/// <summary>
/// Snapshot the inputs → score → allocate → build the cumulative tree → store the report, the lines and the files.
/// The weights are the stored document whose hash governance has in force (the genesis set for the genesis epoch), so
/// the root can only be published while that set is in force. Computing again replaces the previous computation and,
/// for unchanged inputs, yields the identical root. A published epoch is refused. Each stage's time is logged, so an
/// operator sees where a slow epoch spends it.
/// </summary>
public sealed partial class ComputeEpochCommand(GuildDbContext db, EpochSnapshotBuilder snapshots, WeightSetLibrary weightSets, TimeProvider time,
    ILogger<ComputeEpochCommand>? logger = null)
{
    private readonly ILogger logger = logger ?? NullLogger<ComputeEpochCommand>.Instance;

    /// <param name="governed">The weight-set hashes the distributor records (read from the chain by the caller).</param>
    public async Task<Outcome<Epoch>> ExecuteAsync(long number, GovernedWeights governed, CancellationToken cancellationToken)
    {
        var epoch = await db.Epochs.SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
        if (epoch is null)
        {
            return new EpochNotFoundError(number);
        }
        if (epoch.IsPublished)
        {
            return new EpochPublishedError(number);
        }
        if (epoch.PublishStarted(await db.ChainTransactions.AnyAsync(t => t.Purpose == Epoch.PublishPurpose(number), cancellationToken)))
        {
            return new EpochPublishStartedError(number);
        }
        var previous = await db.Epochs.AsNoTracking().Where(e => e.Number < number).OrderByDescending(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (previous is { IsPublished: false })
        {
            return new PreviousEpochNotPublishedError(number, previous.Number);
        }

        var hash = governed.For(epoch.Genesis);
        if (await weightSets.FindAsync(hash, cancellationToken) is not { } document)
        {
            return new WeightSetNotStoredError(hash);
        }
        var weights = document.Weights;
        // The genesis pool's vesting is a fact of the deployment and the genesis epoch: every later epoch releases by it.
        var vestingStart = epoch.Genesis ? epoch.VestingStart
            : await db.Epochs.AsNoTracking().Where(e => e.Genesis).Select(e => e.VestingStart).FirstOrDefaultAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var snapshot = await snapshots.BuildAsync(epoch, weights, previous?.Number, vestingStart, cancellationToken);
        var snapshotTime = clock.Elapsed;
        var problems = SnapshotValidation.Validate(snapshot);
        if (problems.Count > 0)
        {
            return new InvalidEpochInputsError(problems);
        }
        var allocation = AllocateEpoch.Run(snapshot);
        var allocateTime = clock.Elapsed;

        var snapshotJson = Bytes(stream => EpochSnapshotJson.Write(snapshot, stream));
        Hash32 reportHash = default;
        var report = Bytes(stream => reportHash = AllocationReport.WriteJson(allocation, stream));
        var csv = Bytes(stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            AllocationReport.WriteCsv(allocation, writer);
        });
        var explanations = ExplainContributor.RunAll(allocation, StoredExplanation.Top)
            .ToDictionary(e => e.Contributor, StoredExplanation.Write, StringComparer.Ordinal);
        var notes = StewardNotes.From(snapshot);
        // No wallet linked yet means no leaf: everything carries forward and there is no tree to store.
        var tree = allocation.Tree is { } claims ? Bytes(claims.WriteDump) : null;
        var filesTime = clock.Elapsed;

        // One transaction: the epoch's stored lines and files always belong to its recorded root.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.EpochContributors.Where(c => c.Epoch == number).ExecuteDeleteAsync(cancellationToken);
        await db.EpochAccounts.Where(a => a.Epoch == number).ExecuteDeleteAsync(cancellationToken);
        await db.EpochArtifacts.Where(a => a.Epoch == number).ExecuteDeleteAsync(cancellationToken);
        db.EpochContributors.AddRange(allocation.Contributors
            .OrderByDescending(c => c.ScoreShare).ThenBy(c => c.Contributor, StringComparer.Ordinal)
            .Select((c, rank) => new EpochContributor(number, c, rank, explanations.GetValueOrDefault(c.Contributor))));
        db.EpochAccounts.AddRange(allocation.Accounts.Select(a => new EpochAccount(number, a)));
        db.EpochArtifacts.AddRange(
            new EpochArtifact(number, EpochArtifactKind.Snapshot, snapshotJson),
            new EpochArtifact(number, EpochArtifactKind.Report, report),
            new EpochArtifact(number, EpochArtifactKind.ReportCsv, csv));
        if (tree is not null)
        {
            db.EpochArtifacts.Add(new EpochArtifact(number, EpochArtifactKind.Tree, tree));
        }
        if (allocation.Grants.Count > 0)
        {
            db.EpochArtifacts.Add(new EpochArtifact(number, EpochArtifactKind.Grants, Governance.GrantPayments.Artifact(allocation)));
        }
        if (notes.Count > 0)
        {
            db.EpochArtifacts.Add(new EpochArtifact(number, EpochArtifactKind.StewardNotes, StewardNotes.Write(notes)));
        }
        epoch.RecordComputation(allocation, EpochSnapshotJson.Hash(snapshot).ToString(), reportHash.ToString(), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (db is Data.Providers.PostgresGuildDbContext)
        {
            // The planner's statistics still describe the tables before these lines until autovacuum comes by.
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"EpochContributors\", \"EpochAccounts\"", cancellationToken);
        }
        LogComputed(logger, number, snapshot.Contributions.Count, snapshot.Contributors.Count, (long)snapshotTime.TotalMilliseconds,
            (long)(allocateTime - snapshotTime).TotalMilliseconds, (long)(filesTime - allocateTime).TotalMilliseconds,
            (long)(clock.Elapsed - filesTime).TotalMilliseconds);
        return epoch;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Epoch {Epoch} computed from {Contributions} contributions by {Contributors} contributors: snapshot read {SnapshotMs} ms, validate and allocate {AllocateMs} ms, files and explanations {FilesMs} ms, stored lines and files {StoreMs} ms")]
    private static partial void LogComputed(ILogger logger, long epoch, int contributions, int contributors, long snapshotMs, long allocateMs, long filesMs, long storeMs);

    // An epoch's files run to hundreds of megabytes (the snapshot of a million contributions): written to a temporary
    // file and read back, memory holds each once instead of a growing stream's buffers and then their copy.
    private static byte[] Bytes(Action<Stream> write)
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
