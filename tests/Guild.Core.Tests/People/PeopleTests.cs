using System.Numerics;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Chain;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Data.Providers;
using Guild.Core.People;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Tests.People;

/// <summary>
/// Stable people on PostgreSQL, through the epochs that pay them: an email's genesis entitlement merged into a GitHub
/// person, a GitHub rename, a merge of two people who both hold balances, a split that would orphan a balance,
/// placeholder identities, one wallet per person, and the second epoch after genesis.
/// </summary>
public sealed class PeopleTests : IAsyncLifetime
{
    private static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset VestingStart = T0.AddDays(-30);
    private PostgresDatabase database = null!;
    private readonly Clock clock = new(T0.AddDays(10));

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("people");
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task EmailEntitlement_MergedIntoAGitHubPerson_NextEpochPaysThatPersonOnce_NothingLostOrDoubled()
    {
        await RecordAsync(
            Commit("e1", T0, Email("eve@example.org"), 300),
            Pull("1", T0.AddDays(1), GitHub("alice", 101), 200));
        await WalletAsync("alice", "0x00000000000000000000000000000000000000a1");
        var genesis = await GenesisAsync();
        var eveEmail = await PersonKeyOfAsync("eve@example.org");
        var first = await LinesAsync(genesis);
        Assert.True(first[eveEmail].GenesisEntitlementWei > 0);

        // Eve shows up on GitHub after genesis; a steward confirms her email is that account. Her email's person had only
        // that identity, so it merges into her GitHub person, with an audit record.
        clock.Advance(TimeSpan.FromDays(20));
        await RecordAsync(Pull("2", clock.GetUtcNow().AddDays(-1), GitHub("eve", 202), 50));
        await using (var db = Db())
        {
            var confirmed = await Confirm(db).ExecuteAsync(IdentityKind.GitEmail, "eve@example.org", "eve", "steward@guild.test", default);
            Assert.Null(confirmed.Error);
            Assert.Equal(1, await db.PersonMerges.CountAsync(m => m.Reason.Contains("steward")));
        }
        var eve = await PersonKeyOfAsync("eve@example.org");
        Assert.NotEqual(eveEmail, eve);
        Assert.Equal(eve, await PersonKeyOfAsync("eve"));
        await WalletAsync("eve", "0x00000000000000000000000000000000000000e1");

        var second = await NextEpochAsync(1_000);
        var lines = await LinesAsync(second);
        Assert.False(lines.ContainsKey(eveEmail)); // the merged person is no contributor any more
        var was = first[eveEmail];
        var line = lines[eve];
        Assert.Equal(was.GenesisEntitlementWei, line.GenesisEntitlementWei);
        var releasedNow = GenesisVesting.VestedAt(was.GenesisEntitlementWei, VestingStart, second.AsOf) - was.GenesisReleasedTotalWei;
        Assert.Equal(was.CarriedWei + releasedNow + line.EpochWei, line.PaidWei); // everything owed, paid once
        Assert.Equal(BigInteger.Zero, line.CarriedWei);
        // Conservation: what epoch 1 left owed, plus what vesting released since, plus epoch 2's budget, is paid or still owed.
        Assert.Equal(Owed(first.Values) + Released(first.Values, second.AsOf) + second.AllocatedWei!.Value, Sum(lines.Values, l => l.PaidWei + l.CarriedWei));
        await AssertSnapshotRecomputesAsync(second, expectMerge: (eveEmail, eve));
    }

