// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {PowerHistory} from "./PowerHistory.sol";

/**
 * @title EscrowVotes
 * @notice Delegation and checkpoints of *decaying* voting power (a vote escrow's locks, Curve-style), exposed as
 * ERC-5805 votes over an ERC-6372 timestamp clock.
 *
 * @dev A lock of slope `s` whose voting ends at `end` (a week boundary) is worth `s * (end - t)` at time `t` and
 * nothing from `end` on. An account's votes are the sum of two histories:
 *
 * - its own lock, while it delegates to itself (the default): one point per change, which simply runs down to zero;
 * - the locks others delegate to it: points of `(bias, slope)` plus, per week boundary, the slope that stops there;
 *   its power at `t` is the point before `t` run forward through those week boundaries.
 *
 * The total (for quorums) is kept like the second. Every bias is exactly `slope * (end - t)` in integers, so power
 * reaches zero exactly when the last lock ends and never goes negative. Keeping the own lock apart means a lock that
 * is not delegated (most of them) costs one history word and no per-week entry of its own.
 *
 * The clock is the block timestamp (`mode=timestamp`): power depends on time, and past block timestamps cannot be read
 * on-chain, so a block-number clock could only estimate it. An off-chain snapshot block stands for its timestamp.
 *
 * Like OpenZeppelin's `Votes` otherwise (same events, delegation signature and lookup rules), except that every
 * account delegates to itself until it chooses otherwise and delegating to the zero address is refused.
 *
 * Reading delegated or total power walks one storage word per week boundary since the point it starts from; after
 * the longest lock plus a week every lock of that point has ended, which bounds the walk at 210 weeks.
 *
 * Inheriting contracts report every lock change through {_moveLock} and implement {_votingLock}.
 */
