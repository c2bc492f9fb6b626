using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Guild.Chain.Indexing;

/// <summary>
/// Every event of the indexed contracts, by contract and topic, from the generated event DTOs: a new event in the
/// Solidity code is indexed as soon as the bindings are regenerated.
/// </summary>
public static class EventCatalog
{
    /// <summary>The contracts whose logs the product reads. $AGI transfers are left to wallets and explorers.</summary>
    public static readonly string[] IndexedContracts = ["LicenseRegistry", "RewardsDistributor", "RewardsWeights", "VoteEscrow", "GuildGovernor", "TimelockController"];

    private static readonly Dictionary<string, Dictionary<string, EventDecoder>> ByContract = IndexedContracts.ToDictionary(
        contract => contract,
        contract => typeof(EventCatalog).Assembly.GetTypes()
            .Where(t => t.Namespace == $"Guild.Chain.Contracts.{contract}" && t.GetCustomAttribute<EventAttribute>() is not null)
            .Select(ABITypedRegistry.GetEvent)
            .ToDictionary(e => "0x" + e.Sha3Signature.ToLowerInvariant().Replace("0x", "", StringComparison.Ordinal), e => new EventDecoder(e), StringComparer.OrdinalIgnoreCase));

    public static EventDecoder? Find(string contract, string topic0) =>
        ByContract.TryGetValue(contract, out var events) && events.TryGetValue(topic0, out var decoder) ? decoder : null;

    public static int Count(string contract) => ByContract[contract].Count;
}