    [Fact]
    public async Task GitHubRename_KeepsThePersonAndTheirWallet()
    {
        await RecordAsync(Pull("1", T0, GitHub("bob", 601), 200));
        var bob = await PersonKeyOfAsync("bob");
        await WalletAsync("bob", "0x00000000000000000000000000000000000000b1");
        var genesis = await GenesisAsync();

        // The same account (id 601) now goes by "robert"; someone else (id 602) takes the name "bob".
        clock.Advance(TimeSpan.FromDays(20));
        await RecordAsync(
            Pull("2", clock.GetUtcNow().AddDays(-1), GitHub("robert", 601), 100),
            Pull("3", clock.GetUtcNow().AddDays(-1), GitHub("bob", 602), 100));

        Assert.Equal(bob, await PersonKeyOfAsync("robert"));
        var newcomer = await PersonKeyOfAsync("bob");
        Assert.NotEqual(bob, newcomer);
        var second = await NextEpochAsync(1_000);
        var lines = await LinesAsync(second);
        Assert.Equal("0x00000000000000000000000000000000000000b1", lines[bob].Wallet);
        Assert.True(lines[bob].PaidWei > 0); // still paid, under the same id
        Assert.Equal((await LinesAsync(genesis))[bob].GenesisEntitlementWei, lines[bob].GenesisEntitlementWei);
        Assert.Null(lines[newcomer].Wallet);
        await using var db = Db();
        var snapshot = System.Text.Encoding.UTF8.GetString((await db.EpochArtifacts.SingleAsync(a => a.Epoch == second.Number && a.Kind == EpochArtifactKind.Snapshot)).Content);
        Assert.Contains("\"github:robert\"", snapshot);
    }

    [Fact]
    public async Task MergeOfTwoPeopleWhoBothHoldBalances_AddsThemUp_AndTheSurvivorKeepsItsWallet()
    {
        await RecordAsync(
            Commit("c1", T0, Email("kim@work.example"), 200),
            Commit("c2", T0.AddDays(1), Email("kim@home.example"), 100),
            Pull("1", T0.AddDays(1), GitHub("lee", 701), 100));
        var work = await PersonKeyOfAsync("kim@work.example");
        var home = await PersonKeyOfAsync("kim@home.example");
        await WalletAsync("kim@work.example", "0x00000000000000000000000000000000000000c1");
        await WalletAsync("kim@home.example", "0x00000000000000000000000000000000000000c2");
        var first = await FirstEpochAsync(900, minimumPayoutAgi: 1_000_000); // nobody reaches the minimum: everything carries
        var before = await LinesAsync(first);
        Assert.True(before[work].CarriedWei > 0 && before[home].CarriedWei > 0);

        await using (var db = Db())
        {
            var merged = await new MergePeopleCommand(db, new PersonLinks(db, clock)).ExecuteAsync(home, work, "the same human: confirmed by mail", "steward@guild.test", default);
            Assert.Null(merged.Error);
            var audit = await db.PersonMerges.SingleAsync();
            Assert.Equal((Person.IdOf(home), Person.IdOf(work)), (audit.FromPersonId, audit.IntoPersonId));
            Assert.Contains("0x00000000000000000000000000000000000000c1", audit.Note);
            Assert.Equal("0x00000000000000000000000000000000000000c1", (await db.ContributorWallets.SingleAsync(w => w.PersonId == Person.IdOf(work))).Address);
            Assert.False(await db.ContributorWallets.AnyAsync(w => w.PersonId == Person.IdOf(home)));
        }

        clock.Advance(TimeSpan.FromDays(10));
        var second = await NextEpochAsync(900, minimumPayoutAgi: 1_000_000);
        var after = await LinesAsync(second);
        Assert.False(after.ContainsKey(home));
        Assert.Equal(before[work].CarriedWei + before[home].CarriedWei + after[work].EpochWei, after[work].CarriedWei);
        Assert.Equal(Sum(before.Values, l => l.CarriedWei) + second.AllocatedWei!.Value, Sum(after.Values, l => l.CarriedWei + l.PaidWei));
        await AssertSnapshotRecomputesAsync(second, expectMerge: (home, work));
    }

