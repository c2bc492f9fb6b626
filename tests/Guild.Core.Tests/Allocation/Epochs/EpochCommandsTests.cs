using System.Numerics;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Claims;
using Guild.Core.Contributions;
using Guild.Core.Data.Providers;
using Guild.Core.People;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Tests.Allocation.Epochs;

/// <summary>The epoch lifecycle on PostgreSQL: export from the contribution store, compute, recompute, publish, next epoch.</summary>
public sealed class EpochCommandsTests : IAsyncLifetime
{
    private static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private PostgresDatabase database = null!;
    private readonly FakeClock clock = new(T0.AddDays(30));

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("epochs");
        await using var db = Db();
        await db.Database.MigrateAsync();
        var record = new RecordContributionsCommand(db, ContributionRules.Default, new PersonLinks(db, clock), clock);
        var repo = new ContributionSource("github.com", "guild/engine", null);
        IdentityRef Login(string login) => new(IdentityKind.GitHubLogin, login);
        await record.ExecuteAsync(repo,
        [
            new ContributionRecord(ContributionKind.PullRequest, "1", T0.AddDays(1)) { Author = Login("ada"), Title = "Scoring", Additions = 400, Deletions = 20, MergedBy = "grace" },
            new ContributionRecord(ContributionKind.PullRequest, "2", T0.AddDays(2)) { Author = Login("linus"), Title = "Tree", Additions = 90, Deletions = 5, MergedBy = "grace" },
            new ContributionRecord(ContributionKind.Review, "9001", T0.AddDays(2)) { Author = Login("grace"), Number = 1 },
            new ContributionRecord(ContributionKind.IssueComment, "77", T0.AddDays(3)) { Author = Login("linus"), Number = 1 },
            new ContributionRecord(ContributionKind.Commit, "c0ffee", T0.AddDays(1)) { Author = new IdentityRef(IdentityKind.GitEmail, "ada@example.org", Login: "ada", Source: LoginSource.NoreplyEmail), Number = 1, Additions = 400, Deletions = 20, CoAuthors = [Login("alan")] },
            new ContributionRecord(ContributionKind.Commit, "beef", T0.AddDays(4)) { Author = new IdentityRef(IdentityKind.GitEmail, "someone@example.org"), Additions = 3, Deletions = 1 },
            new ContributionRecord(ContributionKind.PullRequest, "3", T0.AddDays(5)) { Author = Login("dependabot[bot]"), Title = "Bump", Additions = 2, Deletions = 2 },
            new ContributionRecord(ContributionKind.PullRequest, "4", T0.AddDays(60)) { Author = Login("ada"), Title = "Future work", Additions = 10 }, // after the first epoch
        ], default);
        db.ContributorWallets.AddRange(
            new ContributorWallet(await PersonIdAsync(db, "ada"), "0x00000000000000000000000000000000000000a1", T0),
            new ContributorWallet(await PersonIdAsync(db, "grace"), "0x00000000000000000000000000000000000000a2", T0),
            new ContributorWallet(await PersonIdAsync(db, "linus"), "0x00000000000000000000000000000000000000a3", T0));
        await db.SaveChangesAsync();
    }

    /// <summary>The person a GitHub login belongs to.</summary>
    internal static Task<long> PersonIdAsync(Guild.Core.Data.GuildDbContext db, string login) =>
        db.ContributorIdentities.Where(i => i.Kind == IdentityKind.GitHubLogin && i.Value == login).Select(i => i.PersonId).SingleAsync();

    private async Task<string> KeyAsync(string login)
    {
        await using var db = Db();
        return Person.KeyOf(await PersonIdAsync(db, login));
    }

    private async Task<string> EmailKeyAsync(string email)
    {
        await using var db = Db();
        return Person.KeyOf(await db.ContributorIdentities.Where(i => i.Value == email).Select(i => i.PersonId).SingleAsync());
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PostgresGuildDbContext Db() =>
        new(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database.ConnectionString).Options);

    private async Task<Outcome<Epoch>> CreateAsync(EpochInput input)
    {
        await using var db = Db();
        return await new CreateEpochCommand(db, clock).ExecuteAsync(input, default);
    }

    private async Task<Outcome<Epoch>> ComputeAsync(long number)
    {
        await using var db = Db();
        return await new ComputeEpochCommand(db, new EpochSnapshotBuilder(db), new WeightSetLibrary(db, clock), clock).ExecuteAsync(number, GovernedWeights.BuiltIn, default);
    }

    private async Task PublishAsync(long number)
    {
        await using var db = Db();
        (await db.Epochs.SingleAsync(e => e.Number == number)).MarkPublished(clock.GetUtcNow(), clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Compute_FromTheStore_AllocatesTheBudgetExactlyAndStoresAFileAnyoneCanRecompute()
    {
        var epoch = (await CreateAsync(new EpochInput(T0.AddDays(30), (1_000 * Agi).ToString(), 500_000, Agi.ToString(), false, null))).Value!;

        var computed = (await ComputeAsync(epoch.Number)).Value!;

        Assert.Equal(EpochStatus.Computed, computed.Status);
        await using var db = Db();
        var lines = await db.EpochContributors.Where(c => c.Epoch == epoch.Number).ToListAsync();
        // Ranked 0..n-1 as the lists show them: largest share first, ties by key.
        Assert.Equal(lines.OrderByDescending(l => l.ScoreShare).ThenBy(l => l.Contributor, StringComparer.Ordinal).Select(l => l.Contributor),
            lines.OrderBy(l => l.Rank).Select(l => l.Contributor));
        Assert.Equal(Enumerable.Range(0, lines.Count), lines.Select(l => l.Rank).Order());
        // People, merged across identities: ada's email commit is ada's; the bot is stored but never paid.
        var ada = await KeyAsync("ada");
        var bot = await KeyAsync("dependabot[bot]");
        Assert.Contains(lines, l => l.Contributor == ada && l.Wallet == "0x00000000000000000000000000000000000000a1");
        Assert.Contains(lines, l => l.Contributor == ada); // one line: the noreply commit's email is part of ada
        Assert.Equal(await EmailKeyAsync("ada@example.org"), ada);
        var someone = await EmailKeyAsync("someone@example.org");
        Assert.Contains(lines, l => l.Contributor == someone && l.Wallet is null && !l.CarriedWei.IsZero);
        Assert.Equal("bot", lines.Single(l => l.Contributor == bot).Exclusion);
        Assert.True(lines.Single(l => l.Contributor == bot).PaidWei.IsZero);
        // The public file names ada by login and the email-only person by a pseudonym, never by the email.
        var published = System.Text.Encoding.UTF8.GetString((await db.EpochArtifacts.SingleAsync(a => a.Epoch == epoch.Number && a.Kind == EpochArtifactKind.Snapshot)).Content);
        Assert.Contains("\"github:ada\"", published);
        Assert.DoesNotContain("@example.org", published);
        Assert.Equal(1_000 * Agi, lines.Aggregate(BigInteger.Zero, (sum, l) => sum + l.EpochWei));
        Assert.All(lines, l => Assert.True(l.EpochWei <= 500 * Agi, $"{l.Contributor} got {l.EpochWei}, above the 50% cap")); // cap 500,000 ppm

        // The stored snapshot recomputes to the recorded root and the stored tree leaves rebuild it.
        var snapshot = await db.EpochArtifacts.SingleAsync(a => a.Epoch == epoch.Number && a.Kind == EpochArtifactKind.Snapshot);
        using var stream = new MemoryStream(snapshot.Content);
        Assert.Equal(computed.Root, AllocateEpoch.Run(EpochSnapshotJson.Read(stream)).Root.ToString());
        Assert.Equal(computed.SnapshotHash, snapshot.Sha256);
        var leaves = await db.EpochAccounts.Where(a => a.Epoch == epoch.Number).ToListAsync();
        Assert.Equal(computed.Root, ClaimsTree.Build(leaves.Select(l => KeyValuePair.Create(l.Account, l.CumulativeWei))).Root.ToString());
        var report = await db.EpochArtifacts.SingleAsync(a => a.Epoch == epoch.Number && a.Kind == EpochArtifactKind.Report);
        Assert.Equal(computed.ReportHash, report.Sha256);
    }

    [Fact]
    public async Task Compute_Again_GivesTheIdenticalRootAndReplacesTheLines()
    {
        var epoch = (await CreateAsync(new EpochInput(T0.AddDays(30), (1_000 * Agi).ToString(), null, null, false, null))).Value!;
        var first = (await ComputeAsync(epoch.Number)).Value!;

        var second = (await ComputeAsync(epoch.Number)).Value!;

        Assert.Equal(first.Root, second.Root);
        Assert.Equal(first.SnapshotHash, second.SnapshotHash);
        Assert.Equal(first.ReportHash, second.ReportHash);
        await using var db = Db();
        Assert.Equal(first.Contributors, await db.EpochContributors.CountAsync(c => c.Epoch == epoch.Number));
    }

    [Fact]
    public async Task Published_ThenComputeAgain_IsRefusedAndTheNextEpochBuildsOnIt()
    {
        var first = (await CreateAsync(new EpochInput(T0.AddDays(30), (1_000 * Agi).ToString(), null, null, false, null))).Value!;
        var computed = (await ComputeAsync(first.Number)).Value!;
        await PublishAsync(first.Number);

        Assert.IsType<EpochPublishedError>((await ComputeAsync(first.Number)).Error);
        clock.Advance(TimeSpan.FromDays(60));
        var second = (await CreateAsync(new EpochInput(null, (500 * Agi).ToString(), null, null, false, null))).Value!;
        var next = (await ComputeAsync(second.Number)).Value!;

        Assert.Equal(2, next.Number);
        Assert.Equal(computed.TotalCumulativeWei + next.PaidWei, next.TotalCumulativeWei);
        await using var db = Db();
        var before = await db.EpochAccounts.Where(a => a.Epoch == 1).ToDictionaryAsync(a => a.Account, a => a.CumulativeWei);
        var after = await db.EpochAccounts.Where(a => a.Epoch == 2).ToDictionaryAsync(a => a.Account, a => a.CumulativeWei);
        Assert.All(before, a => Assert.True(after[a.Key] >= a.Value, "cumulative amounts never go down"));
        Assert.Equal((await db.Epochs.SingleAsync(e => e.Number == 1)).Root, computed.Root); // the published epoch is untouched
    }

    [Fact]
    public async Task Create_WhileAnEpochIsUnpublished_IsRefused()
    {
        await CreateAsync(new EpochInput(T0.AddDays(30), Agi.ToString(), null, null, false, null));

        var outcome = await CreateAsync(new EpochInput(null, Agi.ToString(), null, null, false, null));

        Assert.IsType<EpochInProgressError>(outcome.Error);
    }

    [Theory]
    [InlineData("0", 1000, false, false, "budgetWei")]
    [InlineData("-5", 1000, false, false, "budgetWei")]
    [InlineData("12.5", 1000, false, false, "budgetWei")]
    [InlineData("100", 0, false, false, "capPpm")]
    [InlineData("100", 1_000_001, false, false, "capPpm")]
    [InlineData(null, 1000, true, false, "vestingStart")]
    [InlineData("100", 1000, false, true, "vestingStart")]
    [InlineData("100000000000000000000000000000", 1000, false, false, "budgetWei")] // beyond the whole supply
    public async Task Create_BadInput_NamesTheFieldAndStoresNothing(string? budget, int cap, bool genesis, bool vestingStart, string field)
    {
        var outcome = await CreateAsync(new EpochInput(null, budget, cap, null, genesis, vestingStart ? T0 : null));

        var invalid = Assert.IsType<InvalidInputError>(outcome.Error);
        Assert.Contains(field, invalid.Errors.Keys);
        await using var db = Db();
        Assert.False(await db.Epochs.AnyAsync());
    }

    [Fact]
    public async Task Genesis_TakesThePoolAndReleasesTheVestedPartOnly()
    {
        var vestingStart = T0.AddDays(-45); // a quarter of the six months has vested at the epoch
        var epoch = (await CreateAsync(new EpochInput(T0.AddDays(30), null, 1_000_000, null, true, vestingStart))).Value!;

        var computed = (await ComputeAsync(epoch.Number)).Value!;

        Assert.Equal(GenesisVesting.PoolWei, computed.BudgetWei);
        var vested = GenesisVesting.VestedAt(GenesisVesting.PoolWei, vestingStart, epoch.AsOf);
        Assert.True(computed.PaidWei <= vested, $"paid {computed.PaidWei} but only {vested} vested");
        Assert.True(computed.PaidWei > 0);
    }

    [Fact]
    public async Task Compute_NobodyHasAWallet_CarriesEverythingAndStoresNoTree()
    {
        await using (var db = Db())
        {
            db.ContributorWallets.RemoveRange(db.ContributorWallets);
            await db.SaveChangesAsync();
        }
        var epoch = (await CreateAsync(new EpochInput(T0.AddDays(30), (100 * Agi).ToString(), null, null, false, null))).Value!;

        var computed = (await ComputeAsync(epoch.Number)).Value!;

        Assert.Equal(0, computed.Accounts);
        Assert.Equal(BigInteger.Zero, computed.PaidWei);
        await using var check = Db();
        Assert.False(await check.EpochArtifacts.AnyAsync(a => a.Epoch == epoch.Number && a.Kind == EpochArtifactKind.Tree));
        var carried = await check.EpochContributors.Where(c => c.Epoch == epoch.Number).ToListAsync();
        // Whatever was allocated (the 5% default cap leaves the rest unallocated among five people) is carried, not lost.
        Assert.True(computed.AllocatedWei > 0);
        Assert.Equal(computed.AllocatedWei, carried.Aggregate(BigInteger.Zero, (sum, c) => sum + c.CarriedWei));
    }

    [Fact]
    public async Task Compute_AThreadWhoseIdIsNotANumber_IsStillAContribution()
    {
        await using (var db = Db())
        {
            // A row from another source (an import, a GHES migration) whose id is not the PR number: the epoch must not fail on it.
            await new RecordContributionsCommand(db, ContributionRules.Default, new PersonLinks(db, clock), clock).ExecuteAsync(new ContributionSource("github.com", "guild/odd", null),
                [new ContributionRecord(ContributionKind.PullRequest, "PR_kwDOAbc123", T0.AddDays(3)) { Author = new IdentityRef(IdentityKind.GitHubLogin, "ada"), Additions = 50 }], default);
        }
        var epoch = (await CreateAsync(new EpochInput(T0.AddDays(30), (100 * Agi).ToString(), null, null, false, null))).Value!;

        var computed = await ComputeAsync(epoch.Number);

        Assert.Null(computed.Error);
        await using var check = Db();
        Assert.Contains("PR_kwDOAbc123", System.Text.Encoding.UTF8.GetString((await check.EpochArtifacts.SingleAsync(a => a.Epoch == epoch.Number && a.Kind == EpochArtifactKind.Snapshot)).Content));
    }

    internal sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
