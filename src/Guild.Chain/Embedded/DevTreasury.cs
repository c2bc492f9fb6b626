using System.Globalization;
using System.Numerics;
using Guild.Chain.Deployment;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;
using Weights = Guild.Chain.Contracts.RewardsWeights;

namespace Guild.Chain.Embedded;

/// <summary>
/// On a development chain (anvil) only: does what an executed Governor proposal would (the Timelock sends it) — moves
/// $AGI from the DAO treasury to the rewards distributor, or puts a weight set in force — so a demo or a test can run
/// epochs after genesis, or adopt a candidate weight set, before the member journey exists to vote on them. The
/// Timelock's transaction goes through anvil's account impersonation, which no real node offers: on any other chain
/// this fails instead of doing anything.
/// </summary>
public sealed class DevTreasury(ChainConnection chain, DeployedContracts contracts)
{
    public async Task FundRewardsAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var distributor = await contracts.AddressAsync("RewardsDistributor", cancellationToken);
        var treasury = await contracts.AddressAsync(SuiteDeployer.TreasuryVesting, cancellationToken);
        await AsTimelockAsync(async (web3, timelock) =>
        {
            // The treasury's vested part goes to its beneficiary, the Timelock; anyone may trigger that.
            await SendAsync(web3, timelock, treasury, new Vesting.ReleaseTokenFunction { Token = token }, cancellationToken);
            await SendAsync(web3, timelock, token, new Token.TransferFunction { To = distributor, Value = amount }, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Puts the weight set with this hash in force (<c>RewardsWeights.setWeightsHash</c>, sent by the Timelock).</summary>
    public async Task SetWeightsHashAsync(string weightsHash, CancellationToken cancellationToken = default)
    {
        var registry = await contracts.AddressAsync("RewardsWeights", cancellationToken);
        var hash = Convert.FromHexString(weightsHash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? weightsHash[2..] : weightsHash);
        await AsTimelockAsync((web3, timelock) =>
            SendAsync(web3, timelock, registry, new Weights.SetWeightsHashFunction { NewHash = hash }, cancellationToken), cancellationToken);
    }

    private async Task AsTimelockAsync(Func<Nethereum.Web3.IWeb3, string, Task> send, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var timelock = await contracts.AddressAsync("TimelockController", cancellationToken);
        await web3.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", timelock));
        try
        {
            await web3.Client.SendRequestAsync(new RpcRequest(2, "anvil_setBalance", timelock, new HexBigInteger(BigInteger.Pow(10, 18)).HexValue));
            await send(web3, timelock);
        }
        finally
        {
            await web3.Client.SendRequestAsync(new RpcRequest(3, "anvil_stopImpersonatingAccount", timelock));
        }
    }

    private static async Task SendAsync<TFunction>(Nethereum.Web3.IWeb3 web3, string from, string to, TFunction function, CancellationToken cancellationToken)
        where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        function.FromAddress = from;
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(to, function, cancellationToken);
        if (receipt.Status?.Value != BigInteger.One)
        {
            throw new InvalidOperationException($"The Timelock's transaction reverted ({typeof(TFunction).Name}, transaction {receipt.TransactionHash}).");
        }
    }
}