    [Fact]
    public async Task Split_ThatWouldOrphanABalance_IsRefusedAndChangesNothing()
    {
        await RecordAsync(
            Pull("1", T0, GitHub("carol", 801), 100),
            Commit("c1", T0, Email("carol@example.org", login: "carol", id: 801), 300));
        var carol = await PersonKeyOfAsync("carol");
        Assert.Equal(carol, await PersonKeyOfAsync("carol@example.org"));
        await FirstEpochAsync(1_000); // carol has no wallet: her share is carried, partly earned by that email's commit

        await using (var db = Db())
        {
            var refused = await Confirm(db).ExecuteAsync(IdentityKind.GitEmail, "carol@example.org", "dave", "steward@guild.test", default);
            var error = Assert.IsType<IdentitySplitWouldOrphanError>(refused.Error);
            Assert.Contains(carol, error.Message);
        }
        Assert.Equal(carol, await PersonKeyOfAsync("carol@example.org"));
        await using var check = Db();
        Assert.Empty(await check.PersonMerges.ToListAsync());
    }

    [Fact]
    public async Task Split_WithNothingOutstanding_MovesTheIdentity()
    {
        await RecordAsync(Commit("c1", T0, Email("pat@example.org", login: "pat", id: 901), 300));
        var pat = await PersonKeyOfAsync("pat");
        await using (var db = Db())
        {
            var moved = await Confirm(db).ExecuteAsync(IdentityKind.GitEmail, "pat@example.org", "sam", "steward@guild.test", default);
            Assert.Null(moved.Error);
        }
        Assert.Equal(await PersonKeyOfAsync("sam"), await PersonKeyOfAsync("pat@example.org"));
        Assert.Equal(pat, await PersonKeyOfAsync("pat")); // pat keeps their own GitHub account
    }

    [Fact]
    public async Task PlaceholderEmails_FormNoPerson_AndAnAuthorAlsoNamedAsCoAuthorIsCreditedOnce()
    {
        await RecordAsync(
            Commit("c1", T0, Email("<>"), 50) with { CoAuthors = [Email("none"), Email("-"), Email("<->"), Email("@")] },
            Commit("c2", T0, Email("ada@example.org", login: "ada", id: 11), 80) with
            {
                CoAuthors = [new IdentityRef(IdentityKind.GitEmail, "11+ada@users.noreply.github.com", null, "ada", LoginSource.NoreplyEmail) { GitHubId = 11 }, Email("grace@example.org")],
            });
        await using var db = Db();
        Assert.Equal(["11+ada@users.noreply.github.com", "ada", "ada@example.org", "grace@example.org"],
            (await db.ContributorIdentities.Select(i => i.Value).ToListAsync()).Order(StringComparer.Ordinal));
        var ada = await PersonKeyOfAsync("ada");
        Assert.Equal(ada, await PersonKeyOfAsync("11+ada@users.noreply.github.com"));

        var epoch = await FirstEpochAsync(100);
        var snapshot = await SnapshotAsync(epoch.Number);
        var c2 = snapshot.Edges.Where(e => e.Target == "commit:github.com/guild/people@c2").ToList();
        Assert.Single(c2, e => e.Source == ada); // authored, not also co-authored
        Assert.Equal(EdgeType.Authored, c2.Single(e => e.Source == ada).Type);
        Assert.DoesNotContain(snapshot.Edges, e => e.Target == "commit:github.com/guild/people@c1");
    }

    [Fact]
    public async Task OneWallet_BelongsToOnePerson_TheDatabaseRefusesASecond()
    {
        await RecordAsync(Pull("1", T0, GitHub("ann", 1001), 10), Pull("2", T0, GitHub("ben", 1002), 10));
        await WalletAsync("ann", "0x00000000000000000000000000000000000000d1");

        await Assert.ThrowsAsync<DbUpdateException>(() => WalletAsync("ben", "0x00000000000000000000000000000000000000d1"));
    }

