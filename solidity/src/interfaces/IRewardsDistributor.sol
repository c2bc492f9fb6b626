// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGuildRewardsLedger} from "./IGuildRewardsLedger.sol";
import {IRewardsWeights} from "./IRewardsWeights.sol";

/**
 * @title IRewardsDistributor
 * @notice The events, errors and functions of the {RewardsDistributor}: cumulative Merkle roots, one per epoch,
 * each claimable only after a challenge window during which the owner (the Timelock) or the guardian may veto it.
 *
 * @dev Vocabulary used throughout:
 * - the *pending* root is the latest published root while its challenge window runs (`block.timestamp <
 *   claimableAt`); it can be vetoed and cannot be claimed against;
 * - the *claimable* root is what {claim} verifies against: the latest root whose window has passed (a matured
 *   pending root, or the active one);
 * - the *latest* epoch counts a pending root; the next publication must be exactly `latestEpoch() + 1`.
 * Roots carry the hash of the weight set they were computed with, which must be in force ({IRewardsWeights}).
 */
interface IRewardsDistributor {
    /// @notice Emitted when `root` is published for `epoch`; it becomes claimable at `claimableAt` unless vetoed.
    /// @param epoch The epoch number (from 1).
    /// @param root The Merkle root.
    /// @param totalCumulative The sum of the tree's cumulative amounts (wei).
    /// @param reportHash The hash of the off-chain allocation report.
    /// @param claimableAt The unix time (seconds) from which claims verify against `root`.
    /// @param weightsHash The hash of the weight set the root was computed with (the one in force).
    event RootPublished(
        uint256 indexed epoch,
        bytes32 root,
        uint256 totalCumulative,
        bytes32 reportHash,
        uint256 claimableAt,
        bytes32 weightsHash
    );
    /// @notice Emitted when `by` vetoes the pending `root` of `epoch`; the epoch may be published again.
    /// @param epoch The vetoed epoch.
    /// @param root The vetoed root.
    /// @param by The owner or the guardian.
    event RootVetoed(uint256 indexed epoch, bytes32 root, address indexed by);
    /// @notice Emitted when `account` is paid `amount`, bringing its total to `cumulativeAmount`.
    /// @param account The account.
    /// @param amount The $AGI paid by this claim (wei).
    /// @param cumulativeAmount The account's total earned up to the claimable epoch (wei).
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);
    /// @notice Emitted when the publisher changes.
    /// @param previousPublisher The old publisher.
    /// @param newPublisher The new publisher.
    event PublisherChanged(address indexed previousPublisher, address indexed newPublisher);
    /// @notice Emitted when the guardian changes (zero: no guardian).
    /// @param previousGuardian The old guardian.
    /// @param newGuardian The new guardian.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);
    /// @notice Emitted when the challenge period changes; roots already published keep their `claimableAt`.
    /// @param previousPeriod The old period (seconds).
    /// @param newPeriod The new period (seconds).
    event ChallengePeriodChanged(uint256 previousPeriod, uint256 newPeriod);
    /// @notice Emitted when the owner moves `amount` $AGI that no root commits to `to`.
    /// @param to The recipient (e.g. a replacement distributor).
    /// @param amount The amount moved (wei).
    event UndistributedWithdrawn(address indexed to, uint256 amount);
    /// @notice Emitted when `account` pauses claims.
    /// @param account Who paused.
    event Paused(address indexed account);
    /// @notice Emitted when `account` resumes claims.
    /// @param account Who resumed.
    event Unpaused(address indexed account);

    /// @dev `caller` is not the publisher.
    error RewardsDistributorUnauthorizedPublisher(address caller);
    /// @dev `caller` may not pause (only the owner, the publisher or the guardian may).
    error RewardsDistributorUnauthorizedPauser(address caller);
    /// @dev `caller` may not veto (only the owner or the guardian may).
    error RewardsDistributorUnauthorizedVetoer(address caller);
    /// @dev `epoch` is not the one after the latest epoch (pending roots count): `expected` is.
    error RewardsDistributorEpochNotConsecutive(uint256 epoch, uint256 expected);
    /// @dev The root of `pendingEpoch` is still in its challenge window, until `claimableAt`.
    error RewardsDistributorRootPending(uint256 pendingEpoch, uint256 claimableAt);
    /// @dev `epoch` has no root in its challenge window (`pendingEpoch`, zero for none, is the one that has).
    error RewardsDistributorNotPending(uint256 epoch, uint256 pendingEpoch);
    /// @dev The challenge window of `epoch` closed at `claimableAt`: its root can no longer be vetoed.
    error RewardsDistributorChallengeWindowClosed(uint256 epoch, uint256 claimableAt);
    /// @dev The root is zero.
    error RewardsDistributorInvalidRoot();
    /// @dev `totalCumulative` is below the previous root's total.
    error RewardsDistributorTotalDecreased(uint256 totalCumulative, uint256 previousTotal);
    /// @dev The distributor's balance plus what it has paid (`funded`) does not cover `totalCumulative`.
    error RewardsDistributorUnderfunded(uint256 totalCumulative, uint256 funded);
    /// @dev `period` is above the maximum challenge period `max` (seconds).
    error RewardsDistributorChallengePeriodTooLong(uint256 period, uint256 max);
    /// @dev Withdrawing `amount` would touch tokens a root commits; only `uncommitted` is free.
    error RewardsDistributorWithdrawalExceedsUncommitted(uint256 amount, uint256 uncommitted);
    /// @dev Claims are paused.
    error RewardsDistributorClaimsPaused();
    /// @dev Claims are not paused.
    error RewardsDistributorNotPaused();
    /// @dev The proof does not place `(account, cumulativeAmount)` in the claimable root.
    error RewardsDistributorInvalidProof(address account, uint256 cumulativeAmount);
    /// @dev `account` has already received `claimed`, which is at least `cumulativeAmount`.
    error RewardsDistributorNothingToClaim(address account, uint256 cumulativeAmount, uint256 claimed);
    /// @dev Paying this claim would take total payouts to `totalClaimed`, above the root's `totalCumulative`.
    error RewardsDistributorTotalExceeded(uint256 totalClaimed, uint256 totalCumulative);
    /// @dev The publisher would be the zero address.
    error RewardsDistributorInvalidPublisher();
    /// @dev A root of `epoch` was computed with weight set `weightsHash`, but `inForce` is the one in force (the
    /// first epoch may also use the genesis set).
    error RewardsDistributorWeightsNotInForce(uint256 epoch, bytes32 weightsHash, bytes32 inForce);

    /**
     * @notice Publishes `root` for `epoch`; it becomes claimable after the challenge period unless vetoed.
     * @dev Only the publisher. Requirements: `weightsHash` is the hash in force (or, for epoch 1, the genesis set's);
     * `epoch` is `latestEpoch() + 1`; no root is in its challenge window (a pending root whose window has passed
     * becomes the active root first); `root` is non-zero; `newTotalCumulative` (the sum of the tree's amounts) is not
     * below the previous root's total and is covered by this contract's balance plus what it has already paid.
     * Emits a {RootPublished} event.
     * @param epoch The epoch number (from 1).
     * @param root The Merkle root.
     * @param newTotalCumulative The sum of the tree's cumulative amounts (wei).
     * @param reportHash The hash of the off-chain allocation report.
     * @param weightsHash The hash of the weight set the allocation was computed with.
     */
    function publishRoot(
        uint256 epoch,
        bytes32 root,
        uint256 newTotalCumulative,
        bytes32 reportHash,
        bytes32 weightsHash
    ) external;

    /**
     * @notice Vetoes the pending root of `epoch`, which is forgotten: the same epoch can be published again.
     * @dev The owner or the guardian, before the root's `claimableAt`. Emits a {RootVetoed} event.
     * @param epoch The pending epoch.
     */
    function vetoRoot(uint256 epoch) external;

    /**
     * @notice Pays `account` the difference between `cumulativeAmount` and what it has already received.
     * @dev Anyone may submit a claim; tokens always go to `account`. `proof` must place the leaf
     * `(account, cumulativeAmount)` in the claimable root (see {claimableRoot}). Emits a {Claimed} event.
     * @param account The contributor paid.
     * @param cumulativeAmount The account's total earned up to the claimable epoch (wei).
     * @param proof The Merkle proof of the leaf.
     */
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external;

    /**
     * @notice Moves `amount` $AGI that no root commits to `to`, e.g. to a replacement distributor.
     * @dev Only the owner (the Timelock). `amount` may not exceed the balance minus what the highest published
     * total (active or pending) still owes: `balance - (max(activeTotal, pendingTotal) - paid)`.
     * Emits an {UndistributedWithdrawn} event.
     * @param to The recipient.
     * @param amount The amount (wei).
     */
    function withdrawUndistributed(address to, uint256 amount) external;

    /**
     * @notice Pauses claims.
     * @dev The owner, the publisher or the guardian (so either key can stop claims at once; only the Timelock
     * resumes them). Emits a {Paused} event.
     */
    function pause() external;

    /**
     * @notice Resumes claims.
     * @dev Only the owner (the Timelock). Emits an {Unpaused} event.
     */
    function unpause() external;

    /**
     * @notice Replaces the publisher.
     * @dev Only the owner (the Timelock). A pending root stays pending. Emits a {PublisherChanged} event.
     * @param newPublisher The new publisher.
     */
    function setPublisher(address newPublisher) external;

    /**
     * @notice Sets the guardian, who may veto pending roots and pause claims; zero for none.
     * @dev Only the owner (the Timelock). Emits a {GuardianChanged} event.
     * @param newGuardian The new guardian.
     */
    function setGuardian(address newGuardian) external;

    /**
     * @notice Sets the challenge period applied to roots published from now on.
     * @dev Only the owner (the Timelock); at most `MAX_CHALLENGE_PERIOD`. Emits a {ChallengePeriodChanged} event.
     * @param newPeriod The period (seconds).
     */
    function setChallengePeriod(uint64 newPeriod) external;

    /// @notice The reward token ($AGI).
    function token() external view returns (IGuildRewardsLedger);

    /// @notice The registry of the weight set in force, which every published root must have been computed with.
    function weights() external view returns (IRewardsWeights);

    /// @notice The account allowed to publish roots.
    function publisher() external view returns (address);

    /// @notice The account that may veto pending roots and pause claims besides the owner (zero: none).
    function guardian() external view returns (address);

    /// @notice How long (seconds) a newly published root waits before it is claimable.
    function challengePeriod() external view returns (uint256);

    /// @notice The latest published epoch, a pending one included (0 before the first root).
    function latestEpoch() external view returns (uint256);

    /// @notice The epoch whose root claims verify against now (0 while nothing is claimable).
    function claimableEpoch() external view returns (uint256);

    /// @notice The root claims verify against now (zero while nothing is claimable).
    function claimableRoot() external view returns (bytes32);

    /**
     * @notice The root in its challenge window, or zeros when there is none (a root whose window has passed is
     * the claimable one, see {claimableRoot}).
     * @return epoch The pending epoch.
     * @return root The pending root.
     * @return total The pending root's total cumulative amount (wei).
     * @return claimableAt When it becomes claimable (seconds).
     */
    function pendingRoot() external view returns (uint256 epoch, bytes32 root, uint256 total, uint256 claimableAt);

    /// @notice The root published for `epoch` (pending or not), or zero (never published, or vetoed).
    /// @param epoch The epoch number (from 1).
    function rootOf(uint256 epoch) external view returns (bytes32);

    /// @notice The sum of all cumulative amounts in the claimable root.
    function totalCumulative() external view returns (uint256);

    /// @notice Everything paid out by this contract (from the token's ledger).
    function totalClaimed() external view returns (uint256);

    /// @notice What `account` has received so far (from the token's ledger, shared by every distributor).
    /// @param account The contributor.
    function claimed(address account) external view returns (uint256);

    /// @notice Whether claims are paused.
    function paused() external view returns (bool);
}
