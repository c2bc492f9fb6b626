using System.Globalization;
using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Core;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Claims;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Governor = Guild.Chain.Contracts.GuildGovernor;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;
using Weights = Guild.Chain.Contracts.RewardsWeights;

namespace Guild.Web.Members;

/// <summary>The calls one Governor proposal makes through the Timelock, and its description.</summary>
public sealed record ProposalBody(IReadOnlyList<string> Targets, IReadOnlyList<BigInteger> Values, IReadOnlyList<byte[]> Calldatas, string Description)
{
    /// <summary><c>propose(targets, values, calldatas, description)</c>, ready for a wallet to send to the Governor.</summary>
    public string ProposeCalldata() => new Governor.ProposeFunction
    {
        Targets = [.. Targets],
        Values = [.. Values],
        Calldatas = [.. Calldatas],
        Description = Description,
    }.GetCallData().ToHex(true);
}

/// <summary>A binding parameter a Governor proposal can change: what the form asks for and the calls it makes.</summary>
public sealed record BindingParameter(string Key, string Label, string Input, string Unit);

/// <summary>
/// Every binding parameter the governance page offers, and the Timelock calls that change it: the licence terms (rate
/// X, revenue threshold, prices, minimum term) on the LicenseRegistry, the rewards publisher and guardian on the
/// RewardsDistributor, funding the rewards pool (the epoch budget) and the licence sale reserve from the treasury, the
/// weight set in force on RewardsWeights, and the Governor's own rules (proposal threshold, quorum floor, roadmap
/// threshold and quorum).
/// </summary>
public sealed class BindingParameters(DeployedContracts contracts, WeightSetLibrary weightSets)
{
    public static readonly IReadOnlyList<BindingParameter> All =
    [
        new("rate", "Licence rate X", "X as a decimal (0.001 = 0.1% of revenue above the threshold)", ""),
        new("threshold", "Licence revenue threshold", "whole US dollars", "USD"),
        new("agi-price", "$AGI price", "US dollars per $AGI (e.g. 0.10)", "USD"),
        new("eth-price", "ETH price", "US dollars per ETH (e.g. 3000)", "USD"),
        new("min-term", "Minimum licence term", "days", "days"),
        new("epoch-budget", "Fund rewards (epoch budgets)", "$AGI moved from the treasury to the rewards distributor", "AGI"),
        new("weights", "Weight set in force", "the hash (0x + 64 hex) of a weight set stored on the stewards' weight-set page", ""),
        new("sale-reserve", "Fund the licence sale reserve", "$AGI moved from the treasury to the licence registry", "AGI"),
        new("publisher", "Rewards root publisher", "the new publisher's address", ""),
        new("guardian", "Rewards guardian", "the new guardian's address", ""),
        new("proposal-threshold", "Governor proposal threshold", "$AGI of voting power", "AGI"),
        new("quorum-floor", "Governor quorum floor", "$AGI of voting power", "AGI"),
        new("roadmap-threshold", "Roadmap proposal threshold", "$AGI of voting power (the roadmap quorum stays)", "AGI"),
        new("roadmap-quorum", "Roadmap quorum", "$AGI of voting power (the roadmap threshold stays)", "AGI"),
    ];