    [Fact]
    public async Task SecondAndThirdEpochAfterGenesis_CarryTheVestingStart_AndReleaseMoreEachTime()
    {
        await RecordAsync(Pull("1", T0, GitHub("ada", 11), 300), Pull("2", T0, GitHub("linus", 12), 100));
        await WalletAsync("ada", "0x00000000000000000000000000000000000000a1");
        var genesis = await GenesisAsync();
        var released = new List<BigInteger> { Sum((await LinesAsync(genesis)).Values, l => l.GenesisReleasedTotalWei) };

        foreach (var budget in new[] { 1_000, 2_000 })
        {
            clock.Advance(TimeSpan.FromDays(15));
            var epoch = await NextEpochAsync(budget);
            Assert.Equal(VestingStart, (await SnapshotAsync(epoch.Number)).VestingStart);
            released.Add(Sum((await LinesAsync(epoch)).Values, l => l.GenesisReleasedTotalWei));
        }
        Assert.True(released[0] < released[1] && released[1] < released[2], string.Join(" < ", released));
    }

    [Fact]
    public async Task Draft_CanBeChangedAndDeleted_ButNotOnceAPublishTransactionWentOut()
    {
        await RecordAsync(Pull("1", T0, GitHub("ada", 11), 300));
        var epoch = await CreateAsync(new EpochInput(null, (100 * Agi).ToString(), null, null, false, null));
        await ComputeAsync(epoch.Number);

        await using (var db = Db())
        {
            var changed = await new ChangeEpochCommand(db, clock).UpdateAsync(epoch.Number, new EpochInput(null, (200 * Agi).ToString(), 1_000_000, null, false, null), default);
            Assert.Null(changed.Error);
            Assert.Equal(EpochStatus.Draft, changed.Value!.Status);
            Assert.Equal(200 * Agi, changed.Value.BudgetWei);
            Assert.False(await db.EpochContributors.AnyAsync(c => c.Epoch == epoch.Number)); // the old computation is gone
        }
        await ComputeAsync(epoch.Number);
        await using (var db = Db())
        {
            db.ChainTransactions.Add(new ChainTransaction(31337, Epoch.PublishPurpose(epoch.Number), "0x01", "0x02", 0, "0xab", "0xcd", clock.GetUtcNow()));
            await db.SaveChangesAsync();
            Assert.IsType<EpochPublishStartedError>((await new ChangeEpochCommand(db, clock).DeleteAsync(epoch.Number, default)).Error);
            Assert.IsType<EpochPublishStartedError>((await new ComputeEpochCommand(db, new EpochSnapshotBuilder(db), new WeightSetLibrary(db, clock), clock).ExecuteAsync(epoch.Number, GovernedWeights.BuiltIn, default)).Error);
            await db.ChainTransactions.ExecuteDeleteAsync();
            Assert.Null((await new ChangeEpochCommand(db, clock).DeleteAsync(epoch.Number, default)).Error);
            Assert.False(await db.Epochs.AnyAsync());
        }
    }

    // ---- helpers ----

    private PostgresGuildDbContext Db() =>
        new(new DbContextOptionsBuilder<PostgresGuildDbContext>().UseNpgsql(database.ConnectionString).Options);

    private ConfirmIdentityMappingCommand Confirm(GuildDbContext db) => new(db, ContributionRules.Default, new PersonLinks(db, clock), clock);

    private static IdentityRef GitHub(string login, long id) => IdentityRef.GitHub(login, id);

    private static IdentityRef Email(string email, string? login = null, long? id = null) =>
        new(IdentityKind.GitEmail, email, null, login, login is null ? LoginSource.None : LoginSource.CommitApi) { GitHubId = id };

    private static ContributionRecord Pull(string number, DateTimeOffset at, IdentityRef author, int lines) =>
        new(ContributionKind.PullRequest, number, at) { Author = author, Title = $"PR {number}", Additions = lines };

    private static ContributionRecord Commit(string sha, DateTimeOffset at, IdentityRef author, int lines) =>
        new(ContributionKind.Commit, sha, at) { Author = author, Additions = lines, CoAuthors = [] };

    private async Task RecordAsync(params ContributionRecord[] records)
    {
        await using var db = Db();
        await new RecordContributionsCommand(db, ContributionRules.Default, new PersonLinks(db, clock), clock)
            .ExecuteAsync(new ContributionSource("github.com", "guild/people", null), records, default);
    }

