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
 * @notice Locks $AGI for 1 week to 4 years in exchange for voting power. One lock per account: it can be topped
 * up and extended, and withdrawn only once it has expired.
 *
 * @dev Voting power is fixed when tokens are locked, not decaying: a deposit of `amount` for `duration` seconds
 * adds `amount * duration / MAX_LOCK_DURATION` (4 years of lock: one vote per token). Extending a lock re-prices the
 * whole amount over the new remaining duration and keeps the higher of that and the current power. Power stays
 * until the lock is withdrawn or, once expired, until anyone calls {kick}; a keeper kicks expired locks so expired
 * tokens stop voting.
 *
 * Votes follow {EscrowVotes}: ERC-5805 over a block-number ERC-6372 clock, self-delegation by default.
 * Authorised lock creators (the LicenseRegistry) can lock tokens for another account with {lockFor}.
 */
contract VoteEscrow is EscrowVotes, Ownable, ReentrancyGuardTransient, IVoteEscrowLocker {
    using SafeERC20 for IERC20;

    /// @notice The shortest lock: one week.
    uint256 public constant MIN_LOCK_DURATION = 1 weeks;
    /// @notice The longest lock: four years of 365 days.
    uint256 public constant MAX_LOCK_DURATION = 4 * 365 days;

    struct Lock {
        uint96 amount;
        uint48 end;
        uint96 power;
    }

    IERC20 private immutable _token;
    mapping(address account => Lock) private _locks;
    mapping(address creator => bool) private _lockCreators;

    /// @notice Emitted when `account`'s lock changes through a deposit or an extension; `funder` paid `added`.
    /// @param account The lock owner.
    /// @param funder The account that paid the added tokens.
    /// @param added The $AGI added (wei).
    /// @param amount The locked total after the change (wei).
    /// @param end The unlock time (seconds).
    /// @param power The voting power.
    event Locked(
        address indexed account, address indexed funder, uint256 added, uint256 amount, uint256 end, uint256 power
    );
    /// @notice Emitted when `account` withdraws its expired lock of `amount`.
    /// @param account The account.
    /// @param amount The $AGI returned (wei).
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when `caller` removes the `power` of `account`'s expired lock.
    /// @param account The lock owner.
    /// @param caller The account that called.
    /// @param power The power removed.
    event Kicked(address indexed account, address indexed caller, uint256 power);
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
    /// @dev `account`'s expired lock has no power left.
    error VoteEscrowNothingToKick(address account);

    /// @dev Locks `lockedToken`; `initialOwner` (the Timelock, or the deployer during wiring) manages lock creators.
    constructor(IERC20 lockedToken, address initialOwner) EIP712("VoteEscrow", "1") Ownable(initialOwner) {
        _token = lockedToken;
    }

    /// @notice The locked token ($AGI).
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IVoteEscrowLocker
    function lockOf(address account) external view returns (uint256 amount, uint256 end, uint256 power) {
        Lock memory lock = _locks[account];
        return (lock.amount, lock.end, lock.power);
    }

    /// @notice Whether `creator` may call {lockFor}.
    /// @param creator The contract allowed or disallowed to lock for others.
    function isLockCreator(address creator) external view returns (bool) {
        return _lockCreators[creator];
    }

    /**
     * @notice Locks `amount` of the caller's $AGI for `duration` seconds.
     * @dev The caller must have no lock (or a withdrawn one) and have approved `amount`. Emits {Locked}.
     * @param amount An amount of $AGI (wei).
     * @param duration The lock duration in seconds.
     */
    function createLock(uint256 amount, uint256 duration) external nonReentrant {
        if (amount == 0) revert VoteEscrowZeroAmount();
        _checkDuration(duration);
        if (_locks[msg.sender].amount != 0) revert VoteEscrowLockExists(msg.sender);
        _deposit(msg.sender, msg.sender, amount, block.timestamp + duration);
    }

    /**
     * @notice Adds `amount` of the caller's $AGI to its active lock, keeping the end.
     * @dev The added tokens earn power for the remaining duration. Emits {Locked}.
     * @param amount An amount of $AGI (wei).
     */
    function increaseAmount(uint256 amount) external nonReentrant {
        if (amount == 0) revert VoteEscrowZeroAmount();
        Lock memory lock = _activeLock(msg.sender);
        _deposit(msg.sender, msg.sender, amount, lock.end);
    }

    /**
     * @notice Moves the end of the caller's lock to `duration` seconds from now; it must be later than the
     * current end. Works on an expired, not yet withdrawn lock too.
     * @dev Emits {Locked} with `added` zero.
     * @param duration The lock duration in seconds.
     */
    function extendLock(uint256 duration) external nonReentrant {
        _checkDuration(duration);
        Lock memory lock = _locks[msg.sender];
        if (lock.amount == 0) revert VoteEscrowNoLock(msg.sender);
        uint256 end = block.timestamp + duration;
        if (end <= lock.end) revert VoteEscrowEndNotLater(end, lock.end);
        _deposit(msg.sender, msg.sender, 0, end);
    }

    /**
     * @inheritdoc IVoteEscrowLocker
     * @dev Only lock creators. Creates the lock, or tops it up and moves its end to `end` when that is later.
     * `end` must be in the future and at most MAX_LOCK_DURATION away; unlike {createLock} there is no one-week
     * minimum, so a licence can be topped up in its last days (the registry enforces its own minimum term).
     * The caller must have approved `amount`. Emits {Locked}.
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
     * @dev Removes its remaining power. Emits {Withdrawn}.
     */
    function withdraw() external nonReentrant {
        Lock memory lock = _locks[msg.sender];
        if (lock.amount == 0) revert VoteEscrowNoLock(msg.sender);
        if (block.timestamp < lock.end) revert VoteEscrowLockNotExpired(msg.sender, lock.end);
        delete _locks[msg.sender];
        _moveVotingUnits(msg.sender, lock.power, false);
        emit Withdrawn(msg.sender, lock.amount);
        _token.safeTransfer(msg.sender, lock.amount);
    }

    /**
     * @notice Removes the voting power of `account`'s expired lock; the tokens stay withdrawable.
     * @dev Anyone may call it. Emits {Kicked}.
     * @param account The owner of the expired lock.
     */
    function kick(address account) external {
        Lock memory lock = _locks[account];
        if (lock.amount == 0) revert VoteEscrowNoLock(account);
        if (block.timestamp < lock.end) revert VoteEscrowLockNotExpired(account, lock.end);
        if (lock.power == 0) revert VoteEscrowNothingToKick(account);
        _locks[account].power = 0;
        _moveVotingUnits(account, lock.power, false);
        emit Kicked(account, msg.sender, lock.power);
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

    /// @notice An account's voting units: its lock's power. See {EscrowVotes-_votingUnits}.
    /// @param account The account.
    function _votingUnits(address account) internal view override returns (uint256) {
        return _locks[account].power;
    }

    /**
     * @dev Adds `added` tokens from `funder` to `account`'s lock and sets its end to `end` (never earlier than
     * now + MIN or the current end, as checked by callers). Re-prices power as documented above.
     */
    function _deposit(address account, address funder, uint256 added, uint256 end) private {
        Lock memory lock = _locks[account];
        uint256 remaining = end - block.timestamp;
        uint256 power = lock.power;
        if (end != lock.end && lock.amount != 0) {
            uint256 repriced = (uint256(lock.amount) * remaining) / MAX_LOCK_DURATION;
            if (repriced > power) power = repriced;
        }
        power += (added * remaining) / MAX_LOCK_DURATION;
        uint256 amount = lock.amount + added;

        uint256 oldPower = lock.power;
        _locks[account] = Lock(SafeCast.toUint96(amount), SafeCast.toUint48(end), SafeCast.toUint96(power));
        _moveVotingUnits(account, power - oldPower, true);
        emit Locked(account, funder, added, amount, end, power);
        if (added != 0) _token.safeTransferFrom(funder, address(this), added);
    }

    function _activeLock(address account) private view returns (Lock memory lock) {
        lock = _locks[account];
        if (lock.amount == 0) revert VoteEscrowNoLock(account);
        if (lock.end <= block.timestamp) revert VoteEscrowLockExpired(account, lock.end);
    }

    function _checkDuration(uint256 duration) private pure {
        if (duration < MIN_LOCK_DURATION || duration > MAX_LOCK_DURATION) {
            revert VoteEscrowInvalidDuration(duration, MIN_LOCK_DURATION, MAX_LOCK_DURATION);
        }
    }
}
