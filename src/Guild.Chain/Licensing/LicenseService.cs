using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Signing;
using Guild.Chain.Transactions;
using Guild.Core.Claims;
using Guild.Core.Licensing;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Web3;
using Coin = Guild.Chain.Contracts.TestStablecoin;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Chain.Licensing;

public enum LicensePayment
{
    Eth,
    Stablecoin,
}

/// <summary>What a licence transaction does: buy a licence, raise the declared revenue, or extend the term.</summary>
public enum LicenseAction
{
    Purchase,
    TopUp,
    Renewal,
}

/// <summary>A company's licence as the LicenseRegistry sees it now.</summary>
public sealed record LicenseStatus(
    string Company, bool IsLicensed, BigInteger Locked, BigInteger DeclaredRevenueUsd, byte[] DeclarationHash, DateTimeOffset? Expiry,
    int FiscalYear, bool Revoked, BigInteger DeclarationNonce);

/// <summary>What <see cref="LicenseService.ActAsync"/> sent: the registry call's receipt and the declaration it used.</summary>
public sealed record SentLicense(TransactionReceipt Receipt, RevenueDeclaration Declaration, byte[] DeclarationHash);

/// <summary>
/// One transaction for a wallet to send: <c>to</c>, calldata and value, what it is for, and the gas limit to send it with
/// (null when it cannot be estimated yet: a registry call before its stablecoin approval is mined).
/// </summary>
public sealed record WalletCall(string Purpose, string To, string Data, BigInteger Value, BigInteger? Gas = null);

/// <summary>A dry run's outcome: the registry's refusal, or the gas the call used.</summary>
public sealed record DryRun(ContractRevertedException? Refused, BigInteger? GasUsed)
{
    /// <summary>
    /// The gas limit to send the call with: the estimate plus a quarter and 50,000. A wallet's own estimate runs against
    /// the latest block, where a vote checkpoint written earlier in the block is a cheap update; mined in the next block
    /// it is a fresh storage slot, and a renewal sent with the bare estimate runs out of gas inside the escrow.
    /// </summary>
    public BigInteger? GasLimit => GasUsed is { } used ? used * 5 / 4 + 50_000 : null;
}

/// <summary>
/// The licence registry for the portal and for companies' own signers: the governed terms (so Guild.Core can quote),
/// the EIP-712 domain declarations are signed in, a company's status and next declaration nonce, the transactions a
/// wallet sends to buy, top up or renew (with a maximum cost and a deadline), a dry run of them, and the same done
/// directly with a company key (tests, benchmarks, scripts).
/// </summary>
public sealed class LicenseService(ChainConnection chain, DeployedContracts contracts)
{
    /// <summary>How long a prepared transaction may wait in the wallet before the registry refuses it.</summary>
    public static readonly TimeSpan TransactionWindow = TimeSpan.FromMinutes(20);

