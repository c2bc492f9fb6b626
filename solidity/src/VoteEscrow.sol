// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EscrowVotes} from "./votes/EscrowVotes.sol";
import {IVoteEscrowLocker} from "./interfaces/IVoteEscrowLocker.sol";

/**
 * @title VoteEscrow
 * @notice Locks $AGI for 1 week to 4 years in exchange for voting power that decays as the lock runs down. One lock
 * per account: it can be topped up and extended, and withdrawn only once it has expired.
 *
 * @dev Curve-style vote escrow. A lock of `amount` has slope `amount / MAX_LOCK_DURATION` and is worth
 * `slope * (end - now)`: a four-year lock starts at (about) one vote per token and falls linearly to zero at its end.
 * Ends chosen by the holder are rounded down to a week boundary ({EscrowVotes-WEEK}), so the slopes that stop can be
 * kept per week. A lock a creator makes for a licence keeps the licence's exact expiry as its unlock time; its power
 * stops at the week boundary at or before it.
 *
 * What this closes: extending a lock re-prices it at the new remaining time only, so power always matches the time
 * still committed (a lock kept one week from its end is worth a one-week lock, whatever it was before), and an
 * expired lock is worth nothing at once, with no keeper. Power is bounded by `amount * (end - now) / MAX_LOCK_DURATION`.
 *
 * An amount below `MAX_LOCK_DURATION` wei has a zero slope and no power: dust cannot vote.
 *
 * Votes follow {EscrowVotes}: ERC-5805 over a timestamp ERC-6372 clock, self-delegation by default.
 * Authorised lock creators (the LicenseRegistry) can lock tokens for another account with {lockFor}.
 */
