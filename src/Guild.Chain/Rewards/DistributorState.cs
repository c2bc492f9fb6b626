using System.Numerics;

namespace Guild.Chain.Rewards;

/// <summary>A root published on-chain that is still in its challenge window: it can be vetoed, and is not claimable before <see cref="ClaimableAt"/>.</summary>
/// <param name="Root">The Merkle root, 0x-prefixed lower-case hex.</param>
/// <param name="TotalCumulative">The sum of the tree's cumulative amounts (wei).</param>
/// <param name="ClaimableAt">When claims start verifying against it, by the chain's clock.</param>
public sealed record PendingRoot(long Epoch, string Root, BigInteger TotalCumulative, DateTimeOffset ClaimableAt);

/// <summary>
/// The RewardsDistributor as the chain sees it at one block (every value is read at <see cref="Block"/>), for the portal.
/// </summary>
/// <param name="Block">The block every value was read at.</param>
/// <param name="ChainTime">That block's timestamp: compare <see cref="PendingRoot.ClaimableAt"/> with it, not with the wall clock.</param>
/// <param name="LatestEpoch">The latest published epoch, a pending one included (0 before the first root).</param>
/// <param name="ClaimableEpoch">The epoch whose tree claims must prove against now (0 while nothing is claimable).</param>
/// <param name="ClaimableRoot">That epoch's root, 0x-prefixed hex (all zeros while nothing is claimable).</param>
/// <param name="ClaimableTotal">That root's total cumulative amount (wei): what it lets the distributor pay out in all.</param>
/// <param name="Pending">The root in its challenge window, if any.</param>
/// <param name="ChallengePeriod">How long a root published now would wait.</param>
/// <param name="Guardian">Who may veto besides the Timelock, or null for nobody.</param>
/// <param name="Funded">The distributor's $AGI balance plus everything it has paid (wei): the most a root may total.</param>
/// <param name="TotalClaimed">Everything the distributor has paid out (wei).</param>
public sealed record DistributorState(
    long Block,
    DateTimeOffset ChainTime,
    long LatestEpoch,
    long ClaimableEpoch,
    string ClaimableRoot,
    BigInteger ClaimableTotal,
    PendingRoot? Pending,
    TimeSpan ChallengePeriod,
    string? Guardian,
    bool Paused,
    BigInteger Funded,
    BigInteger TotalClaimed);
