using System.Globalization;
using System.Numerics;
using Guild.Chain.Transactions;
using Guild.Core;
using Guild.Core.Licensing;
using Registry = Guild.Chain.Contracts.LicenseRegistry;

namespace Guild.Web.Licensing;

/// <summary>The registry's refusals (decoded custom errors) in the words the page and the API give people.</summary>
public static class LicenseRefusals
{
    public static DomainError Explain(ContractRevertedException refused, int stablecoinDecimals) => refused.Error switch
    {
        Registry.LicenseRegistryReserveInsufficientError e => new ReserveInsufficientError(e.Needed, e.Available),
        _ => new LicenseRefusedError(Describe(refused, stablecoinDecimals), refused.ErrorName),
    };

    private static string Describe(ContractRevertedException refused, int decimals) => refused.Error switch
    {
        Registry.LicenseRegistryAlreadyLicensedError e =>
            $"The company already holds a licence, until {Time(e.Expiry):yyyy-MM-dd}: top it up or renew it instead of buying another.",
        Registry.LicenseRegistryNoLicenceError => "The company has no active licence to top up (or none ever to renew): buy one.",
        Registry.LicenseRegistryLicenceRevokedError =>
            "Governance revoked this licence for a false declaration: it cannot be bought, topped up or renewed until governance reinstates it.",
        Registry.LicenseRegistryRevenueDecreasedError e =>
            $"The declared revenue would fall from {Usd(e.DeclaredUsd)} to {Usd(e.RevenueUsd)} USD: a top-up never lowers it, and anything else lowers it only with a declaration for a later fiscal year.",
        Registry.LicenseRegistryFiscalYearOutdatedError e =>
            $"The declaration is for fiscal year {e.FiscalYear}, before the licence's {e.RecordedYear}: declare the current fiscal year.",
        Registry.LicenseRegistryInvalidTermError e =>
            $"The licence would run {Years(e.Term)}: a term runs from {Years(e.MinTerm)} to {Years(e.MaxTerm)} (a renewal counts from the current expiry).",
        Registry.LicenseRegistryCostAboveMaximumError e =>
            $"The price rose since the quote (governance changed the parameters): it would now cost {e.Cost}, above the maximum {e.MaxCost} this transaction allows. Get a new quote.",
        Registry.LicenseRegistryDeadlinePassedError => "The transaction waited past its deadline: prepare it again.",
        Registry.LicenseRegistryInsufficientPaymentError e => $"The wallet sent {e.Sent} wei, less than the cost {e.Cost} wei.",
        Registry.RevenueDeclarationNotForCallerError e => $"The declaration names {e.Company}, not the wallet sending it ({e.Caller}).",
        Registry.RevenueDeclarationInvalidSignatureError e => $"The signature is not {e.Company}'s signature of this declaration.",
        Registry.RevenueDeclarationExpiredError e => $"The declaration could be used until {Time(e.Deadline):u}: sign a new one.",
        Registry.RevenueDeclarationInvalidNonceError e => $"The declaration carries nonce {e.NonceArgument} but the registry expects {e.Expected}: it was used or superseded. Sign a new one.",
        Registry.LicenseParametersRevenueTooLargeError => "The declared revenue is too large for the registry.",
        // The same ERC-20 errors exist in several contracts' bindings: match them by name.
        { } e when refused.ErrorName == "ERC20InsufficientBalance" =>
            $"The wallet holds {Units(Value(e, "Balance"), decimals)} of the stablecoin, less than the {Units(Value(e, "Needed"), decimals)} the licence costs.",
        _ when refused.ErrorName == "ERC20InsufficientAllowance" => "The stablecoin was not approved for the cost: approve it first.",
        _ => $"The registry refused the transaction ({refused.ErrorName}).",
    };

    private static BigInteger Value(object error, string property) => (BigInteger)error.GetType().GetProperty(property)!.GetValue(error)!;

    private static string Usd(BigInteger usd) => usd.ToString("N0", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(BigInteger seconds) => DateTimeOffset.FromUnixTimeSeconds((long)seconds);

    private static string Years(BigInteger seconds) => LicenseText.Term((long)seconds);

    private static string Units(BigInteger units, int decimals)
    {
        var whole = BigInteger.DivRem(units, BigInteger.Pow(10, decimals), out var fraction);
        return whole.ToString("N0", CultureInfo.InvariantCulture) + (fraction.IsZero ? "" : "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0'));
    }
}
