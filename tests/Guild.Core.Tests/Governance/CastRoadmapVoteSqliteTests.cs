using System.Numerics;
using Guild.Core.Claims;
using Guild.Core.Data.Providers;
using Guild.Core.Governance;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using NBitcoin.Secp256k1;

namespace Guild.Core.Tests.Governance;

/// <summary>
/// Votes arriving at once on the embedded default (SQLite in WAL mode, as the portal opens it): every one is counted,
/// and their writes take turns instead of colliding on the file (where Microsoft.Data.Sqlite would sleep 150 ms and retry);
/// a private proposal read twice at once after its end is revealed exactly once.
/// </summary>
public class CastRoadmapVoteSqliteTests
{
    private static readonly VoteDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly BallotKeys Keys = new(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

    [Fact]
    public async Task Cast_ManyVotersAtOnce_EveryVoteCountedAndTheirSavesTakeTurns()
    {
        var folder = TestEnvironment.NewTempDirectory("sqlite-votes");
        try
        {
            var saves = new OverlapCounter();
            var options = new DbContextOptionsBuilder<SqliteGuildDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder, "guild.db")}").AddInterceptors(saves).Options;
            var chain = new FixedPower();
            long proposal;
            await using (var db = new SqliteGuildDbContext(options))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                var created = await new CreateRoadmapProposalCommand(db, chain, Keys, TimeProvider.System).ExecuteAsync("user-1", Address(Key(0)),
                    new RoadmapProposalInput("Next model", "Rank them.", ["A", "B", "C"], VoteType.RankedChoice, null, DateTimeOffset.UtcNow.AddDays(1)), default);
                proposal = created.Value!.Id;
            }
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            var outcomes = await Task.WhenAll(Enumerable.Range(1, 24).Select(i => Task.Run(async () =>
            {
                var key = Key(i);
                int[] choices = [1 + (i % 3), 1 + ((i + 1) % 3)];
                await using var db = new SqliteGuildDbContext(options);
                return await new CastRoadmapVoteCommand(db, chain, TimeProvider.System).ExecuteAsync(proposal,
                    new SignedVoteInput(Address(key), choices, "", timestamp, Sign(key, proposal, choices, timestamp)), default);
            })));

