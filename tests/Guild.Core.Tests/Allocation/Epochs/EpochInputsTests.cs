using System.Numerics;
using System.Text;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Contributions;
using Guild.Core.Data.Providers;
using Guild.Core.People;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Tests.Allocation.Epochs;

/// <summary>
/// What an epoch takes from the store besides the graph, on PostgreSQL: pull-request states (a closed one, and the
/// review and comment on it, count for nothing), flags with the steward's notes (into the snapshot and the report), and
/// the weight set governance has in force.
/// </summary>
public sealed class EpochInputsTests : IAsyncLifetime
{
    private static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private PostgresDatabase database = null!;
    private readonly EpochCommandsTests.FakeClock clock = new(T0.AddDays(30));

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("epoch-inputs");
        await using var db = Db();
        await db.Database.MigrateAsync();
        var record = new RecordContributionsCommand(db, ContributionRules.Default, new PersonLinks(db, clock), clock);
        IdentityRef Login(string login) => new(IdentityKind.GitHubLogin, login);
        await record.ExecuteAsync(new ContributionSource("github.com", "guild/inputs", null),
        [
            new ContributionRecord(ContributionKind.PullRequest, "1", T0.AddDays(1)) { Author = Login("ada"), State = "merged", Additions = 200, MergedBy = "grace" },
            new ContributionRecord(ContributionKind.PullRequest, "2", T0.AddDays(2)) { Author = Login("spammer"), State = "closed", Additions = 900 },
            new ContributionRecord(ContributionKind.Review, "20", T0.AddDays(2)) { Author = Login("spammer"), Number = 2 },
            new ContributionRecord(ContributionKind.IssueComment, "21", T0.AddDays(2)) { Author = Login("spammer"), Number = 2 },
            new ContributionRecord(ContributionKind.Commit, "lock", T0.AddDays(3)) { Author = Login("linus"), Additions = 5000, Flags = ContributionFlags.FlaggedPathsOnly, FlagsKnown = ContributionFlags.FlaggedPathsOnly },
            new ContributionRecord(ContributionKind.Commit, "fix", T0.AddDays(3)) { Author = Login("linus"), Additions = 30 },
        ], default);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PostgresGuildDbContext Db() =>
        new(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database.ConnectionString).Options);

    private async Task<Outcome<Epoch>> CreateAndComputeAsync(GovernedWeights governed)
    {
        await using var db = Db();
        var epoch = (await new CreateEpochCommand(db, clock).ExecuteAsync(new EpochInput(T0.AddDays(30), (1_000 * Agi).ToString(), null, null, false, null), default)).Value!;
        return await new ComputeEpochCommand(db, new EpochSnapshotBuilder(db), new WeightSetLibrary(db, clock), clock).ExecuteAsync(epoch.Number, governed, default);
    }

    private async Task<long> ContributionAsync(ContributionKind kind, string externalId)
    {
        await using var db = Db();
        return await db.Contributions.Where(c => c.Kind == kind && c.ExternalId == externalId).Select(c => c.Id).SingleAsync();
    }

    private async Task<(EpochSnapshot Snapshot, string Report)> FilesAsync(long epoch)
    {
        await using var db = Db();
        var snapshot = await db.EpochArtifacts.SingleAsync(a => a.Epoch == epoch && a.Kind == EpochArtifactKind.Snapshot);
        var report = await db.EpochArtifacts.SingleAsync(a => a.Epoch == epoch && a.Kind == EpochArtifactKind.Report);
        return (EpochSnapshotJson.Read(new MemoryStream(snapshot.Content)), Encoding.UTF8.GetString(report.Content));
    }

    [Fact]
    public async Task Compute_ClosedPullRequest_ItsReviewAndCommentCarryItsStateAndEarnNothing()
    {
        var epoch = (await CreateAndComputeAsync(GovernedWeights.BuiltIn)).Value!;

        var (snapshot, _) = await FilesAsync(epoch.Number);
        Assert.Equal(ContributionState.Merged, snapshot.Contributions.Single(c => c.Id == "pr:github.com/guild/inputs#1").State);
        Assert.All(snapshot.Contributions.Where(c => c.Id.EndsWith("#2", StringComparison.Ordinal) || c.Id.EndsWith("#20", StringComparison.Ordinal) || c.Id.EndsWith("#21", StringComparison.Ordinal)),
            c => Assert.Equal(ContributionState.Closed, c.State));
        await using var db = Db();
        var spammer = Person.KeyOf(await EpochCommandsTests.PersonIdAsync(db, "spammer"));
        Assert.True((await db.EpochContributors.SingleAsync(c => c.Epoch == epoch.Number && c.Contributor == spammer)).EpochWei.IsZero);
    }

    [Fact]
    public async Task Compute_StewardUnflagsARuleFlagAndFlagsByHand_NotesTravelIntoSnapshotAndReport()
    {
        await using (var db = Db())
        {
            var review = new ReviewContributionFlagCommand(db, clock);
            Assert.NotNull((await review.ExecuteAsync(await ContributionAsync(ContributionKind.Commit, "lock"), false, "the lock file pins a security fix", "steward@guild.test", default)).Value);
            Assert.NotNull((await review.ExecuteAsync(await ContributionAsync(ContributionKind.Commit, "fix"), true, "copied from another project", "steward@guild.test", default)).Value);
        }

        var epoch = (await CreateAndComputeAsync(GovernedWeights.BuiltIn)).Value!;

        var (snapshot, report) = await FilesAsync(epoch.Number);
        var unflagged = snapshot.Contributions.Single(c => c.Id == "commit:github.com/guild/inputs@lock");
        Assert.False(unflagged.Flagged);
        Assert.Equal("unflagged by a steward: the lock file pins a security fix", unflagged.Note);
        var flagged = snapshot.Contributions.Single(c => c.Id == "commit:github.com/guild/inputs@fix");
        Assert.True(flagged.Flagged);
        Assert.Contains("flagged by a steward: copied from another project", report, StringComparison.Ordinal);
        Assert.DoesNotContain("steward@guild.test", report, StringComparison.Ordinal); // who decided stays in the database
        await using var check = Db();
        Assert.Equal(2, await check.ContributionFlagReviews.CountAsync(r => r.DecidedBy == "steward@guild.test"));
    }

    [Fact]
    public async Task Compute_RuleFlaggedLockFile_LeftOutWithTheRulesReason()
    {
        var epoch = (await CreateAndComputeAsync(GovernedWeights.BuiltIn)).Value!;

        var (snapshot, report) = await FilesAsync(epoch.Number);
        var lockFile = snapshot.Contributions.Single(c => c.Id == "commit:github.com/guild/inputs@lock");
        Assert.True(lockFile.Flagged);
        Assert.Equal("rules: only generated, vendored or lock files", lockFile.Note);
        Assert.Contains("rules: only generated, vendored or lock files", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewFlag_WithoutANoteOrForAnUnknownContribution_Refused()
    {
        await using var db = Db();
        var review = new ReviewContributionFlagCommand(db, clock);

        Assert.IsType<InvalidInputError>((await review.ExecuteAsync(await ContributionAsync(ContributionKind.Commit, "fix"), true, "  ", "steward@guild.test", default)).Error);
        Assert.IsType<ContributionNotFoundError>((await review.ExecuteAsync(-1, true, "why", "steward@guild.test", default)).Error);
    }

    [Fact]
    public async Task Compute_CandidateInForce_ComputesWithItAndNamesIt()
    {
        var candidate = WeightSet.Default with { Version = "guild-test-candidate", SizeUnit = 200 };
        await using (var db = Db())
        {
            Assert.NotNull((await new WeightSetLibrary(db, clock).AddCandidateAsync(Encoding.UTF8.GetString(WeightSetJson.Canonical(candidate)), "bigger pieces", "steward@guild.test", default)).Value);
        }
        var hash = WeightSetJson.Hash(candidate).ToString();

        var epoch = (await CreateAndComputeAsync(GovernedWeights.BuiltIn with { InForce = hash })).Value!;

        Assert.Equal(hash, epoch.WeightsHash);
        Assert.Equal("guild-test-candidate", epoch.WeightsVersion);
        var (snapshot, report) = await FilesAsync(epoch.Number);
        Assert.Equal(200, snapshot.Weights.SizeUnit);
        Assert.Contains($"\"weightsHash\":\"{hash}\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_HashInForceNotStored_RefusedNamingIt()
    {
        const string unknown = "0x1111111111111111111111111111111111111111111111111111111111111111";

        var outcome = await CreateAndComputeAsync(GovernedWeights.BuiltIn with { InForce = unknown });

        Assert.Equal(unknown, Assert.IsType<WeightSetNotStoredError>(outcome.Error).Hash);
    }

    [Fact]
    public async Task AddCandidate_SameVersionOtherContent_RefusedAndSameDocumentIdempotent()
    {
        await using var db = Db();
        var library = new WeightSetLibrary(db, clock);
        var json = Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default with { Version = "guild-twice", Alpha = 0.2 }));

        var first = await library.AddCandidateAsync(json, null, "steward@guild.test", default);
        var again = await library.AddCandidateAsync(json, null, "steward@guild.test", default);
        var clash = await library.AddCandidateAsync(Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default with { Version = "guild-twice", Alpha = 0.3 })), null, "x", default);
        var builtInName = await library.AddCandidateAsync(Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default with { Alpha = 0.3 })), null, "x", default);

        Assert.Equal(first.Value!.Hash, again.Value!.Hash);
        Assert.IsType<WeightSetVersionTakenError>(clash.Error);
        Assert.IsType<WeightSetVersionTakenError>(builtInName.Error);
        Assert.Equal(3, (await library.ListAsync(default)).Count); // the two built-ins and the candidate
    }
}
