using System.Numerics;
using Guild.Chain;
using Guild.Chain.Embedded;
using Guild.Chain.Rewards;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Guild.Jobs.Ingestion;
using Guild.Jobs.Ingestion.Git;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nethereum.Signer;

namespace Guild.Jobs.Demo;

/// <summary>
/// Demo data for <c>./run.sh</c>: replays the real nanoGPT history (bench/data) into a local git repository, tracks it
/// and imports it like any repository, links wallets for its most active contributors, and opens and computes the
/// genesis epoch with the on-chain pool's vesting start. The steward then reviews and publishes it from /epochs.
/// Runs once: it does nothing when the demo repository is already tracked.
/// </summary>
public sealed partial class SeedDemoDataJob(
    GuildDbContext db,
    DataDirectory data,
    AddTrackedRepositoryCommand track,
    IngestionSchedules schedules,
    GitImportJob import,
    CreateEpochCommand createEpoch,
    ComputeEpochCommand computeEpoch,
    RewardsPublisher rewards,
    GovernedWeightsReader weights,
    ChainConnection chain,
    DevTreasury treasury,
    TimeProvider time,
    ILogger<SeedDemoDataJob> logger)
{
    public const string Dataset = "karpathy__nanoGPT.commits.tsv.gz";
    private const int Wallets = 12;

    /// <summary>The demo DAO's rewards budget for the epochs after genesis, as if a Governor proposal had granted it.</summary>
    public static readonly System.Numerics.BigInteger RewardsGrantWei = 50_000_000 * System.Numerics.BigInteger.Pow(10, 18);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await db.TrackedRepositories.AnyAsync(r => r.Owner == "karpathy" && r.Name == "nanoGPT", cancellationToken))
        {
            return;
        }
        if (FindDataset() is not { } dataset)
        {
            LogNoDataset(logger, Dataset);
            return;
        }
        var path = Path.Combine(data.Path, "demo", "nanoGPT");
        if (!Directory.Exists(Path.Combine(path, ".git")))
        {
            await DatasetReplay.BuildAsync(CommitDataset.Read(dataset), path, "master", cancellationToken);
        }

        var tracked = await track.ExecuteAsync(new TrackedRepositoryInput("github.com", "karpathy", "nanoGPT", "Collective Ownership License",
            DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddYears(4), "MIT", null, path), cancellationToken);
        var repository = tracked.Value ?? throw new InvalidOperationException(tracked.Error!.Message);
        schedules.Apply(repository);
        await import.RunAsync(repository.Id, null, cancellationToken);

        await LinkWalletsAsync(cancellationToken);
        var epoch = await createEpoch.ExecuteAsync(new EpochInput(null, null, null, null, true, await rewards.PoolVestingStartAsync(cancellationToken)), cancellationToken);
        if (epoch.Value is { } genesis)
        {
            var computed = await computeEpoch.ExecuteAsync(genesis.Number, await weights.ReadAsync(cancellationToken), cancellationToken);
            LogSeeded(logger, genesis.Number, computed.Value?.Root ?? computed.Error!.Message);
        }
        // Genesis entitlements take the whole 20% pool: later epochs are paid from the treasury, which only governance
        // moves. On the embedded chain the demo stands in for that vote.
        if (chain.IsEmbedded)
        {
            await treasury.FundRewardsAsync(RewardsGrantWei, cancellationToken);
            LogFunded(logger, Guild.Core.AgiAmount.ToAgiText(RewardsGrantWei));
        }
    }

    /// <summary>The most active people get a wallet (fresh addresses: nobody holds these keys); the rest accrue until they link one.</summary>
    private async Task LinkWalletsAsync(CancellationToken cancellationToken)
    {
        var authors = await db.Contributions.AsNoTracking().Where(c => c.AuthorId != null)
            .GroupBy(c => c.AuthorId).Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .OrderByDescending(g => g.Count).Take(Wallets * 2).ToListAsync(cancellationToken);
        var identities = await db.ContributorIdentities.AsNoTracking().Where(i => authors.Select(a => a.Id).Contains(i.Id)).ToListAsync(cancellationToken);
        // People with a portal account (the demo contributor) link their own wallet, with a key they hold.
        var withAccounts = await db.People.AsNoTracking().Where(p => p.UserId != null).Select(p => p.Id).ToListAsync(cancellationToken);
        var people = authors.Select(a => identities.Single(i => i.Id == a.Id))
            .Where(i => !i.IsBot && !withAccounts.Contains(i.PersonId)).Select(i => i.PersonId).Distinct().Take(Wallets).ToList();
        foreach (var person in people.Where(p => !db.ContributorWallets.Any(w => w.PersonId == p)))
        {
            db.ContributorWallets.Add(new ContributorWallet(person, EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant(), time.GetUtcNow()));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? FindDataset()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "data", Dataset);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Demo data skipped: bench/data/{Dataset} not found")]
    private static partial void LogNoDataset(ILogger logger, string dataset);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Demo data: the treasury funded {Amount} AGI of rewards for the epochs after genesis (standing in for a Governor proposal)")]
    private static partial void LogFunded(ILogger logger, string amount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Demo data ready: nanoGPT imported, genesis epoch {Epoch} computed ({Root})")]
    private static partial void LogSeeded(ILogger logger, long epoch, string root);
}
