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
/// $AGI from the DAO treasury to the rewards distributor or the licence sale reserve, or puts a weight set in force — so
/// a demo or a test can run epochs after genesis, sell licences, or adopt a candidate weight set without a vote. The
/// Timelock's transactions go through anvil's account impersonation, which no real node offers: on any other chain
/// this fails instead of doing anything. In production each is a governance proposal (docs/chain.md).
/// </summary>
public sealed class DevTreasury(ChainConnection chain, DeployedContracts contracts)
{
    public async Task FundRewardsAsync(BigInteger amount, CancellationToken cancellationToken = default) =>
        await TransferFromTreasuryAsync("RewardsDistributor", amount, exact: true, cancellationToken);

    /// <summary>
    /// Stocks the licence sale reserve (the registry's $AGI balance) from the treasury, as the governance proposal
    /// <c>treasuryVesting.release(token); token.transfer(registry, amount)</c> would: at most what has vested. Returns
    /// what it moved.
    /// </summary>
    public Task<BigInteger> FundLicenseReserveAsync(BigInteger amount, CancellationToken cancellationToken = default) =>
        TransferFromTreasuryAsync("LicenseRegistry", amount, exact: false, cancellationToken);

    /// <summary>
    /// Gives <paramref name="wallet"/> $AGI from the treasury, as a passed grant of the DAO would (the demo members'
    /// tokens): exactly <paramref name="amount"/>, so it fails when the treasury has not vested that much.
    /// </summary>
    public async Task GiveAgiAsync(string wallet, BigInteger amount, CancellationToken cancellationToken = default)
    {
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var treasury = await contracts.AddressAsync(SuiteDeployer.TreasuryVesting, cancellationToken);
        await AsTimelockAsync(async (web3, timelock) =>
        {
            await SendAsync(web3, timelock, treasury, new Vesting.ReleaseTokenFunction { Token = token }, cancellationToken);
            await SendAsync(web3, timelock, token, new Token.TransferFunction { To = wallet, Value = amount }, cancellationToken);
            return amount;
        }, cancellationToken);
    }

    /// <summary>Gives <paramref name="wallet"/> ETH and test stablecoin (a demo or test company's wallet).</summary>
    public async Task FundWalletAsync(string wallet, BigInteger wei, BigInteger stablecoinUnits, CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        await web3.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", wallet, new HexBigInteger(wei).HexValue));
        if (stablecoinUnits.IsZero)
        {
            return;
        }
        var coin = await contracts.AddressAsync("TestStablecoin", cancellationToken);
        await web3.Client.SendRequestAsync(new RpcRequest(2, "anvil_impersonateAccount", wallet));
        try
        {
            await SendAsync(web3, wallet, coin, new Contracts.TestStablecoin.MintFunction { To = wallet, Amount = stablecoinUnits }, cancellationToken);
        }
        finally
        {
            await web3.Client.SendRequestAsync(new RpcRequest(3, "anvil_stopImpersonatingAccount", wallet));
        }
    }

    /// <summary>Puts the weight set with this hash in force (<c>RewardsWeights.setWeightsHash</c>, sent by the Timelock).</summary>
    public async Task SetWeightsHashAsync(string weightsHash, CancellationToken cancellationToken = default)
    {
        var registry = await contracts.AddressAsync("RewardsWeights", cancellationToken);
        var hash = Convert.FromHexString(weightsHash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? weightsHash[2..] : weightsHash);
        await AsTimelockAsync(async (web3, timelock) =>
        {
            await SendAsync(web3, timelock, registry, new Weights.SetWeightsHashFunction { NewHash = hash }, cancellationToken);
            return BigInteger.Zero;
        }, cancellationToken);
    }

    private async Task<BigInteger> TransferFromTreasuryAsync(string recipient, BigInteger amount, bool exact, CancellationToken cancellationToken)
    {
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var to = await contracts.AddressAsync(recipient, cancellationToken);
        var treasury = await contracts.AddressAsync(SuiteDeployer.TreasuryVesting, cancellationToken);
        return await AsTimelockAsync(async (web3, timelock) =>
        {
            // The treasury's vested part goes to its beneficiary, the Timelock; anyone may trigger that.
            await SendAsync(web3, timelock, treasury, new Vesting.ReleaseTokenFunction { Token = token }, cancellationToken);
            if (!exact)
            {
                var held = await web3.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = timelock });
                amount = BigInteger.Min(amount, held);
            }
            if (!amount.IsZero)
            {
                await SendAsync(web3, timelock, token, new Token.TransferFunction { To = to, Value = amount }, cancellationToken);
            }
            return amount;
        }, cancellationToken);
    }

    // One impersonation at a time in the process: the demo seeders and the demo data job both act as the Timelock, and
    // one stopping the impersonation while another still sends would fail the other's transaction.
    private static readonly SemaphoreSlim TimelockTurn = new(1, 1);

    private async Task<BigInteger> AsTimelockAsync(Func<Nethereum.Web3.IWeb3, string, Task<BigInteger>> send, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var timelock = await contracts.AddressAsync("TimelockController", cancellationToken);
        await TimelockTurn.WaitAsync(cancellationToken);
        try
        {
            return await ImpersonatingAsync(web3, timelock, send);
        }
        finally
        {
            TimelockTurn.Release();
        }
    }

    private static async Task<BigInteger> ImpersonatingAsync(Nethereum.Web3.IWeb3 web3, string timelock, Func<Nethereum.Web3.IWeb3, string, Task<BigInteger>> send)
    {
        await web3.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", timelock));
        try
        {
            await web3.Client.SendRequestAsync(new RpcRequest(2, "anvil_setBalance", timelock, new HexBigInteger(BigInteger.Pow(10, 18)).HexValue));
            return await send(web3, timelock);
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
            throw new InvalidOperationException($"The development transaction reverted ({typeof(TFunction).Name}, transaction {receipt.TransactionHash}).");
        }
    }
}
