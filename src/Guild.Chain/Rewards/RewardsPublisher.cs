using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Transactions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Vesting = Guild.Chain.Contracts.VestingWallet;

namespace Guild.Chain.Rewards;

public enum PublishOutcome
{
    Published,
    AlreadyPublished,
}

/// <summary>A different root is already on-chain for the epoch: someone computed the epoch differently. Never overwritten.</summary>
public sealed class EpochRootConflictException(long epoch, string onChain, string ours)
    : Exception($"Epoch {epoch} already has root {onChain} on-chain; this epoch computed {ours}. A published epoch is immutable: find out which computation is wrong.")
{
    public long Epoch { get; } = epoch;
}

/// <summary>
/// This root was published for the epoch and then vetoed by the Timelock or the guardian during its challenge window.
/// It is not sent again: the epoch must be recomputed (a different root for the same epoch is published normally).
/// </summary>
public sealed class EpochRootVetoedException(long epoch, string root)
    : Exception($"Epoch {epoch}'s root {root} was vetoed on-chain during its challenge window. It will not be published again: recompute the epoch.")
{
    public long Epoch { get; } = epoch;

    public string Root { get; } = root;
}

/// <summary>
/// Publishes an epoch's cumulative Merkle root to the RewardsDistributor, and funds the distributor from the vested
/// initial-distribution pool. Idempotent: the same root already on-chain for the epoch is success. A published root is
/// claimable only after the distributor's challenge window (see <see cref="StateAsync"/>).
/// </summary>
public sealed class RewardsPublisher(ChainConnection chain, TransactionSender sender, DeployedContracts contracts)
{
    /// <summary>
    /// Publishes <paramref name="root"/> for <paramref name="epoch"/>, which must be the distributor's
    /// <c>latestEpoch() + 1</c> with no root still in its challenge window, computed with the weight set in force
    /// (<paramref name="weightsHash"/>; else the revert surfaces as a <see cref="ContractRevertedException"/>, e.g.
    /// <c>RewardsDistributorRootPending</c> with its <c>claimableAt</c>, or <c>RewardsDistributorWeightsNotInForce</c>).
    /// </summary>
    /// <returns><see cref="PublishOutcome.AlreadyPublished"/> when the chain already has this root for the epoch.</returns>
    /// <exception cref="EpochRootConflictException">The chain has a different root for the epoch.</exception>
    /// <exception cref="EpochRootVetoedException">This root was published for the epoch and vetoed.</exception>
    public async Task<PublishOutcome> PublishRootAsync(long epoch, byte[] root, BigInteger totalCumulative, byte[] reportHash, byte[] weightsHash, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (root is not { Length: 32 } || reportHash is not { Length: 32 } || weightsHash is not { Length: 32 })
        {
            throw new ArgumentException("The root, the report hash and the weights hash are 32 bytes.");
        }
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        var onChain = await RootOfAsync(distributor, epoch, cancellationToken);
        if (onChain.Any(b => b != 0))
        {
            return onChain.AsSpan().SequenceEqual(root)
                ? PublishOutcome.AlreadyPublished
                : throw new EpochRootConflictException(epoch, Hex(onChain), Hex(root));
        }
        var publish = new Distributor.PublishRootFunction
        {
            Epoch = epoch,
            Root = root,
            NewTotalCumulative = totalCumulative,
            ReportHash = reportHash,
            WeightsHash = weightsHash,
        };
        var purpose = $"rewards.publish-root:{epoch}";
        var receipt = await sender.SendAsync(purpose, distributor, publish, cancellationToken);
        if (!PublishedRoot(receipt).AsSpan().SequenceEqual(root))
        {
            // This epoch's first publication carried another root, which is no longer on-chain: it was vetoed. The
            // recomputed root gets its own idempotency key.
            await sender.SendAsync($"{purpose}:{Hex(root)}", distributor, publish, cancellationToken);
        }

        onChain = await RootOfAsync(distributor, epoch, cancellationToken);
        if (onChain.All(b => b == 0))
        {
            throw new EpochRootVetoedException(epoch, Hex(root));
        }
        return onChain.AsSpan().SequenceEqual(root)
            ? PublishOutcome.Published
            : throw new EpochRootConflictException(epoch, Hex(onChain), Hex(root));
    }