    private async Task<string> PersonKeyOfAsync(string value)
    {
        await using var db = Db();
        return Person.KeyOf(await db.ContributorIdentities.Where(i => i.Value == value).Select(i => i.PersonId).SingleAsync());
    }

    private async Task WalletAsync(string identity, string address)
    {
        await using var db = Db();
        var person = await db.ContributorIdentities.Where(i => i.Value == identity).Select(i => i.PersonId).SingleAsync();
        db.ContributorWallets.Add(new ContributorWallet(person, address, clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    private async Task<Epoch> CreateAsync(EpochInput input)
    {
        await using var db = Db();
        var created = await new CreateEpochCommand(db, clock).ExecuteAsync(input, default);
        Assert.Null(created.Error);
        return created.Value!;
    }

    private async Task<Epoch> ComputeAsync(long number)
    {
        await using var db = Db();
        var computed = await new ComputeEpochCommand(db, new EpochSnapshotBuilder(db), new WeightSetLibrary(db, clock), clock).ExecuteAsync(number, GovernedWeights.BuiltIn, default);
        Assert.True(computed.Error is null, computed.Error?.Message);
        return computed.Value!;
    }

    private async Task<Epoch> PublishedAsync(EpochInput input)
    {
        var epoch = await ComputeAsync((await CreateAsync(input)).Number);
        await using var db = Db();
        (await db.Epochs.SingleAsync(e => e.Number == epoch.Number)).MarkPublished(clock.GetUtcNow(), clock.GetUtcNow());
        await db.SaveChangesAsync();
        return epoch;
    }

    private Task<Epoch> GenesisAsync() => PublishedAsync(new EpochInput(null, null, 1_000_000, "1", true, VestingStart));

    private Task<Epoch> FirstEpochAsync(int budgetAgi, int minimumPayoutAgi = 0) =>
        PublishedAsync(new EpochInput(null, (budgetAgi * Agi).ToString(), 1_000_000, (minimumPayoutAgi * Agi).ToString(), false, null));

    private Task<Epoch> NextEpochAsync(int budgetAgi, int minimumPayoutAgi = 0) =>
        PublishedAsync(new EpochInput(null, (budgetAgi * Agi).ToString(), 1_000_000, (minimumPayoutAgi * Agi).ToString(), false, null));

    private async Task<Dictionary<string, EpochContributor>> LinesAsync(Epoch epoch)
    {
        await using var db = Db();
        return await db.EpochContributors.Where(c => c.Epoch == epoch.Number).ToDictionaryAsync(c => c.Contributor);
    }

    private async Task<EpochSnapshot> SnapshotAsync(long number)
    {
        await using var db = Db();
        using var stream = new MemoryStream((await db.EpochArtifacts.SingleAsync(a => a.Epoch == number && a.Kind == EpochArtifactKind.Snapshot)).Content);
        return EpochSnapshotJson.Read(stream);
    }

    /// <summary>The stored snapshot alone gives the recorded root, and lists the merge that moved a balance.</summary>
    private async Task AssertSnapshotRecomputesAsync(Epoch epoch, (string From, string Into) expectMerge)
    {
        var snapshot = await SnapshotAsync(epoch.Number);
        Assert.Contains(new SnapshotMerge(expectMerge.From, expectMerge.Into), snapshot.Merges);
        Assert.Contains(snapshot.Balances, b => b.Contributor == expectMerge.From);
        Assert.Equal(epoch.Root, AllocateEpoch.Run(snapshot).Root.ToString());
    }

    private static BigInteger Sum(IEnumerable<EpochContributor> lines, Func<EpochContributor, BigInteger> of) =>
        lines.Aggregate(BigInteger.Zero, (sum, l) => sum + of(l));

    private static BigInteger Owed(IEnumerable<EpochContributor> lines) => Sum(lines, l => l.CarriedWei);

    private static BigInteger Released(IEnumerable<EpochContributor> before, DateTimeOffset at) =>
        Sum(before, l => GenesisVesting.VestedAt(l.GenesisEntitlementWei, VestingStart, at) - l.GenesisReleasedTotalWei);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
