// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IGuildRewardsLedger} from "./interfaces/IGuildRewardsLedger.sol";

/**
 * @title RewardsDistributor
 * @notice Pays contributors their $AGI rewards against cumulative Merkle roots, one root per epoch: a leaf says
 * how much an account has earned in total up to that epoch, so one claim against the latest root pays everything
 * owed so far.
 *
 * @dev After 1inch's CumulativeMerkleDrop, with per-epoch roots kept for the record and the latest root the only
 * claimable one. Leaves use OpenZeppelin's StandardMerkleTree format for `[address, uint256]`:
 * `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`, with sorted pairs, so roots built
 * by the npm package openzeppelin/merkle-tree (or Nethereum's OpenZeppelinStandardMerkleTree) verify here.
 *
 * What each account has received, and what this contract has paid in total, live in the token's rewards ledger
 * ({IGuildRewardsLedger}), in the same storage words as the balances; this contract must be a rewards payer
 * there. The ledger outlives this contract: a replacement distributor carries on from the same cumulative amounts.
 *
 * A claim reads two words here (the claim state and the latest root) and writes none; the token updates the payer
 * and recipient words. Epochs start at 1.
 */
contract RewardsDistributor is Ownable {
    /// @dev Everything a claim reads here besides the root, in one word.
    struct ClaimState {
        uint96 totalCumulative;
        uint56 latestEpoch;
        bool paused;
    }

    IGuildRewardsLedger private immutable _token;

    ClaimState private _state;
    bytes32 private _latestRoot;
    address private _publisher;
    mapping(uint256 epoch => bytes32 root) private _roots;

    /// @notice Emitted when `root` becomes the claimable root for `epoch`.
    /// @param epoch The epoch number (from 1).
    /// @param root The Merkle root.
    /// @param totalCumulative The sum of the tree's cumulative amounts (wei).
    /// @param reportHash The hash of the off-chain allocation report.
    event RootPublished(uint256 indexed epoch, bytes32 root, uint256 totalCumulative, bytes32 reportHash);
    /// @notice Emitted when `account` is paid `amount`, bringing its total to `cumulativeAmount`.
    /// @param account The account.
    /// @param amount The $AGI paid by this claim (wei).
    /// @param cumulativeAmount The account's total earned up to the latest epoch (wei).
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);
    /// @notice Emitted when the publisher changes.
    /// @param previousPublisher The old publisher.
    /// @param newPublisher The new publisher.
    event PublisherChanged(address indexed previousPublisher, address indexed newPublisher);
    /// @notice Emitted when `account` pauses claims.
    /// @param account Who paused.
    event Paused(address indexed account);
    /// @notice Emitted when `account` resumes claims.
    /// @param account Who resumed.
    event Unpaused(address indexed account);

    /// @dev `caller` is not the publisher.
    error RewardsDistributorUnauthorizedPublisher(address caller);
    /// @dev `caller` may not pause (only the owner or the publisher may).
    error RewardsDistributorUnauthorizedPauser(address caller);
    /// @dev `epoch` is not after the latest published epoch.
    error RewardsDistributorEpochNotIncreasing(uint256 epoch, uint256 latestEpoch);
    /// @dev The root is zero.
    error RewardsDistributorInvalidRoot();
    /// @dev `totalCumulative` is below the previous root's total.
    error RewardsDistributorTotalDecreased(uint256 totalCumulative, uint256 previousTotal);
    /// @dev The distributor's balance plus what it has paid (`funded`) does not cover `totalCumulative`.
    error RewardsDistributorUnderfunded(uint256 totalCumulative, uint256 funded);
    /// @dev Claims are paused.
    error RewardsDistributorClaimsPaused();
    /// @dev Claims are not paused.
    error RewardsDistributorNotPaused();
    /// @dev The proof does not place `(account, cumulativeAmount)` in the latest root.
    error RewardsDistributorInvalidProof(address account, uint256 cumulativeAmount);
    /// @dev `account` has already received `claimed`, which is at least `cumulativeAmount`.
    error RewardsDistributorNothingToClaim(address account, uint256 cumulativeAmount, uint256 claimed);
    /// @dev Paying this claim would take total payouts to `totalClaimed`, above the root's `totalCumulative`.
    error RewardsDistributorTotalExceeded(uint256 totalClaimed, uint256 totalCumulative);
    /// @dev The publisher would be the zero address.
    error RewardsDistributorInvalidPublisher();

    /**
     * @dev `rewardToken` must make this contract a rewards payer before claims work. `initialOwner` is the Timelock
     * (or the deployer during wiring); `initialPublisher` is the backend's publishing key.
     */
    constructor(IGuildRewardsLedger rewardToken, address initialOwner, address initialPublisher) Ownable(initialOwner) {
        _token = rewardToken;
        _setPublisher(initialPublisher);
    }

    /// @notice The reward token ($AGI).
    function token() external view returns (IGuildRewardsLedger) {
        return _token;
    }

    /// @notice The account allowed to publish roots.
    function publisher() external view returns (address) {
        return _publisher;
    }

    /// @notice The latest published epoch (0 before the first root).
    function latestEpoch() external view returns (uint256) {
        return _state.latestEpoch;
    }

    /// @notice The root claims are verified against: the latest epoch's.
    function latestRoot() external view returns (bytes32) {
        return _latestRoot;
    }

    /// @notice The root published for `epoch`, or zero.
    /// @param epoch The epoch number (from 1).
    function rootOf(uint256 epoch) external view returns (bytes32) {
        return _roots[epoch];
    }

    /// @notice The sum of all cumulative amounts in the latest root.
    function totalCumulative() external view returns (uint256) {
        return _state.totalCumulative;
    }

    /// @notice Everything paid out by this contract (from the token's ledger).
    function totalClaimed() external view returns (uint256) {
        return _token.rewardsPaid(address(this));
    }

    /// @notice What `account` has received so far (from the token's ledger, shared by every distributor).
    /// @param account The contributor.
    function claimed(address account) external view returns (uint256) {
        return _token.rewardsReceived(account);
    }

    /// @notice Whether claims are paused.
    function paused() external view returns (bool) {
        return _state.paused;
    }

    /**
     * @notice Publishes `root` as the claimable root for `epoch`.
     * @dev Only the publisher. `epoch` must be above the latest, `root` non-zero, `totalCumulative` (the sum of
     * the tree's amounts) not below the previous total, and covered by this contract's balance plus what it has
     * already paid. `reportHash` identifies the off-chain allocation report. Emits a {RootPublished} event.
     * @param epoch The epoch number (from 1).
     * @param root The Merkle root.
     * @param newTotalCumulative The sum of the tree's cumulative amounts (wei).
     * @param reportHash The hash of the off-chain allocation report.
     */
    function publishRoot(uint256 epoch, bytes32 root, uint256 newTotalCumulative, bytes32 reportHash) external {
        if (msg.sender != _publisher) revert RewardsDistributorUnauthorizedPublisher(msg.sender);
        ClaimState memory state = _state;
        if (epoch <= state.latestEpoch) revert RewardsDistributorEpochNotIncreasing(epoch, state.latestEpoch);
        if (root == bytes32(0)) revert RewardsDistributorInvalidRoot();
        if (newTotalCumulative < state.totalCumulative) {
            revert RewardsDistributorTotalDecreased(newTotalCumulative, state.totalCumulative);
        }
        uint256 funded = _token.balanceOf(address(this)) + _token.rewardsPaid(address(this));
        if (newTotalCumulative > funded) revert RewardsDistributorUnderfunded(newTotalCumulative, funded);

        state.latestEpoch = SafeCast.toUint56(epoch);
        state.totalCumulative = SafeCast.toUint96(newTotalCumulative);
        _state = state;
        _latestRoot = root;
        _roots[epoch] = root;
        emit RootPublished(epoch, root, newTotalCumulative, reportHash);
    }

    /**
     * @notice Pays `account` the difference between `cumulativeAmount` and what it has already received.
     * @dev Anyone may submit a claim; tokens always go to `account`. `proof` must place the leaf
     * `(account, cumulativeAmount)` in the latest root. Emits a {Claimed} event.
     * @param account The contributor paid.
     * @param cumulativeAmount The account's total earned up to the latest epoch (wei).
     * @param proof The Merkle proof of the leaf.
     */
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external {
        ClaimState memory state = _state;
        if (state.paused) revert RewardsDistributorClaimsPaused();

        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, _latestRoot, leaf)) {
            revert RewardsDistributorInvalidProof(account, cumulativeAmount);
        }

        // The token checks and records the cumulative amount in the account's balance word.
        (uint256 paid, uint256 totalPaid) = _token.payRewards(account, cumulativeAmount);
        if (paid == 0) {
            revert RewardsDistributorNothingToClaim(account, cumulativeAmount, _token.rewardsReceived(account));
        }
        // A tree whose leaves add up to more than its declared total cannot pay out more than that total.
        if (totalPaid > state.totalCumulative) {
            revert RewardsDistributorTotalExceeded(totalPaid, state.totalCumulative);
        }
        emit Claimed(account, paid, cumulativeAmount);
    }

    /**
     * @notice Pauses claims.
     * @dev The owner or the publisher (so the backend can stop claims at once; only the Timelock resumes them).
     * Emits a {Paused} event.
     */
    function pause() external {
        if (msg.sender != owner() && msg.sender != _publisher) revert RewardsDistributorUnauthorizedPauser(msg.sender);
        if (_state.paused) revert RewardsDistributorClaimsPaused();
        _state.paused = true;
        emit Paused(msg.sender);
    }

    /**
     * @notice Resumes claims.
     * @dev Only the owner (the Timelock). Emits an {Unpaused} event.
     */
    function unpause() external onlyOwner {
        if (!_state.paused) revert RewardsDistributorNotPaused();
        _state.paused = false;
        emit Unpaused(msg.sender);
    }

    /**
     * @notice Replaces the publisher.
     * @dev Only the owner (the Timelock). Emits a {PublisherChanged} event.
     * @param newPublisher The new publisher.
     */
    function setPublisher(address newPublisher) external onlyOwner {
        _setPublisher(newPublisher);
    }

    function _setPublisher(address newPublisher) private {
        if (newPublisher == address(0)) revert RewardsDistributorInvalidPublisher();
        emit PublisherChanged(_publisher, newPublisher);
        _publisher = newPublisher;
    }
}