    /// <summary>The calls for setting <paramref name="key"/> to <paramref name="value"/>, or why the value is not valid.</summary>
    public async Task<Outcome<ProposalBody>> BuildAsync(string? key, string? value, string? reason, Func<Task<(BigInteger Threshold, BigInteger Quorum)>> roadmapRules,
        CancellationToken cancellationToken)
    {
        var parameter = All.FirstOrDefault(p => p.Key == key);
        if (parameter is null)
        {
            return Invalid("parameter", "choose a parameter");
        }
        var text = value?.Trim() ?? "";
        async Task<string> At(string name) => await contracts.AddressAsync(name, cancellationToken);
        // Generic: Nethereum encodes by the message's own type (its [Function] attribute), not by FunctionMessage.
        static byte[] Call<TFunction>(TFunction function) where TFunction : FunctionMessage, new() => function.GetCallData();
        ProposalBody One<TFunction>(string target, TFunction function) where TFunction : FunctionMessage, new() =>
            new([target], [BigInteger.Zero], [Call(function)], Describe(parameter, text, reason));

        switch (key)
        {
            case "rate" or "agi-price" or "eth-price":
                if (Scaled(text, 18) is not { } scaled || scaled.IsZero || (key == "rate" && scaled > AgiAmount.WeiPerAgi))
                {
                    return Invalid("value", key == "rate" ? "a decimal above 0 and at most 1" : "a positive decimal");
                }
                var registry = await At("LicenseRegistry");
                return key switch
                {
                    "rate" => One(registry, new Registry.SetRateFunction { NewRate = scaled }),
                    "agi-price" => One(registry, new Registry.SetAgiPriceFunction { PriceUsd = scaled }),
                    _ => One(registry, new Registry.SetEthPriceFunction { PriceUsd = scaled }),
                };
            case "threshold":
                return BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var usd)
                    ? One(await At("LicenseRegistry"), new Registry.SetRevenueThresholdFunction { ThresholdUsd = usd })
                    : Invalid("value", "whole US dollars");
            case "min-term":
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 4 * 365
                    ? One(await At("LicenseRegistry"), new Registry.SetMinTermFunction { Term = days * 86_400L })
                    : Invalid("value", "a number of days from 1 to 1460");
            case "publisher" or "guardian":
                if (EthereumAddress.TryNormalize(text) is not { } address)
                {
                    return Invalid("value", "a 0x-prefixed 20-byte address");
                }
                var distributor = await At("RewardsDistributor");
                return key == "publisher"
                    ? One(distributor, new Distributor.SetPublisherFunction { NewPublisher = address })
                    : One(distributor, new Distributor.SetGuardianFunction { NewGuardian = address });
            case "weights":
                // Only a set the portal stores: epochs compute from the stored document, so a hash nobody can resolve
                // would stop every later epoch at the distributor's weights check.
                if (text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal) || !text[2..].All(char.IsAsciiHexDigit))
                {
                    return Invalid("value", "a weight set hash: 0x and 64 hex digits");
                }
                if (await weightSets.FindAsync(text, cancellationToken) is not { } document)
                {
                    return Invalid("value", $"no weight set with hash {text.ToLowerInvariant()} is stored here: save it as a candidate on the weight-set page first");
                }
                return new ProposalBody([await At("RewardsWeights")], [BigInteger.Zero],
                    [Call(new Weights.SetWeightsHashFunction { NewHash = Convert.FromHexString(document.Hash[2..]) })],
                    Describe(parameter, $"{document.Version} ({document.Hash})", reason));
            case "epoch-budget" or "sale-reserve":
                if (AgiAmount.ParseAgi(text) is not { } amount || amount.IsZero)
                {
                    return Invalid("value", "a positive amount of AGI");
                }
                var token = await At("GuildToken");
                var to = await At(key == "epoch-budget" ? "RewardsDistributor" : "LicenseRegistry");
                // The treasury vests to the Timelock: release what has vested, then move the amount.
                return new ProposalBody([await At(SuiteDeployer.TreasuryVesting), token], [BigInteger.Zero, BigInteger.Zero],
                    [Call(new Vesting.ReleaseTokenFunction { Token = token }), Call(new Token.TransferFunction { To = to, Value = amount })],
                    Describe(parameter, text, reason));
            default:
                if (AgiAmount.ParseAgi(text) is not { } power)
                {
                    return Invalid("value", "an amount of AGI of voting power");
                }
                var governor = await At("GuildGovernor");
                if (key is "roadmap-threshold" or "roadmap-quorum")
                {
                    var (threshold, quorum) = await roadmapRules();
                    return One(governor, new Governor.SetRoadmapSettingsFunction
                    {
                        ProposalThreshold = key == "roadmap-threshold" ? power : threshold,
                        Quorum = key == "roadmap-quorum" ? power : quorum,
                    });
                }
                return key == "proposal-threshold"
                    ? One(governor, new Governor.SetProposalThresholdFunction { NewProposalThreshold = power })
                    : One(governor, new Governor.SetQuorumFloorFunction { NewQuorumFloor = power });
        }
    }

    private static string Describe(BindingParameter parameter, string value, string? reason) =>
        $"Set {parameter.Label.ToLowerInvariant()} to {value}{(parameter.Unit.Length > 0 ? " " + parameter.Unit : "")}" +
        (string.IsNullOrWhiteSpace(reason) ? "" : $"\n\n{reason.Trim()}");

    private static InvalidInputError Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static BigInteger? Scaled(string text, int decimals)
    {
        var parts = text.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)) || (parts.Length == 2 && parts[1].Length is 0 or > 18))
        {
            return null;
        }
        var fraction = parts.Length == 2 ? parts[1] : "";
        return BigInteger.Parse(parts[0] + fraction.PadRight(decimals, '0'), CultureInfo.InvariantCulture);
    }
}
