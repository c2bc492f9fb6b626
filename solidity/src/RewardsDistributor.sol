// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IGuildRewardsLedger} from "./interfaces/IGuildRewardsLedger.sol";
import {IRewardsDistributor} from "./interfaces/IRewardsDistributor.sol";
import {IRewardsWeights} from "./interfaces/IRewardsWeights.sol";

/**
 * @title RewardsDistributor
 * @notice Pays contributors their $AGI rewards against cumulative Merkle roots, one root per epoch: a leaf says
 * how much an account has earned in total up to that epoch, so one claim against the claimable root pays
 * everything owed so far. A published root waits out a challenge window, during which the owner (the Timelock) or
 * the guardian may veto it, before claims verify against it.
 *
 * @dev After 1inch's CumulativeMerkleDrop, with per-epoch roots kept for the record. Leaves use OpenZeppelin's
 * StandardMerkleTree format for `[address, uint256]`: `keccak256(bytes.concat(keccak256(abi.encode(account,
 * cumulativeAmount))))`, with sorted pairs, so roots built by the npm package openzeppelin/merkle-tree (or
 * Nethereum's OpenZeppelinStandardMerkleTree) verify here. See {IRewardsDistributor} for pending, claimable and
 * latest roots.
 *
 * Epochs start at 1 and are consecutive, so the publisher cannot jump to a last epoch that nothing could follow.
 * At most one root is pending: publishing the next one needs the previous window to have passed, and turns that
 * root into the active one (claims already verified against it; nothing observable changes). A vetoed root is
 * forgotten and its epoch number is free again.
 *
 * What each account has received, and what this contract has paid in total, live in the token's rewards ledger
 * ({IGuildRewardsLedger}), in the same storage words as the balances; this contract must be a rewards payer
 * there. The ledger outlives this contract: a replacement distributor carries on from the same cumulative amounts.
 *
 * A claim reads two words here (the claim state and one root) and writes none; the token updates the payer and
 * recipient words.
 *
 * Every root names the weight set it was computed with, and only the set in force (the Timelock's choice, recorded in
 * {RewardsWeights}) is accepted, or the genesis set for the first epoch.
 */