            Assert.All(outcomes, o => Assert.Null(o.Error));
            await using (var db = new SqliteGuildDbContext(options))
            {
                Assert.Equal(24, await db.RoadmapVotes.CountAsync(v => v.ProposalId == proposal));
            }
            Assert.Equal(1, saves.Max);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Reveal_TwoReadersAtOnceAfterTheEnd_OpensEveryBallotOnce_AndPublishesTheKey()
    {
        var folder = TestEnvironment.NewTempDirectory("sqlite-reveal");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteGuildDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "guild.db")}").Options;
            var chain = new FixedPower();
            var ends = DateTimeOffset.UtcNow.AddMinutes(5);
            RoadmapProposal proposal;
            await using (var db = new SqliteGuildDbContext(options))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                proposal = (await new CreateRoadmapProposalCommand(db, chain, Keys, TimeProvider.System).ExecuteAsync("user-1", Address(Key(0)),
                    new RoadmapProposalInput("Next model", "In private.", ["A", "B"], VoteType.SingleChoice, null, ends, Private: true), default)).Value!;
            }
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var i = 1; i <= 3; i++)
            {
                var ballot = PrivateBallot.Seal(proposal.BallotPublicKey!, proposal.Id, Domain.ChainId, [i == 3 ? 2 : 1], $"voter {i}");
                if (i == 2)
                {
                    ballot[^1] ^= 0x01; // tampered before signing: well formed, but it will not open
                }
                await using var db = new SqliteGuildDbContext(options);
                var cast = await new CastRoadmapVoteCommand(db, chain, TimeProvider.System).ExecuteAsync(proposal.Id,
                    new SignedVoteInput(Address(Key(i)), null, null, timestamp, SignPrivate(Key(i), proposal.Id, ballot, timestamp), PrivateBallot.ToHex(ballot)), default);
                Assert.Null(cast.Error);
            }

            var after = new FixedClock(ends.AddSeconds(1));
            var revealed = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await using var db = new SqliteGuildDbContext(options);
                return await new RevealPrivateBallotsCommand(db, Keys, chain, after, NullLogger<RevealPrivateBallotsCommand>.Instance).ExecuteAsync(proposal.Id, default);
            })));

            Assert.Single(revealed, r => r);
            await using (var db = new SqliteGuildDbContext(options))
            {
                var stored = await db.RoadmapProposals.SingleAsync(p => p.Id == proposal.Id);
                Assert.True(PrivateBallot.KeyMatches(stored.RevealedBallotKey, stored.BallotPublicKey));
                Assert.Equal(ends.AddSeconds(1), stored.RevealedAt);
                var votes = await db.RoadmapVotes.Where(v => v.ProposalId == proposal.Id).ToDictionaryAsync(v => v.Voter);
                Assert.Equal([1], votes[Address(Key(1))].Choices);
                Assert.Equal("voter 1", votes[Address(Key(1))].Reason);
                Assert.Contains("does not decrypt", votes[Address(Key(2))].Spoiled, StringComparison.Ordinal);
                Assert.Equal([2], votes[Address(Key(3))].Choices);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string SignPrivate(ECPrivKey key, long proposal, byte[] ballot, long timestamp) =>
        SignDigest(key, PrivateVoteTypedData.Digest(Domain, proposal, ballot, timestamp));

    private static ECPrivKey Key(int i)
    {
        var secret = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i + 1));
        return ECPrivKey.Create(secret);
    }

    private static string Address(ECPrivKey key)
    {
        Span<byte> uncompressed = stackalloc byte[65];
        key.CreatePubKey().WriteToSpan(false, uncompressed, out _);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(uncompressed[1..], hash);
        return "0x" + Convert.ToHexStringLower(hash[12..]);
    }

    private static string Sign(ECPrivKey key, long proposal, int[] choices, long timestamp) =>
        SignDigest(key, VoteTypedData.Digest(Domain, proposal, choices, "", timestamp));

    private static string SignDigest(ECPrivKey key, byte[] digest)
    {
        Assert.True(key.TrySignRecoverable(digest, out var signature));
        var bytes = new byte[65];
        signature!.WriteToSpanCompact(bytes.AsSpan(0, 64), out var recoveryId);
        bytes[64] = (byte)(27 + recoveryId);
        return VoteSignature.ToHex(bytes);
    }

    /// <summary>Every address has power 1,000 at any snapshot, read after a yield so the votes overlap as chain reads make them.</summary>
    private sealed class FixedPower : IVotingPower
    {
        private static readonly BigInteger Power = 1_000 * BigInteger.Pow(10, 18);

        public Task<VoteDomain> DomainAsync(CancellationToken cancellationToken) => Task.FromResult(Domain);

        public Task<ChainPoint> HeadAsync(CancellationToken cancellationToken) => Task.FromResult(new ChainPoint(100, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60));

        public Task<RoadmapRules> RulesAsync(CancellationToken cancellationToken) => Task.FromResult(new RoadmapRules(1, 1));

        public Task<BigInteger> PowerNowAsync(string address, CancellationToken cancellationToken) => Task.FromResult(Power);

        public async Task<BigInteger> PowerAtAsync(string address, ChainPoint snapshot, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            return Power;
        }
    }

    /// <summary>The most saves in progress at once.</summary>
    private sealed class OverlapCounter : SaveChangesInterceptor
    {
        private int current;
        private int max;

        public int Max => Volatile.Read(ref max);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen)
            {
            }
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Interlocked.Decrement(ref current);
            return ValueTask.FromResult(result);
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Decrement(ref current);
            return Task.CompletedTask;
        }
    }
}
