using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Signing;
using Guild.Chain.Transactions;
using Guild.Core.Licensing;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Coin = Guild.Chain.Contracts.TestStablecoin;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Chain.Licensing;

public enum LicensePayment
{
    Eth,
    Stablecoin,
}

/// <summary>A company's licence as the LicenseRegistry sees it now.</summary>
public sealed record LicenseStatus(string Company, bool IsLicensed, BigInteger Locked, BigInteger DeclaredRevenueUsd, byte[] DeclarationHash, DateTimeOffset? Expiry);

/// <summary>
/// The licence registry for the portal and for companies' own signers: the governed terms (so Guild.Core can quote),
/// the required stake as the contract computes it, a company's status, and purchase, top-up and renewal paid in ETH
/// (excess refunded by the contract) or in the stablecoin (approved first).
/// </summary>
public sealed class LicenseService(ChainConnection chain, DeployedContracts contracts)
{
    public async Task<LicenseTerms> GetTermsAsync(CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        async Task<T> Read<TFunction, T>() where TFunction : FunctionMessage, new() =>
            await web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<T>(registry, new TFunction());
        var coin = await Read<Registry.StablecoinFunction, string>();
        var decimals = await web3.Eth.GetContractQueryHandler<Coin.DecimalsFunction>().QueryAsync<byte>(coin, new Coin.DecimalsFunction());
        return new LicenseTerms(
            await Read<Registry.RevenueThresholdUsdFunction, BigInteger>(),
            await Read<Registry.RateFunction, BigInteger>(),
            await Read<Registry.AgiPriceUsdFunction, BigInteger>(),
            await Read<Registry.EthPriceUsdFunction, BigInteger>(),
            decimals);
    }

    public async Task<BigInteger> RequiredStakeAsync(BigInteger revenueUsd, CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Registry.RequiredStakeFunction>()
            .QueryAsync<BigInteger>(registry, new Registry.RequiredStakeFunction { RevenueUsd = revenueUsd });
    }

    public async Task<LicenseStatus> GetStatusAsync(string company, CancellationToken cancellationToken = default)
    {
        if (!Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(company))
        {
            throw new ArgumentException($"'{company}' is not an address.", nameof(company));
        }
        var (web3, registry) = await RegistryAsync(cancellationToken);
        var licence = await web3.Eth.GetContractQueryHandler<Registry.LicenceOfFunction>()
            .QueryDeserializingToObjectAsync<Registry.LicenceOfOutputDTO>(new Registry.LicenceOfFunction { Company = company }, registry);
        var licensed = await web3.Eth.GetContractQueryHandler<Registry.IsLicensedFunction>()
            .QueryAsync<bool>(registry, new Registry.IsLicensedFunction { Company = company });
        return new LicenseStatus(company, licensed, licence.Locked, licence.DeclaredRevenueUsd, licence.DeclarationHash,
            licence.Expiry.IsZero ? null : DateTimeOffset.FromUnixTimeSeconds((long)licence.Expiry));
    }

    public Task<TransactionReceipt> PurchaseAsync(SigningAccount company, BigInteger revenueUsd, long termSeconds, byte[] declarationHash, LicensePayment payment, CancellationToken cancellationToken = default) =>
        PayAndSendAsync(company, revenueUsd, payment, new Registry.PurchaseFunction { RevenueUsd = revenueUsd, Term = termSeconds, DeclarationHash = declarationHash }, "licence purchase", cancellationToken);

    public Task<TransactionReceipt> TopUpAsync(SigningAccount company, BigInteger revenueUsd, byte[] declarationHash, LicensePayment payment, CancellationToken cancellationToken = default) =>
        PayAndSendAsync(company, revenueUsd, payment, new Registry.TopUpFunction { RevenueUsd = revenueUsd, DeclarationHash = declarationHash }, "licence top-up", cancellationToken);

    public Task<TransactionReceipt> RenewAsync(SigningAccount company, BigInteger revenueUsd, long termSeconds, byte[] declarationHash, LicensePayment payment, CancellationToken cancellationToken = default) =>
        PayAndSendAsync(company, revenueUsd, payment, new Registry.RenewFunction { RevenueUsd = revenueUsd, Term = termSeconds, DeclarationHash = declarationHash }, "licence renewal", cancellationToken);

    /// <summary>Pays for the shortfall between the stake the revenue requires and what the company already has locked.</summary>
    private async Task<TransactionReceipt> PayAndSendAsync<TFunction>(SigningAccount company, BigInteger revenueUsd, LicensePayment payment, TFunction function, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        var registry = await contracts.AddressAsync("LicenseRegistry", cancellationToken);
        var web3 = company.Web3;
        var required = await RequiredStakeAsync(revenueUsd, cancellationToken);
        var locked = (await GetStatusAsync(company.Address, cancellationToken)).Locked;
        var shortfall = BigInteger.Max(0, required - locked);
        var cost = await web3.Eth.GetContractQueryHandler<Registry.CostOfFunction>()
            .QueryDeserializingToObjectAsync<Registry.CostOfOutputDTO>(new Registry.CostOfFunction { Stake = shortfall }, registry);

        if (payment == LicensePayment.Eth)
        {
            function.AmountToSend = cost.WeiCost;
        }
        else if (!cost.StablecoinCost.IsZero)
        {
            var coin = await web3.Eth.GetContractQueryHandler<Registry.StablecoinFunction>().QueryAsync<string>(registry, new Registry.StablecoinFunction());
            await SendAsync(web3, coin, new Coin.ApproveFunction { Spender = registry, Value = cost.StablecoinCost, FromAddress = company.Address }, "stablecoin approval", cancellationToken);
        }
        function.FromAddress = company.Address;
        return await SendAsync(web3, registry, function, what, cancellationToken);
    }

    private static async Task<TransactionReceipt> SendAsync<TFunction>(IWeb3 web3, string contract, TFunction function, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function, cancellationToken);
            return receipt.Status?.Value == BigInteger.One ? receipt : throw new ContractRevertedException(what, "RevertedOnChain", null, null);
        }
        catch (Exception ex) when (RevertDecoder.Decode(ex, what) is { } revert)
        {
            throw revert;
        }
    }

    private async Task<(IWeb3 Web3, string Registry)> RegistryAsync(CancellationToken cancellationToken) =>
        (await chain.GetWeb3Async(cancellationToken), await contracts.AddressAsync("LicenseRegistry", cancellationToken));
}