contract RewardsDistributor is IRewardsDistributor, Ownable {
    /// @notice The longest challenge period the owner may set: 30 days.
    uint256 public constant MAX_CHALLENGE_PERIOD = 30 days;

    /// @dev Everything a claim reads here besides the root, in one word.
    struct ClaimState {
        uint96 activeTotal;
        uint96 pendingTotal;
        uint40 pendingClaimableAt; // zero: no pending root
        bool paused;
    }

    /// @dev What publishing and vetoing read besides the claim state; claims never read it.
    struct Schedule {
        uint56 activeEpoch; // the pending epoch, if any, is activeEpoch + 1
        uint32 challengePeriod; // seconds, at most MAX_CHALLENGE_PERIOD
        address guardian;
    }

    IGuildRewardsLedger private immutable _token;
    IRewardsWeights private immutable _weights;

    ClaimState private _state;
    bytes32 private _activeRoot;
    bytes32 private _pendingRoot;
    Schedule private _schedule;
    address private _publisher;
    mapping(uint256 epoch => bytes32 root) private _roots;

    /**
     * @dev `rewardToken` must make this contract a rewards payer before claims work. `initialOwner` is the Timelock
     * (or the deployer during wiring); `initialPublisher` is the backend's publishing key; `initialGuardian` may be
     * zero (then only the owner vetoes). `weightsRegistry` records the weight set in force ({RewardsWeights}).
     */
    constructor(
        IGuildRewardsLedger rewardToken,
        address initialOwner,
        address initialPublisher,
        uint64 initialChallengePeriod,
        address initialGuardian,
        IRewardsWeights weightsRegistry
    ) Ownable(initialOwner) {
        _token = rewardToken;
        _weights = weightsRegistry;
        _setPublisher(initialPublisher);
        _setChallengePeriod(initialChallengePeriod);
        _setGuardian(initialGuardian);
    }

    /// @inheritdoc IRewardsDistributor
    function token() external view returns (IGuildRewardsLedger) {
        return _token;
    }

    /// @inheritdoc IRewardsDistributor
    function weights() external view returns (IRewardsWeights) {
        return _weights;
    }

    /// @inheritdoc IRewardsDistributor
    function publisher() external view returns (address) {
        return _publisher;
    }

    /// @inheritdoc IRewardsDistributor
    function guardian() external view returns (address) {
        return _schedule.guardian;
    }

    /// @inheritdoc IRewardsDistributor
    function challengePeriod() external view returns (uint256) {
        return _schedule.challengePeriod;
    }

    /// @inheritdoc IRewardsDistributor
    function latestEpoch() external view returns (uint256) {
        return uint256(_schedule.activeEpoch) + (_state.pendingClaimableAt == 0 ? 0 : 1);
    }

    /// @inheritdoc IRewardsDistributor
    function claimableEpoch() external view returns (uint256) {
        return uint256(_schedule.activeEpoch) + (_matured(_state) ? 1 : 0);
    }

    /// @inheritdoc IRewardsDistributor
    function claimableRoot() external view returns (bytes32) {
        return _matured(_state) ? _pendingRoot : _activeRoot;
    }

    /// @inheritdoc IRewardsDistributor
    function pendingRoot() external view returns (uint256 epoch, bytes32 root, uint256 total, uint256 claimableAt) {
        ClaimState memory state = _state;
        if (state.pendingClaimableAt == 0 || _matured(state)) return (0, bytes32(0), 0, 0);
        return (uint256(_schedule.activeEpoch) + 1, _pendingRoot, state.pendingTotal, state.pendingClaimableAt);
    }

    /// @inheritdoc IRewardsDistributor
    function rootOf(uint256 epoch) external view returns (bytes32) {
        return _roots[epoch];
    }

    /// @inheritdoc IRewardsDistributor
    function totalCumulative() external view returns (uint256) {
        ClaimState memory state = _state;
        return _matured(state) ? state.pendingTotal : state.activeTotal;
    }

    /// @inheritdoc IRewardsDistributor
    function totalClaimed() external view returns (uint256) {
        return _token.rewardsPaid(address(this));
    }

    /// @inheritdoc IRewardsDistributor
    function claimed(address account) external view returns (uint256) {
        return _token.rewardsReceived(account);
    }

    /// @inheritdoc IRewardsDistributor
    function paused() external view returns (bool) {
        return _state.paused;
    }

    /// @inheritdoc IRewardsDistributor
    function publishRoot(
        uint256 epoch,
        bytes32 root,
        uint256 newTotalCumulative,
        bytes32 reportHash,
        bytes32 weightsHash_
    ) external {
        if (msg.sender != _publisher) revert RewardsDistributorUnauthorizedPublisher(msg.sender);
        (bool allowed, bytes32 current) = _weights.inForce(epoch, weightsHash_);
        if (!allowed) revert RewardsDistributorWeightsNotInForce(epoch, weightsHash_, current);
        ClaimState memory state = _state;
        Schedule memory schedule = _schedule;
        bool staged = state.pendingClaimableAt != 0;
        uint256 expected = uint256(schedule.activeEpoch) + (staged ? 2 : 1);
        if (epoch != expected) revert RewardsDistributorEpochNotConsecutive(epoch, expected);
        if (staged) {
            if (!_matured(state)) revert RewardsDistributorRootPending(epoch - 1, state.pendingClaimableAt);
            // The previous root's window has passed: claims already verify against it; it becomes the active root.
            schedule.activeEpoch += 1;
            state.activeTotal = state.pendingTotal;
            _activeRoot = _pendingRoot;
            _schedule = schedule;
        }
        if (root == bytes32(0)) revert RewardsDistributorInvalidRoot();
        if (newTotalCumulative < state.activeTotal) {
            revert RewardsDistributorTotalDecreased(newTotalCumulative, state.activeTotal);
        }
        uint256 funded = _token.balanceOf(address(this)) + _token.rewardsPaid(address(this));
        if (newTotalCumulative > funded) revert RewardsDistributorUnderfunded(newTotalCumulative, funded);

        uint256 claimableAt = block.timestamp + schedule.challengePeriod;
        state.pendingTotal = SafeCast.toUint96(newTotalCumulative);
        state.pendingClaimableAt = SafeCast.toUint40(claimableAt);
        _state = state;
        _pendingRoot = root;
        _roots[epoch] = root;
        emit RootPublished(epoch, root, newTotalCumulative, reportHash, claimableAt, weightsHash_);
    }

    /// @inheritdoc IRewardsDistributor
    function vetoRoot(uint256 epoch) external {
        if (msg.sender != owner() && msg.sender != _schedule.guardian) {
            revert RewardsDistributorUnauthorizedVetoer(msg.sender);
        }
        ClaimState memory state = _state;
        uint256 claimableAt = state.pendingClaimableAt;
        uint256 staged = claimableAt == 0 ? 0 : uint256(_schedule.activeEpoch) + 1;
        if (staged == 0 || epoch != staged) {
            revert RewardsDistributorNotPending(epoch, block.timestamp < claimableAt ? staged : 0);
        }
        if (block.timestamp >= claimableAt) revert RewardsDistributorChallengeWindowClosed(epoch, claimableAt);

        bytes32 root = _pendingRoot;
        state.pendingTotal = 0;
        state.pendingClaimableAt = 0;
        _state = state;
        delete _pendingRoot;
        delete _roots[epoch];
        emit RootVetoed(epoch, root, msg.sender);
    }

    /// @inheritdoc IRewardsDistributor
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external {
        ClaimState memory state = _state;
        if (state.paused) revert RewardsDistributorClaimsPaused();
        // One root word is read: the matured pending root's, or else the active root's.
        bool matured = _matured(state);
        bytes32 root = matured ? _pendingRoot : _activeRoot;
        uint256 total = matured ? state.pendingTotal : state.activeTotal;

        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert RewardsDistributorInvalidProof(account, cumulativeAmount);
        }

        // The token checks and records the cumulative amount in the account's balance word.
        (uint256 paid, uint256 totalPaid) = _token.payRewards(account, cumulativeAmount);
        if (paid == 0) {
            revert RewardsDistributorNothingToClaim(account, cumulativeAmount, _token.rewardsReceived(account));
        }
        // A tree whose leaves add up to more than its declared total cannot pay out more than that total.
        if (totalPaid > total) revert RewardsDistributorTotalExceeded(totalPaid, total);
        emit Claimed(account, paid, cumulativeAmount);
    }

    /// @inheritdoc IRewardsDistributor
    function withdrawUndistributed(address to, uint256 amount) external onlyOwner {
        ClaimState memory state = _state;
        uint256 committed = Math.max(state.activeTotal, state.pendingTotal);
        uint256 paid = _token.rewardsPaid(address(this));
        uint256 owed = committed > paid ? committed - paid : 0;
        uint256 balance = _token.balanceOf(address(this));
        uint256 uncommitted = balance > owed ? balance - owed : 0;
        if (amount > uncommitted) revert RewardsDistributorWithdrawalExceedsUncommitted(amount, uncommitted);
        SafeERC20.safeTransfer(_token, to, amount);
        emit UndistributedWithdrawn(to, amount);
    }

    /// @inheritdoc IRewardsDistributor
    function pause() external {
        if (msg.sender != owner() && msg.sender != _publisher && msg.sender != _schedule.guardian) {
            revert RewardsDistributorUnauthorizedPauser(msg.sender);
        }
        if (_state.paused) revert RewardsDistributorClaimsPaused();
        _state.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IRewardsDistributor
    function unpause() external onlyOwner {
        if (!_state.paused) revert RewardsDistributorNotPaused();
        _state.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IRewardsDistributor
    function setPublisher(address newPublisher) external onlyOwner {
        _setPublisher(newPublisher);
    }

    /// @inheritdoc IRewardsDistributor
    function setGuardian(address newGuardian) external onlyOwner {
        _setGuardian(newGuardian);
    }

    /// @inheritdoc IRewardsDistributor
    function setChallengePeriod(uint64 newPeriod) external onlyOwner {
        _setChallengePeriod(newPeriod);
    }

    /// @dev Whether a pending root exists and its window has passed (claims then verify against it).
    function _matured(ClaimState memory state) private view returns (bool) {
        return state.pendingClaimableAt != 0 && block.timestamp >= state.pendingClaimableAt;
    }

    function _setPublisher(address newPublisher) private {
        if (newPublisher == address(0)) revert RewardsDistributorInvalidPublisher();
        emit PublisherChanged(_publisher, newPublisher);
        _publisher = newPublisher;
    }

    function _setGuardian(address newGuardian) private {
        emit GuardianChanged(_schedule.guardian, newGuardian);
        _schedule.guardian = newGuardian;
    }

    function _setChallengePeriod(uint64 newPeriod) private {
        if (newPeriod > MAX_CHALLENGE_PERIOD) {
            revert RewardsDistributorChallengePeriodTooLong(newPeriod, MAX_CHALLENGE_PERIOD);
        }
        emit ChallengePeriodChanged(_schedule.challengePeriod, newPeriod);
        _schedule.challengePeriod = uint32(newPeriod);
    }
}
