using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Transactions;
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
/// Publishes an epoch's cumulative Merkle root to the RewardsDistributor, and funds the distributor from the vested
/// initial-distribution pool. Idempotent: the same root already on-chain for the epoch is success.
/// </summary>
public sealed class RewardsPublisher(ChainConnection chain, TransactionSender sender, DeployedContracts contracts)
{
    public async Task<PublishOutcome> PublishRootAsync(long epoch, byte[] root, BigInteger totalCumulative, byte[] reportHash, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (root is not { Length: 32 } || reportHash is not { Length: 32 })
        {
            throw new ArgumentException("The root and the report hash are 32 bytes.");
        }
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        var onChain = await RootOfAsync(distributor, epoch, cancellationToken);
        if (onChain.Any(b => b != 0))
        {
            return onChain.AsSpan().SequenceEqual(root)
                ? PublishOutcome.AlreadyPublished
                : throw new EpochRootConflictException(epoch, Hex(onChain), Hex(root));
        }
        await sender.SendAsync($"rewards.publish-root:{epoch}", distributor, new Distributor.PublishRootFunction
        {
            Epoch = epoch, Root = root, NewTotalCumulative = totalCumulative, ReportHash = reportHash,
        }, cancellationToken);
        return PublishOutcome.Published;
    }

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