    public async Task<DeclarationDomain> DomainAsync(CancellationToken cancellationToken = default) =>
        new(await chain.GetChainIdAsync(cancellationToken), (await contracts.AddressAsync("LicenseRegistry", cancellationToken)).ToLowerInvariant());

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
            decimals,
            (long)await Read<Registry.MinTermFunction, BigInteger>());
    }

    /// <summary>A live quote: the terms, the company's locked $AGI (none without a company) and the sale reserve, read now.</summary>
    public async Task<LicenseQuote> QuoteAsync(BigInteger revenueUsd, string? company, CancellationToken cancellationToken = default)
    {
        var terms = await GetTermsAsync(cancellationToken);
        var locked = company is null ? BigInteger.Zero : (await GetStatusAsync(company, cancellationToken)).Locked;
        return terms.Quote(revenueUsd, locked, await SaleReserveAsync(cancellationToken));
    }

    public async Task<BigInteger> RequiredStakeAsync(BigInteger revenueUsd, CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Registry.RequiredStakeFunction>()
            .QueryAsync<BigInteger>(registry, new Registry.RequiredStakeFunction { RevenueUsd = revenueUsd });
    }

    /// <summary>The contract's <c>costOf</c>: the price of <paramref name="stake"/> $AGI wei in ETH wei and stablecoin units.</summary>
    public async Task<(BigInteger Wei, BigInteger StablecoinUnits)> CostOfAsync(BigInteger stake, CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        var cost = await web3.Eth.GetContractQueryHandler<Registry.CostOfFunction>()
            .QueryDeserializingToObjectAsync<Registry.CostOfOutputDTO>(new Registry.CostOfFunction { Stake = stake }, registry);
        return (cost.WeiCost, cost.StablecoinCost);
    }

    public async Task<BigInteger> SaleReserveAsync(CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Registry.SaleReserveFunction>().QueryAsync<BigInteger>(registry, new Registry.SaleReserveFunction());
    }

    /// <summary>The contract's own <c>hashDeclaration</c> (the portal computes it in C#; tests compare the two).</summary>
    public async Task<byte[]> HashDeclarationAsync(RevenueDeclaration declaration, CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        return await web3.Eth.GetContractQueryHandler<Registry.HashDeclarationFunction>()
            .QueryAsync<byte[]>(registry, new Registry.HashDeclarationFunction { Declaration = ToAbi(declaration) });
    }

    public async Task<string> StablecoinAsync(CancellationToken cancellationToken = default)
    {
        var (web3, registry) = await RegistryAsync(cancellationToken);
        return (await web3.Eth.GetContractQueryHandler<Registry.StablecoinFunction>().QueryAsync<string>(registry, new Registry.StablecoinFunction())).ToLowerInvariant();
    }

    public async Task<LicenseStatus> GetStatusAsync(string company, CancellationToken cancellationToken = default)
    {
        if (EthereumAddress.TryNormalize(company) is not { } address)
        {
            throw new ArgumentException($"'{company}' is not an address.", nameof(company));
        }
        var (web3, registry) = await RegistryAsync(cancellationToken);
        var licence = await web3.Eth.GetContractQueryHandler<Registry.LicenceOfFunction>()
            .QueryDeserializingToObjectAsync<Registry.LicenceOfOutputDTO>(new Registry.LicenceOfFunction { Company = address }, registry);
        var licensed = await web3.Eth.GetContractQueryHandler<Registry.IsLicensedFunction>()
            .QueryAsync<bool>(registry, new Registry.IsLicensedFunction { Company = address });
        var nonce = await web3.Eth.GetContractQueryHandler<Registry.DeclarationNonceFunction>()
            .QueryAsync<BigInteger>(registry, new Registry.DeclarationNonceFunction { Company = address });
        return new LicenseStatus(address, licensed, licence.Locked, licence.DeclaredRevenueUsd, licence.DeclarationHash,
            licence.Expiry.IsZero ? null : DateTimeOffset.FromUnixTimeSeconds((long)licence.Expiry), (int)licence.FiscalYear, licence.Revoked, nonce);
    }

    /// <summary>
    /// The transactions a wallet sends for <paramref name="action"/> under a signed declaration: with the stablecoin an
    /// approval of exactly the quoted cost first (when there is one), then the registry call carrying the quoted cost as
    /// its maximum and a deadline <see cref="TransactionWindow"/> from <paramref name="now"/>; with ETH the quoted cost as
    /// value and maximum.
    /// </summary>
    public async Task<IReadOnlyList<WalletCall>> CallsAsync(LicenseAction action, RevenueDeclaration declaration, byte[] signature, long termSeconds,
        LicensePayment payment, LicenseQuote quote, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var registry = await contracts.AddressAsync("LicenseRegistry", cancellationToken);
        var maxCost = payment == LicensePayment.Eth ? quote.CostWei : quote.CostStablecoinUnits;
        var deadline = now.Add(TransactionWindow).ToUnixTimeSeconds();
        var calls = new List<WalletCall>();
        if (payment == LicensePayment.Stablecoin && !maxCost.IsZero)
        {
            var approve = new Coin.ApproveFunction { Spender = registry, Value = maxCost };
            calls.Add(new WalletCall("approve", await StablecoinAsync(cancellationToken), approve.GetCallData().ToHex(true), 0));
        }
        var data = CallData(action, declaration, signature, termSeconds, maxCost, deadline);
        calls.Add(new WalletCall(action.ToString(), registry.ToLowerInvariant(), data, payment == LicensePayment.Eth ? quote.CostWei : 0));
        return calls;
    }

    /// <summary>
    /// Runs <paramref name="call"/> from <paramref name="from"/> without sending it (a gas estimate): null when it would
    /// succeed, else the registry's refusal with its custom error decoded.
    /// </summary>
    public async Task<ContractRevertedException?> DryRunAsync(string from, WalletCall call, CancellationToken cancellationToken = default) =>
        (await EstimateAsync(from, call, cancellationToken)).Refused;

    /// <summary>A dry run of <paramref name="call"/> from <paramref name="from"/>: the refusal, or the gas it needs.</summary>
    public async Task<DryRun> EstimateAsync(string from, WalletCall call, CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        try
        {
            var gas = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(call.Data, call.To, new Nethereum.Hex.HexTypes.HexBigInteger(call.Value)) { From = from });
            return new DryRun(null, gas.Value);
        }
        catch (Exception ex) when (RevertDecoder.Decode(ex, call.Purpose) is ContractRevertedException revert)
        {
            return new DryRun(revert, null);
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException ex) when (ex.RpcError?.Data is { } data && RevertDecoder.Decode(ex, call.Purpose) is null)
        {
            return new DryRun(DecodeRpcRevert(call.Purpose, data.ToString(), ex), null);
        }
    }

    /// <summary>
    /// Signs a declaration with <paramref name="key"/> and sends <paramref name="action"/> from <paramref name="company"/>
    /// (approving the stablecoin first), as a company's own script would.
    /// </summary>
    public async Task<SentLicense> ActAsync(SigningAccount company, EthECKey key, LicenseAction action, DeclarationFields fields, long termSeconds,
        LicensePayment payment, CancellationToken cancellationToken = default)
    {
        var domain = await DomainAsync(cancellationToken);
        var status = await GetStatusAsync(company.Address, cancellationToken);
        var now = await ChainTimeAsync(cancellationToken);
        var declaration = DeclarationRules.Declare(fields, company.Address, status.DeclarationNonce, now.AddHours(1).ToUnixTimeSeconds());
        var signature = Sign(declaration, domain, key);
        var quote = await QuoteAsync(fields.RevenueUsd, company.Address, cancellationToken);
        TransactionReceipt? receipt = null;
        foreach (var call in await CallsAsync(action, declaration, signature, termSeconds, payment, quote, now, cancellationToken))
        {
            var dryRun = await EstimateAsync(company.Address, call, cancellationToken);
            if (dryRun.Refused is { } refused)
            {
                throw refused;
            }
            receipt = await SendAsync(company, call with { Gas = dryRun.GasLimit }, cancellationToken);
        }
        return new SentLicense(receipt!, declaration, declaration.Digest(domain));
    }

    /// <summary>An EIP-712 signature of <paramref name="declaration"/> by <paramref name="key"/> (Nethereum's signer, over the typed-data JSON a wallet gets).</summary>
    public static byte[] Sign(RevenueDeclaration declaration, DeclarationDomain domain, EthECKey key) =>
        new Eip712TypedDataSigner().SignTypedDataV4(declaration.TypedDataJson(domain), key).HexToByteArray();

    /// <summary>The latest block's time: what the registry compares deadlines with (a local chain may run ahead of the wall clock).</summary>
    public async Task<DateTimeOffset> ChainTimeAsync(CancellationToken cancellationToken = default)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
    }

    public static Registry.RevenueDeclaration ToAbi(RevenueDeclaration declaration) => new()
    {
        Company = declaration.Company,
        LegalName = declaration.LegalName,
        FiscalYear = checked((ushort)declaration.FiscalYear),
        RevenueUsd = declaration.RevenueUsd,
        StatementUri = declaration.StatementUri,
        StatementHash = declaration.StatementHash.HexToByteArray(),
        NonceArgument = declaration.Nonce,
        Deadline = declaration.Deadline,
    };

    // GetCallData needs the message's own type (it reads its [Function] attribute), hence one branch per function.
    private static string CallData(LicenseAction action, RevenueDeclaration declaration, byte[] signature, long termSeconds, BigInteger maxCost, long deadline) =>
        action switch
        {
            LicenseAction.Purchase => new Registry.PurchaseFunction
            {
                Declaration = ToAbi(declaration),
                Signature = signature,
                Term = termSeconds,
                MaxCost = maxCost,
                Deadline = deadline,
            }.GetCallData().ToHex(true),
            LicenseAction.TopUp => new Registry.TopUpFunction
            {
                Declaration = ToAbi(declaration),
                Signature = signature,
                MaxCost = maxCost,
                Deadline = deadline,
            }.GetCallData().ToHex(true),
            _ => new Registry.RenewFunction
            {
                Declaration = ToAbi(declaration),
                Signature = signature,
                Term = termSeconds,
                MaxCost = maxCost,
                Deadline = deadline,
            }.GetCallData().ToHex(true),
        };

    private static async Task<TransactionReceipt> SendAsync(SigningAccount company, WalletCall call, CancellationToken cancellationToken)
    {
        var manager = company.Web3.Eth.TransactionManager;
        var input = new TransactionInput(call.Data, call.To, company.Address, null, null, new Nethereum.Hex.HexTypes.HexBigInteger(call.Value));
        input.Gas = new Nethereum.Hex.HexTypes.HexBigInteger(call.Gas ?? (await manager.EstimateGasAsync(input)).Value);
        var receipt = await manager.SendTransactionAndWaitForReceiptAsync(input, cancellationToken);
        return receipt.Status?.Value == BigInteger.One ? receipt : throw new ContractRevertedException(call.Purpose, "RevertedOnChain", null, null);
    }

    private static ContractRevertedException? DecodeRpcRevert(string what, string? data, Exception inner) =>
        data is { Length: > 10 } hex && hex.StartsWith("0x", StringComparison.Ordinal)
            ? RevertDecoder.Decode(new SmartContractCustomErrorRevertException(hex), what) as ContractRevertedException
            : new ContractRevertedException(what, "Revert", null, data, inner);

    private async Task<(IWeb3 Web3, string Registry)> RegistryAsync(CancellationToken cancellationToken) =>
        (await chain.GetWeb3Async(cancellationToken), await contracts.AddressAsync("LicenseRegistry", cancellationToken));
}