    /// <summary>
    /// The distributor as the chain sees it now, every value read at the same block: which epoch claims prove against,
    /// the root waiting out its challenge window (when it becomes claimable), and the funding.
    /// </summary>
    public async Task<DistributorState> StateAsync(CancellationToken cancellationToken = default)
    {
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var head = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var at = new BlockParameter(head.Number);

        Task<TResult> Read<TFunction, TResult>(string contract, TFunction function) where TFunction : FunctionMessage, new() =>
            web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(contract, function, at);

        var latest = Read<Distributor.LatestEpochFunction, BigInteger>(distributor, new());
        var claimable = Read<Distributor.ClaimableEpochFunction, BigInteger>(distributor, new());
        var claimableRoot = Read<Distributor.ClaimableRootFunction, byte[]>(distributor, new());
        var claimableTotal = Read<Distributor.TotalCumulativeFunction, BigInteger>(distributor, new());
        var period = Read<Distributor.ChallengePeriodFunction, BigInteger>(distributor, new());
        var guardian = Read<Distributor.GuardianFunction, string>(distributor, new());
        var paused = Read<Distributor.PausedFunction, bool>(distributor, new());
        var claimed = Read<Distributor.TotalClaimedFunction, BigInteger>(distributor, new());
        var balance = Read<Contracts.GuildToken.BalanceOfFunction, BigInteger>(token, new() { Account = distributor });
        var pending = web3.Eth.GetContractQueryHandler<Distributor.PendingRootFunction>()
            .QueryDeserializingToObjectAsync<Distributor.PendingRootOutputDTO>(new Distributor.PendingRootFunction(), distributor, at);
        await Task.WhenAll(latest, claimable, claimableRoot, claimableTotal, period, guardian, paused, claimed, balance, pending);

        var p = await pending;
        return new DistributorState(
            (long)head.Number.Value,
            DateTimeOffset.FromUnixTimeSeconds((long)head.Timestamp.Value),
            (long)await latest,
            (long)await claimable,
            Hex(await claimableRoot),
            await claimableTotal,
            p.Epoch.IsZero ? null : new PendingRoot((long)p.Epoch, Hex(p.Root), p.Total, DateTimeOffset.FromUnixTimeSeconds((long)p.ClaimableAt)),
            TimeSpan.FromSeconds((double)await period),
            await guardian is { } g && !string.Equals(g, Nethereum.Util.AddressUtil.ZERO_ADDRESS, StringComparison.OrdinalIgnoreCase) ? g : null,
            await paused,
            await balance + await claimed,
            await claimed);
    }

    /// <summary>The root a confirmed <c>publishRoot</c> transaction published, from its <c>RootPublished</c> log.</summary>
    private static byte[] PublishedRoot(TransactionReceipt receipt) =>
        receipt.DecodeAllEvents<Distributor.RootPublishedEventDTO>().Single().Event.Root;

    /// <summary>Releases what has vested of the initial-distribution pool into the distributor (once per epoch), returning the distributor's balance.</summary>
    public async Task<BigInteger> FundForEpochAsync(long epoch, CancellationToken cancellationToken = default)
    {
        var pool = await contracts.AddressAsync(SuiteDeployer.DistributionVesting, cancellationToken);
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        await sender.SendAsync($"rewards.fund:{epoch}", pool, new Vesting.ReleaseTokenFunction { Token = token }, cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Contracts.GuildToken.BalanceOfFunction>()
            .QueryAsync<BigInteger>(token, new Contracts.GuildToken.BalanceOfFunction { Account = distributor });
    }

    /// <summary>When the initial-distribution pool's six-month vesting started on-chain: the genesis epoch's vesting start.</summary>
    public async Task<DateTimeOffset> PoolVestingStartAsync(CancellationToken cancellationToken = default)
    {
        var pool = await contracts.AddressAsync(SuiteDeployer.DistributionVesting, cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var start = await web3.Eth.GetContractQueryHandler<Vesting.StartFunction>().QueryAsync<BigInteger>(pool, new Vesting.StartFunction());
        return DateTimeOffset.FromUnixTimeSeconds((long)start);
    }

    private async Task<byte[]> RootOfAsync(string distributor, long epoch, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Distributor.RootOfFunction>()
            .QueryAsync<byte[]>(distributor, new Distributor.RootOfFunction { Epoch = epoch }, BlockParameter.CreateLatest());
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