abstract contract EscrowVotes is IERC5805, EIP712, Nonces {
    using PowerHistory for PowerHistory.History;

    /// @notice Voting ends fall on multiples of this (Thursday 00:00 UTC, counted from the unix epoch).
    uint256 public constant WEEK = 1 weeks;

    bytes32 private constant _DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    mapping(address account => address delegatee) private _delegatees;
    mapping(address account => PowerHistory.History) private _ownHistory;
    mapping(address delegatee => PowerHistory.History) private _delegatedHistory;
    mapping(address delegatee => mapping(uint256 weekEnd => uint256 slope)) private _delegatedSlopeEnds;
    PowerHistory.History private _totalHistory;
    mapping(uint256 weekEnd => uint256 slope) private _totalSlopeEnds;

    /// @dev `timepoint` is not in the past (the clock reads `clock`).
    error EscrowVotesFutureLookup(uint256 timepoint, uint48 clock);
    /// @dev Delegation to the zero address; delegate to yourself instead.
    error EscrowVotesInvalidDelegatee();

    /// @inheritdoc IERC6372
    function clock() public view virtual returns (uint48) {
        return Time.timestamp();
    }

    // solhint-disable func-name-mixedcase
    /// @inheritdoc IERC6372
    function CLOCK_MODE() public view virtual returns (string memory) {
        return "mode=timestamp";
    }

    // solhint-enable func-name-mixedcase

    /// @inheritdoc IVotes
    function getVotes(address account) public view virtual returns (uint256) {
        return _votesAt(account, block.timestamp, false);
    }

    /// @inheritdoc IVotes
    function getPastVotes(address account, uint256 timepoint) public view virtual returns (uint256) {
        return _votesAt(account, _validateTimepoint(timepoint), true);
    }

    /**
     * @notice The power others have delegated to `account` now (without its own lock).
     * @param account The delegatee.
     */
    function getDelegatedVotes(address account) public view virtual returns (uint256) {
        return _run(_delegatedHistory[account].latest(), _delegatedSlopeEnds[account], block.timestamp);
    }

    /// @inheritdoc IVotes
    function getPastTotalSupply(uint256 timepoint) public view virtual returns (uint256) {
        uint256 t = _validateTimepoint(timepoint);
        return _run(_totalHistory.upperLookup(t), _totalSlopeEnds, t);
    }

    /// @notice The total voting power now.
    function getTotalVotes() public view virtual returns (uint256) {
        return _run(_totalHistory.latest(), _totalSlopeEnds, block.timestamp);
    }

    /// @inheritdoc IVotes
    function delegates(address account) public view virtual returns (address) {
        address delegatee = _delegatees[account];
        return delegatee == address(0) ? account : delegatee;
    }

    /// @inheritdoc IVotes
    function delegate(address delegatee) public virtual {
        _delegate(msg.sender, delegatee);
    }

    /// @inheritdoc IVotes
    function delegateBySig(address delegatee, uint256 nonce, uint256 expiry, uint8 v, bytes32 r, bytes32 s)
        public
        virtual
    {
        if (block.timestamp > expiry) revert VotesExpiredSignature(expiry);
        address signer = ECDSA.recover(
            _hashTypedDataV4(keccak256(abi.encode(_DELEGATION_TYPEHASH, delegatee, nonce, expiry))), v, r, s
        );
        _useCheckedNonce(signer, nonce);
        _delegate(signer, delegatee);
    }

    /// @dev Moves `account`'s lock to `delegatee`. Emits {DelegateChanged} and {DelegateVotesChanged}.
    function _delegate(address account, address delegatee) internal virtual {
        if (delegatee == address(0)) revert EscrowVotesInvalidDelegatee();
        address previous = delegates(account);
        // Self-delegation is the default, stored as zero.
        _delegatees[account] = delegatee == account ? address(0) : delegatee;
        emit DelegateChanged(account, previous, delegatee);
        if (previous != delegatee) {
            (uint256 slope, uint256 end) = _votingLock(account);
            if (slope != 0 && end > block.timestamp) {
                _updateVoter(previous, account, slope, end, 0, 0);
                _updateVoter(delegatee, account, 0, 0, slope, end);
            }
        }
    }

    /**
     * @dev Replaces `account`'s lock of slope `oldSlope` whose voting ends at `oldEnd` by one of slope `newSlope`
     * ending at `newEnd`, for its delegate and the total. Ends must be week boundaries; a lock that has already ended
     * (`end <= now`) counts for nothing.
     */
    function _moveLock(address account, uint256 oldSlope, uint256 oldEnd, uint256 newSlope, uint256 newEnd)
        internal
        virtual
    {
        _updateVoter(delegates(account), account, oldSlope, oldEnd, newSlope, newEnd);
        _update(_totalHistory, _totalSlopeEnds, oldSlope, oldEnd, newSlope, newEnd);
    }

    /// @dev `account`'s lock now: its slope (power lost per second) and the (week-boundary) time its voting ends.
    function _votingLock(address account) internal view virtual returns (uint256 slope, uint256 end);

    /// @dev Swaps `owner`'s lock in `voter`'s votes: its own history when `voter` is `owner`, else its delegated one.
    function _updateVoter(
        address voter,
        address owner,
        uint256 oldSlope,
        uint256 oldEnd,
        uint256 newSlope,
        uint256 newEnd
    ) private {
        uint256 oldVotes = getVotes(voter);
        if (voter == owner) {
            // A single lock: its own point, no per-week entry.
            uint256 now_ = block.timestamp;
            bool active = newSlope != 0 && newEnd > now_;
            _ownHistory[voter].push(now_, active ? newSlope * (newEnd - now_) : 0, active ? newSlope : 0);
        } else {
            _update(_delegatedHistory[voter], _delegatedSlopeEnds[voter], oldSlope, oldEnd, newSlope, newEnd);
        }
        emit DelegateVotesChanged(voter, oldVotes, getVotes(voter));
    }

    /// @dev Runs a summed `history` forward to now, swaps the old lock for the new one and checkpoints the result.
    function _update(
        PowerHistory.History storage history,
        mapping(uint256 => uint256) storage slopeEnds,
        uint256 oldSlope,
        uint256 oldEnd,
        uint256 newSlope,
        uint256 newEnd
    ) private {
        uint256 now_ = block.timestamp;
        (uint256 newBias, uint256 slope) = _runWithSlope(history.latest(), slopeEnds, now_);
        // Slope ends at or before now are history that past lookups still walk through: leave them alone.
        if (oldSlope != 0 && oldEnd > now_) {
            newBias -= oldSlope * (oldEnd - now_);
            slope -= oldSlope;
            slopeEnds[oldEnd] -= oldSlope;
        }
        if (newSlope != 0 && newEnd > now_) {
            newBias += newSlope * (newEnd - now_);
            slope += newSlope;
            slopeEnds[newEnd] += newSlope;
        }
        history.push(now_, newBias, slope);
    }

    function _votesAt(address account, uint256 t, bool past) private view returns (uint256) {
        PowerHistory.History storage own = _ownHistory[account];
        PowerHistory.History storage delegated = _delegatedHistory[account];
        return _single(past ? own.upperLookup(t) : own.latest(), t)
            + _run(past ? delegated.upperLookup(t) : delegated.latest(), _delegatedSlopeEnds[account], t);
    }

    /// @dev A single lock's point at time `t`: it runs down to zero at its end and stays there.
    function _single(PowerHistory.Point memory point, uint256 t) private pure returns (uint256) {
        uint256 spent = uint256(point.slope) * (t - point.key);
        return spent < point.bias ? point.bias - spent : 0;
    }

    function _run(PowerHistory.Point memory point, mapping(uint256 => uint256) storage slopeEnds, uint256 t)
        private
        view
        returns (uint256 bias)
    {
        (bias,) = _runWithSlope(point, slopeEnds, t);
    }

    /// @dev The bias and slope of a summed `point` at time `t` (not before its key), through the week boundaries between.
    function _runWithSlope(PowerHistory.Point memory point, mapping(uint256 => uint256) storage slopeEnds, uint256 t)
        private
        view
        returns (uint256 bias, uint256 slope)
    {
        bias = point.bias;
        slope = point.slope;
        uint256 ts = point.key;
        uint256 weekEnd = (ts / WEEK) * WEEK;
        while (slope != 0) {
            weekEnd += WEEK;
            if (weekEnd > t) {
                bias -= slope * (t - ts);
                break;
            }
            bias -= slope * (weekEnd - ts);
            slope -= slopeEnds[weekEnd];
            ts = weekEnd;
        }
    }

    function _validateTimepoint(uint256 timepoint) private view returns (uint256) {
        uint48 currentTimepoint = clock();
        if (timepoint >= currentTimepoint) revert EscrowVotesFutureLookup(timepoint, currentTimepoint);
        return timepoint;
    }
}
