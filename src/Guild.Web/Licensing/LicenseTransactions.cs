using System.Numerics;
using Guild.Chain;
using Guild.Chain.Licensing;
using Guild.Core;
using Guild.Core.Data;
using Guild.Core.Licensing;
using Guild.Jobs.Chain;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Nethereum.RPC.Eth.DTOs;

namespace Guild.Web.Licensing;

/// <summary>
/// What the wallet sends to buy, top up or renew: the quote it rests on, the cost cap and deadline it carries, and the
/// transactions in order (a stablecoin approval first when paying in it).
/// </summary>
public sealed record PreparedLicenseTransaction(
    LicenseAction Action, LicensePayment Payment, long TermSeconds, LicenseQuote Quote, BigInteger MaxCost, DateTimeOffset Deadline,
    IReadOnlyList<WalletCall> Calls, LicenseDeclaration Declaration);

/// <summary>
/// The licence transactions of a company, for the page and the API alike: prepared from a stored signed declaration
/// and a live quote, each checked by a dry run before the wallet is asked (a refusal says why and nothing is sent), and
/// followed once sent until mined, when the indexer is asked to record it at once.
/// </summary>
public sealed class LicenseTransactions(CompanyLicenseAccess access, LicenseService licences, ChainConnection chain, GuildDbContext db, IBackgroundJobClient jobs)
{
    public async Task<Outcome<PreparedLicenseTransaction>> PrepareAsync(long organisationId, string userId, long declarationId, LicenseAction action,
        LicensePayment payment, int termYears, CancellationToken cancellationToken)
    {
        var context = await access.ForAsync(organisationId, userId, cancellationToken);
        if (context.Error is { } error)
        {
            return error;
        }
        if (context.Value!.Holder is not { } holder)
        {
            return new NoLicenseWalletError(organisationId);
        }
        if (termYears is < 1 or > 4 && action != LicenseAction.TopUp)
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["termYears"] = ["must be 1 to 4 years"] });
        }
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var stored = await db.LicenseDeclarations.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == declarationId && d.OrganisationId == organisationId && d.ChainId == chainId, cancellationToken);
        if (stored is null)
        {
            return new DeclarationNotFoundError(declarationId);
        }
        if (stored.Company != holder.Wallet)
        {
            return new DeclarationForAnotherCompanyError(stored.Company, holder.Wallet);
        }
        var now = await licences.ChainTimeAsync(cancellationToken);
        if (stored.Deadline < now)
        {
            return new DeclarationExpiredError(stored.Deadline);
        }
        var status = await licences.GetStatusAsync(holder.Wallet, cancellationToken);
        if (stored.Nonce != status.DeclarationNonce)
        {
            return new DeclarationSupersededError(stored.Nonce, status.DeclarationNonce);
        }
        var quote = await licences.QuoteAsync(stored.RevenueUsd, holder.Wallet, cancellationToken);
        if (!quote.ReserveCovers)
        {
            return new ReserveInsufficientError(quote.ShortfallWei, quote.ReserveWei);
        }
        var term = action == LicenseAction.TopUp ? 0 : termYears * LicenseTerms.Year;
        var calls = new List<WalletCall>();
        foreach (var call in await licences.CallsAsync(action, stored.ToDeclaration(), Convert.FromHexString(stored.Signature.AsSpan(2)), term, payment, quote, now, cancellationToken))
        {
            var dryRun = await licences.EstimateAsync(holder.Wallet, call, cancellationToken);
            // Before the approval the stablecoin refuses for want of allowance: every rule of the registry was checked by then.
            if (dryRun.Refused is { } refused
                && !(payment == LicensePayment.Stablecoin && call.Purpose != "approve" && refused.ErrorName == "ERC20InsufficientAllowance"))
            {
                return LicenseRefusals.Explain(refused, quote.Terms.StablecoinDecimals);
            }
            calls.Add(call with { Gas = dryRun.GasLimit ?? UnestimatedGas });
        }
        return new PreparedLicenseTransaction(action, payment, term, quote, payment == LicensePayment.Eth ? quote.CostWei : quote.CostStablecoinUnits,
            now.Add(LicenseService.TransactionWindow), calls, stored);
    }

    /// <summary>
    /// A registry call that waits for its approval cannot be estimated yet: it is sent with this limit (a purchase takes
    /// about 220,000; a wallet is charged what it uses). The page estimates it again once the approval is mined.
    /// </summary>
    public static readonly System.Numerics.BigInteger UnestimatedGas = 400_000;

    /// <summary>
    /// A dry run of <paramref name="call"/> from the company's wallet, right before the wallet is asked: the refusal in
    /// words, or the call with the gas limit to send it with.
    /// </summary>
    public async Task<Outcome<WalletCall>> CheckAsync(string wallet, WalletCall call, int stablecoinDecimals, CancellationToken cancellationToken)
    {
        var dryRun = await licences.EstimateAsync(wallet, call, cancellationToken);
        return dryRun.Refused is { } refused ? LicenseRefusals.Explain(refused, stablecoinDecimals) : call with { Gas = dryRun.GasLimit };
    }

    /// <summary>
    /// Waits for a transaction the company's wallet sent (up to two minutes); once mined successfully the indexer runs
    /// at once, so the register and the page show the licence within seconds.
    /// </summary>
    public async Task<Outcome<TransactionReceipt>> ConfirmAsync(long organisationId, string userId, string transactionHash, CancellationToken cancellationToken)
    {
        var context = await access.ForAsync(organisationId, userId, cancellationToken);
        if (context.Error is { } error)
        {
            return error;
        }
        if (transactionHash is not { Length: 66 } || !transactionHash.StartsWith("0x", StringComparison.Ordinal)
            || !transactionHash.AsSpan(2).ToString().All(char.IsAsciiHexDigit))
        {
            return new InvalidInputError(new Dictionary<string, string[]> { ["hash"] = ["must be a transaction hash: 0x and 64 hex digits"] });
        }
        var web3 = await chain.GetWeb3Async(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        TransactionReceipt? receipt = null;
        while (receipt is null)
        {
            receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash);
            if (receipt is null)
            {
                if (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash) is null)
                {
                    return new LicenseTransactionFailedError(transactionHash, "the chain does not know it");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
            }
        }
        jobs.Enqueue<IndexChainEventsJob>(job => job.RunAsync(CancellationToken.None));
        return receipt.Status?.Value == BigInteger.One ? receipt : new LicenseTransactionFailedError(transactionHash, "it reverted on-chain");
    }
}