contract VoteEscrow is EscrowVotes, Ownable, ReentrancyGuardTransient, IVoteEscrowLocker {
    using SafeERC20 for IERC20;

    /// @notice The shortest lock: one week (its end is then rounded down to a week boundary).
    uint256 public constant MIN_LOCK_DURATION = 1 weeks;
    /// @notice The longest lock: four years of 365 days.
    uint256 public constant MAX_LOCK_DURATION = 4 * 365 days;

    struct Lock {
        uint96 amount;
        uint48 end;
    }

    IERC20 private immutable _token;
    mapping(address account => Lock) private _locks;
    mapping(address creator => bool) private _lockCreators;

    /// @notice Emitted when `account`'s lock changes through a deposit or an extension; `funder` paid `added`.
    /// @param account The lock owner.
    /// @param funder The account that paid the added tokens.
    /// @param added The $AGI added (wei).
    /// @param amount The locked total after the change (wei).
    /// @param end The unlock time (seconds, a week boundary).
    /// @param power The voting power right after the change; it decays to zero at `end`.
    event Locked(
        address indexed account, address indexed funder, uint256 added, uint256 amount, uint256 end, uint256 power
    );
    /// @notice Emitted when `account` withdraws its expired lock of `amount`.
    /// @param account The account.
    /// @param amount The $AGI returned (wei).
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when the owner allows or disallows `creator` to call {lockFor}.
    /// @param creator The contract allowed or disallowed to lock for others.
    /// @param allowed Whether it is allowed.
    event LockCreatorSet(address indexed creator, bool allowed);

    /// @dev A deposit of zero.
    error VoteEscrowZeroAmount();
    /// @dev `duration` is outside [`min`, `max`].
    error VoteEscrowInvalidDuration(uint256 duration, uint256 min, uint256 max);
    /// @dev `account` already has a lock.
    error VoteEscrowLockExists(address account);
    /// @dev `account` has no lock.
    error VoteEscrowNoLock(address account);
    /// @dev `account`'s lock expired at `end`.
    error VoteEscrowLockExpired(address account, uint256 end);
    /// @dev `account`'s lock runs until `end`.
    error VoteEscrowLockNotExpired(address account, uint256 end);
    /// @dev The new end `end` is not after the current end `currentEnd`.
    error VoteEscrowEndNotLater(uint256 end, uint256 currentEnd);
    /// @dev `caller` may not lock for others.
    error VoteEscrowUnauthorizedCreator(address caller);

    /// @dev Locks `lockedToken`; `initialOwner` (the Timelock, or the deployer during wiring) manages lock creators.
    constructor(IERC20 lockedToken, address initialOwner) EIP712("VoteEscrow", "1") Ownable(initialOwner) {
        _token = lockedToken;
    }

    /// @notice The locked token ($AGI).
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IVoteEscrowLocker
    /// @dev `power` is the lock's own power now (before delegation), zero once it has expired.
    function lockOf(address account) external view returns (uint256 amount, uint256 end, uint256 power) {
        Lock memory lock = _locks[account];
        return (lock.amount, lock.end, _powerOf(lock.amount, lock.end, block.timestamp));
    }

    /**
     * @notice What locking `amount` for `duration` seconds from now would give: the (week-rounded) end and the power
     * at the start. For previews; {createLock} applies the same rules.
     * @param amount An amount of $AGI (wei).
     * @param duration The lock duration in seconds.
     * @return end The unlock time (seconds).
     * @return power The voting power right after locking.
     */
    function previewLock(uint256 amount, uint256 duration) external view returns (uint256 end, uint256 power) {
        _checkDuration(duration);
        end = _roundDown(block.timestamp + duration);
        power = _powerOf(amount, end, block.timestamp);
    }

    /// @notice Whether `creator` may call {lockFor}.
    /// @param creator The contract allowed or disallowed to lock for others.
    function isLockCreator(address creator) external view returns (bool) {
        return _lockCreators[creator];
    }

    /**
     * @notice Locks `amount` of the caller's $AGI for `duration` seconds, the end rounded down to a week boundary.
     * @dev The caller must have no lock (or a withdrawn one) and have approved `amount`. Emits {Locked}.
     * @param amount An amount of $AGI (wei).
     * @param duration The lock duration in seconds.
     */
    function createLock(uint256 amount, uint256 duration) external nonReentrant {
        if (amount == 0) revert VoteEscrowZeroAmount();
        _checkDuration(duration);
        if (_locks[msg.sender].amount != 0) revert VoteEscrowLockExists(msg.sender);
        _deposit(msg.sender, msg.sender, amount, _roundDown(block.timestamp + duration));
    }

    /**
     * @notice Adds `amount` of the caller's $AGI to its active lock, keeping the end.
     * @dev The added tokens earn power for the remaining duration. Emits {Locked}.
     * @param amount An amount of $AGI (wei).
     */
    function increaseAmount(uint256 amount) external nonReentrant {
        if (amount == 0) revert VoteEscrowZeroAmount();
        Lock memory lock = _locks[msg.sender];
        if (lock.amount == 0) revert VoteEscrowNoLock(msg.sender);
        if (lock.end <= block.timestamp) revert VoteEscrowLockExpired(msg.sender, lock.end);
        _deposit(msg.sender, msg.sender, amount, lock.end);
    }

    /**
     * @notice Moves the end of the caller's lock to `duration` seconds from now (rounded down to a week boundary); it
     * must be later than the current end. Works on an expired, not yet withdrawn lock too.
     * @dev Power is re-priced at the new remaining time only. Emits {Locked} with `added` zero.
     * @param duration The lock duration in seconds.
     */
    function extendLock(uint256 duration) external nonReentrant {
        _checkDuration(duration);
        Lock memory lock = _locks[msg.sender];
        if (lock.amount == 0) revert VoteEscrowNoLock(msg.sender);
        uint256 end = _roundDown(block.timestamp + duration);
        if (end <= lock.end) revert VoteEscrowEndNotLater(end, lock.end);
        _deposit(msg.sender, msg.sender, 0, end);
    }

    /**
     * @inheritdoc IVoteEscrowLocker
     * @dev Only lock creators. Creates the lock, or tops it up and moves its end to `end` when that is later. The
     * unlock time is exactly `end` (a licence's expiry); the voting power stops at the week boundary at or before it.
     * `end` must be in the future and at most MAX_LOCK_DURATION away; unlike {createLock} there is no one-week minimum, so a licence
     * can be topped up in its last days (the registry enforces its own minimum term). The caller must have approved
     * `amount`. Emits {Locked}.
     */
    function lockFor(address account, uint256 amount, uint256 end) external nonReentrant {
        if (!_lockCreators[msg.sender]) revert VoteEscrowUnauthorizedCreator(msg.sender);
        if (end <= block.timestamp || end - block.timestamp > MAX_LOCK_DURATION) {
            revert VoteEscrowInvalidDuration(end > block.timestamp ? end - block.timestamp : 0, 1, MAX_LOCK_DURATION);
        }
        Lock memory lock = _locks[account];
        if (lock.amount == 0 && amount == 0) revert VoteEscrowZeroAmount();
        _deposit(account, msg.sender, amount, end > lock.end ? end : lock.end);
    }

    /**
     * @notice Withdraws the caller's expired lock.
     * @dev Its power is already zero. Emits {Withdrawn}.
     */
    function withdraw() external nonReentrant {
        Lock memory lock = _locks[msg.sender];
        if (lock.amount == 0) revert VoteEscrowNoLock(msg.sender);
        if (block.timestamp < lock.end) revert VoteEscrowLockNotExpired(msg.sender, lock.end);
        delete _locks[msg.sender];
        emit Withdrawn(msg.sender, lock.amount);
        _token.safeTransfer(msg.sender, lock.amount);
    }

    /**
     * @notice Allows or disallows `creator` to lock tokens for other accounts.
     * @dev Only the owner (the Timelock). Emits {LockCreatorSet}.
     * @param creator The contract allowed or disallowed to lock for others.
     * @param allowed Whether it is allowed.
     */
    function setLockCreator(address creator, bool allowed) external onlyOwner {
        _lockCreators[creator] = allowed;
        emit LockCreatorSet(creator, allowed);
    }

    /// @notice An account's lock as {EscrowVotes} counts it. See {EscrowVotes-_votingLock}.
    /// @param account The account.
    /// @return slope The power it loses per second: amount / MAX_LOCK_DURATION.
    /// @return end The week boundary at or before its unlock time, when its voting ends.
    function _votingLock(address account) internal view override returns (uint256 slope, uint256 end) {
        Lock memory lock = _locks[account];
        return (uint256(lock.amount) / MAX_LOCK_DURATION, _roundDown(lock.end));
    }

    /// @dev Adds `added` tokens from `funder` to `account`'s lock and sets its end to `end` (after now and not before
    /// the current end, as checked by callers).
    function _deposit(address account, address funder, uint256 added, uint256 end) private {
        Lock memory lock = _locks[account];
        uint256 amount = lock.amount + added;
        _locks[account] = Lock(SafeCast.toUint96(amount), SafeCast.toUint48(end));
        _moveLock(
            account,
            uint256(lock.amount) / MAX_LOCK_DURATION,
            _roundDown(lock.end),
            amount / MAX_LOCK_DURATION,
            _roundDown(end)
        );
        emit Locked(account, funder, added, amount, end, _powerOf(amount, end, block.timestamp));
        if (added != 0) _token.safeTransferFrom(funder, address(this), added);
    }

    /// @dev The power of a lock of `amount` unlocking at `end`, at time `t`: it stops at the week boundary before `end`.
    function _powerOf(uint256 amount, uint256 end, uint256 t) private pure returns (uint256) {
        uint256 votingEnd = _roundDown(end);
        return votingEnd > t ? (amount / MAX_LOCK_DURATION) * (votingEnd - t) : 0;
    }

    function _roundDown(uint256 time) private pure returns (uint256) {
        return (time / WEEK) * WEEK;
    }

    function _checkDuration(uint256 duration) private pure {
        if (duration < MIN_LOCK_DURATION || duration > MAX_LOCK_DURATION) {
            revert VoteEscrowInvalidDuration(duration, MIN_LOCK_DURATION, MAX_LOCK_DURATION);
        }
    }
}
