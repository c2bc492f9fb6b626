namespace Guild.Core.Allocation.WeightSets;

/// <summary>
/// The weight-set hashes governance binds, as the rewards distributor records them: the one in force (the Timelock
/// sets it) and the genesis set, fixed at deployment for the genesis epoch. Read from the chain by the jobs; Guild.Core
/// itself never talks to the chain.
/// </summary>
public sealed record GovernedWeights(string InForce, string Genesis)
{
    /// <summary>What a fresh deployment records: the built-in default and genesis sets.</summary>
    public static GovernedWeights BuiltIn { get; } = new(WeightSetJson.Hash(WeightSet.Default).ToString(), WeightSetJson.Hash(WeightSet.Genesis).ToString());

    /// <summary>The hash an epoch must be computed with.</summary>
    public string For(bool genesis) => genesis ? Genesis : InForce;
}
