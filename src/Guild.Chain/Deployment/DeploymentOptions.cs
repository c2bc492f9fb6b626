using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;

namespace Guild.Chain;

/// <summary>
/// Configuration section <c>Chain:Deployment</c>: how the contract suite is deployed (see solidity/README.md for the
/// meaning of each value). Defaults are the AGI Guild's production numbers; a local chain shortens the governance timings.
/// </summary>
public sealed class DeploymentOptions : IValidatableObject
{
    /// <summary>Deploy at start when no matching deployment is recorded. Default: only on an embedded chain.</summary>
    public bool? AutoDeploy { get; set; }

    /// <summary>Folder with the exported artifacts; default: solidity/artifacts found above the app.</summary>
    public string? ArtifactsPath { get; set; }

    /// <summary>Unix time the vesting schedules start; default: the deployment block's time.</summary>
    public ulong? GenesisTimestamp { get; set; }

    /// <summary>
    /// Local chains only: start vesting this many days before the deployment block, so a demo has a vested pool to
    /// pay the genesis epoch from. Ignored when <see cref="GenesisTimestamp"/> is set.
    /// </summary>
    [Range(0, 3650)]
    public int GenesisDaysAgo { get; set; }

    [Range(0, 365L * 24 * 3600)]
    public long TimelockDelaySeconds { get; set; } = 2 * 24 * 3600;

    /// <summary>Seconds between a Governor proposal and the start of its vote (the escrow's clock is the timestamp).</summary>
    [Range(0, 365L * 24 * 3600)]
    public ulong VotingDelaySeconds { get; set; } = 24 * 3600;

    /// <summary>Seconds a Governor vote lasts.</summary>
    [Range(1, 365L * 24 * 3600)]
    public uint VotingPeriodSeconds { get; set; } = 7 * 24 * 3600;

    [Range(0, 100)]
    public int QuorumPercent { get; set; } = 4;

    /// <summary>
    /// Wei of voting power needed to propose on the Governor. Not zero by default: with nothing locked at launch, dust
    /// could otherwise propose (and, without <see cref="QuorumFloor"/>, pass) anything.
    /// </summary>
    public string ProposalThreshold { get; set; } = "1000000000000000000000000";

    /// <summary>The smallest Governor quorum, in voting power (wei): 100,000,000 $AGI of four-year power by default.</summary>
    public string QuorumFloor { get; set; } = "100000000000000000000000000";

    /// <summary>Voting power needed to open a roadmap (off-chain) proposal; governed on the Governor.</summary>
    public string RoadmapProposalThreshold { get; set; } = "10000000000000000000000";

    /// <summary>Voting power a roadmap vote needs in total; governed on the Governor.</summary>
    public string RoadmapQuorum { get; set; } = "1000000000000000000000000";

    /// <summary>Root publisher; default: the deploying account.</summary>
    public string? Publisher { get; set; }

    /// <summary>
    /// Seconds a published rewards root waits, vetoable by the Timelock or the guardian, before it can be claimed.
    /// Default 3 days; at most 30 days (the contract's <c>MAX_CHALLENGE_PERIOD</c>). A local chain may shorten it.
    /// </summary>
    [Range(0, 30L * 24 * 3600)]
    public long ChallengePeriodSeconds { get; set; } = 3 * 24 * 3600;

    /// <summary>
    /// May veto pending rewards roots and pause claims besides the Timelock; default: none. Without one, only a
    /// governance proposal can veto, which takes longer than the default challenge period.
    /// </summary>
    public string? Guardian { get; set; }

    /// <summary>Accepted stablecoin; default: deploy the 6-decimal test stablecoin, which only the local development chain (31337) allows.</summary>
    public string? Stablecoin { get; set; }

    [Range(0, long.MaxValue)]
    public long RevenueThresholdUsd { get; set; } = 1_000_000;

    /// <summary>Rate X with 18 decimals: 0.001 = 1e15.</summary>
    public string Rate { get; set; } = "1000000000000000";

    /// <summary>USD per whole $AGI, 18 decimals (0.10 USD = 1e17).</summary>
    public string AgiPriceUsd { get; set; } = "100000000000000000";

    /// <summary>USD per ETH, 18 decimals.</summary>
    public string EthPriceUsd { get; set; } = "3000000000000000000000";

    /// <summary>The shortest licence term, and how long whatever is bought stays locked at least: one to four years (the contract refuses less).</summary>
    [Range(365L * 24 * 3600, 4 * 365L * 24 * 3600)]
    public long MinTermSeconds { get; set; } = 365L * 24 * 3600;

    public BigInteger ParsedProposalThreshold => BigInteger.Parse(ProposalThreshold, CultureInfo.InvariantCulture);
    public BigInteger ParsedQuorumFloor => BigInteger.Parse(QuorumFloor, CultureInfo.InvariantCulture);
    public BigInteger ParsedRoadmapProposalThreshold => BigInteger.Parse(RoadmapProposalThreshold, CultureInfo.InvariantCulture);
    public BigInteger ParsedRoadmapQuorum => BigInteger.Parse(RoadmapQuorum, CultureInfo.InvariantCulture);
    public BigInteger ParsedRate => BigInteger.Parse(Rate, CultureInfo.InvariantCulture);
    public BigInteger ParsedAgiPriceUsd => BigInteger.Parse(AgiPriceUsd, CultureInfo.InvariantCulture);
    public BigInteger ParsedEthPriceUsd => BigInteger.Parse(EthPriceUsd, CultureInfo.InvariantCulture);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, positive) in new[]
                 {
                     (nameof(ProposalThreshold), ProposalThreshold, false), (nameof(QuorumFloor), QuorumFloor, false),
                     (nameof(RoadmapProposalThreshold), RoadmapProposalThreshold, false), (nameof(RoadmapQuorum), RoadmapQuorum, false),
                     (nameof(Rate), Rate, true),
                     (nameof(AgiPriceUsd), AgiPriceUsd, true), (nameof(EthPriceUsd), EthPriceUsd, true),
                 })
        {
            if (!BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || (positive && parsed.IsZero))
            {
                yield return new ValidationResult($"must be a {(positive ? "positive" : "non-negative")} integer (got '{value}')", [name]);
            }
        }
        foreach (var (name, value) in new[] { (nameof(Publisher), Publisher), (nameof(Guardian), Guardian), (nameof(Stablecoin), Stablecoin) })
        {
            if (value is { Length: > 0 } && !Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(value))
            {
                yield return new ValidationResult($"must be a 0x-prefixed 20-byte address (got '{value}')", [name]);
            }
        }
    }
}
