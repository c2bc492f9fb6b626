// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GuildToken} from "../../src/GuildToken.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";
import {InvariantCounts, InvariantHandler} from "../utils/InvariantHandler.sol";

/**
 * @dev Random locks, top-ups, extensions, delegations, withdrawals and time travel. The handler keeps its own model of
 * every lock (amount and unlock time, from what it deposited) and chooses a locker for which the call is valid, so
 * the escrow must accept it; when no locker qualifies it makes the call anyway and expects the escrow's exact refusal
 * (a second lock, a top-up of an expired lock, an extension that is not later, an early withdrawal). After each call
 * that moves time it records the total power and one locker's votes, for the invariants to read back later.
 */
contract EscrowHandler is InvariantHandler {
    uint256 internal constant WEEK = 1 weeks;

    GuildToken internal immutable token;
    VoteEscrow internal immutable escrow;

    address[] public lockers;
    /// @dev The model: what each locker deposited and until when, as the handler computed it.
    mapping(address locker => uint256) public lockedOf;
    mapping(address locker => uint256) public unlockOf;

    constructor(GuildToken token_, VoteEscrow escrow_, address source) {
        (token, escrow) = (token_, escrow_);
        for (uint256 i = 0; i < 5; i++) {
            address locker = makeAddr(string.concat("locker", vm.toString(i)));
            lockers.push(locker);
            vm.prank(source);
            token.transfer(locker, 1_000_000_000e18);
            vm.prank(locker);
            token.approve(address(escrow), type(uint256).max);
        }
        _action(this.createLock.selector, "createLock", 1);
        _action(this.increaseAmount.selector, "increaseAmount", 1);
        _action(this.extendLock.selector, "extendLock", 1);
        _action(this.withdraw.selector, "withdraw", 1);
        _action(this.delegate.selector, "delegate", 1);
        _action(this.warp.selector, "warp", 1);
    }

    function lockerCount() external view returns (uint256) {
        return lockers.length;
    }

    /// @dev The first locker from `who` on without a lock creates one; if all have one, a second lock is refused.
    function createLock(uint256 who, uint96 amount, uint32 duration) external {
        (address locker, bool found) = _find(who, _hasNoLock);
        amount = uint96(_bound(amount, 1, 1_000_000e18));
        duration = uint32(_bound(duration, escrow.MIN_LOCK_DURATION(), escrow.MAX_LOCK_DURATION()));
        uint256 balance = token.balanceOf(locker);
        if (!found) _refuse("createLock", abi.encodeWithSelector(VoteEscrow.VoteEscrowLockExists.selector, locker));
        vm.prank(locker);
        escrow.createLock(amount, duration);
        if (!found) return;
        (lockedOf[locker], unlockOf[locker]) = (amount, _roundDown(block.timestamp + duration));
        assertEq(balance - token.balanceOf(locker), amount, "the lock took exactly the amount");
        _ok("createLock");
    }

    /// @dev The first locker from `who` on with an unexpired lock adds to it; with none, the top-up is refused.
    function increaseAmount(uint256 who, uint96 amount) external {
        (address locker, bool found) = _find(who, _hasActiveLock);
        amount = uint96(_bound(amount, 1, 1_000_000e18));
        if (!found) {
            _refuse(
                "increaseAmount",
                lockedOf[locker] == 0
                    ? abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, locker)
                    : abi.encodeWithSelector(VoteEscrow.VoteEscrowLockExpired.selector, locker, unlockOf[locker])
            );
        }
        vm.prank(locker);
        escrow.increaseAmount(amount);
        if (!found) return;
        lockedOf[locker] += amount;
        _ok("increaseAmount");
    }

    /// @dev The first locker from `who` on whose lock can still end a week later extends it (expired locks too);
    /// with none, an extension that is not later is refused.
    function extendLock(uint256 who, uint32 duration) external {
        (address locker, bool found) = _find(who, _canExtend);
        uint256 max = escrow.MAX_LOCK_DURATION();
        if (!found) {
            duration = uint32(_bound(duration, escrow.MIN_LOCK_DURATION(), max));
            _refuse(
                "extendLock",
                lockedOf[locker] == 0
                    ? abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, locker)
                    : abi.encodeWithSelector(
                        VoteEscrow.VoteEscrowEndNotLater.selector,
                        _roundDown(block.timestamp + duration),
                        unlockOf[locker]
                    )
            );
        } else {
            duration = uint32(_bound(duration, _shortestExtension(locker), max));
        }
        vm.prank(locker);
        escrow.extendLock(duration);
        if (!found) return;
        unlockOf[locker] = _roundDown(block.timestamp + duration);
        _ok("extendLock");
    }

    /**
     * @dev The first locker from `who` on with an expired lock withdraws it. If none has expired and `wait`, time runs
     * to the earliest unlock and that locker withdraws; otherwise the early withdrawal is refused.
     */
    function withdraw(uint256 who, bool wait) external {
        (address locker, bool found) = _find(who, _hasExpiredLock);
        if (!found && wait) {
            (locker, found) = _earliestUnlock();
            if (found) _advance(unlockOf[locker]);
        }
        uint256 balance = token.balanceOf(locker);
        if (!found) {
            _refuse(
                "withdraw",
                lockedOf[locker] == 0
                    ? abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, locker)
                    : abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, locker, unlockOf[locker])
            );
        }
        vm.prank(locker);
        escrow.withdraw();
        if (!found) return;
        assertEq(token.balanceOf(locker) - balance, lockedOf[locker], "the withdrawal returned the whole lock");
        (lockedOf[locker], unlockOf[locker]) = (0, 0);
        _ok("withdraw");
    }

    function delegate(uint256 who, uint256 to) external {
        vm.prank(lockers[who % lockers.length]);
        escrow.delegate(lockers[to % lockers.length]);
        _ok("delegate");
    }

    function warp(uint32 seconds_) external {
        _advance(block.timestamp + _bound(seconds_, 1, 200 days));
        _ok("warp");
    }

    struct Record {
        uint256 time;
        uint256 total;
        uint256 firstLockerVotes;
    }

    Record[] internal records;

    function recordCount() external view returns (uint256) {
        return records.length;
    }

    function recordAt(uint256 i) external view returns (Record memory) {
        return records[i];
    }

    /// @dev Records what the escrow says now (read back through getPast* once time has moved on), then moves to `to`.
    function _advance(uint256 to) private {
        records.push(Record(block.timestamp, escrow.getTotalVotes(), escrow.getVotes(lockers[0])));
        vm.warp(to);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- the model's predicates

    function _hasNoLock(address locker) private view returns (bool) {
        return lockedOf[locker] == 0;
    }

    function _hasActiveLock(address locker) private view returns (bool) {
        return lockedOf[locker] != 0 && unlockOf[locker] > block.timestamp;
    }

    function _hasExpiredLock(address locker) private view returns (bool) {
        return lockedOf[locker] != 0 && unlockOf[locker] <= block.timestamp;
    }

    function _canExtend(address locker) private view returns (bool) {
        return lockedOf[locker] != 0 && _shortestExtension(locker) <= escrow.MAX_LOCK_DURATION();
    }

    /// @dev The shortest duration whose (week-rounded) end is after `locker`'s current unlock time.
    function _shortestExtension(address locker) private view returns (uint256) {
        uint256 next = _roundDown(unlockOf[locker]) + WEEK;
        uint256 min = escrow.MIN_LOCK_DURATION();
        return next > block.timestamp + min ? next - block.timestamp : min;
    }

    /// @dev The first locker from `who` on that satisfies `ok`, or `who`'s own locker if none does.
    function _find(uint256 who, function(address) view returns (bool) ok) private view returns (address, bool) {
        uint256 n = lockers.length;
        for (uint256 k = 0; k < n; k++) {
            address locker = lockers[(who % n + k) % n];
            if (ok(locker)) return (locker, true);
        }
        return (lockers[who % n], false);
    }

    function _earliestUnlock() private view returns (address locker, bool found) {
        for (uint256 i = 0; i < lockers.length; i++) {
            address l = lockers[i];
            if (lockedOf[l] != 0 && (!found || unlockOf[l] < unlockOf[locker])) (locker, found) = (l, true);
        }
    }

    function _roundDown(uint256 time) private pure returns (uint256) {
        return (time / WEEK) * WEEK;
    }
}

contract EscrowInvariantsTest is GuildTestBase, InvariantCounts {
    EscrowHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new EscrowHandler(token, escrow, address(d.treasuryVesting));
        _target(handler);
    }

    /// @dev The escrow's locks are exactly what the handler deposited, extended and withdrew: an early withdrawal or a
    /// lost deposit shows up here (and the handler expects the escrow to refuse every early withdrawal it tries).
    function invariant_LocksAreWhatWasDeposited() public view {
        uint256 locked;
        for (uint256 i = 0; i < handler.lockerCount(); i++) {
            address locker = handler.lockers(i);
            (uint256 amount, uint256 end,) = escrow.lockOf(locker);
            assertEq(amount, handler.lockedOf(locker), "locked amount");
            assertEq(end, handler.unlockOf(locker), "unlock time");
            assertEq(token.balanceOf(locker) + amount, 1_000_000_000e18, "a locker's tokens are held or locked");
            locked += amount;
        }
        assertEq(token.balanceOf(address(escrow)), locked, "the escrow holds every lock and nothing else");
    }

    function invariant_EscrowHoldsEveryLockAndVotesAddUp() public view {
        uint256 locked;
        uint256 power;
        uint256 delegated;
        for (uint256 i = 0; i < handler.lockerCount(); i++) {
            address locker = handler.lockers(i);
            (uint256 amount, uint256 end, uint256 p) = escrow.lockOf(locker);
            uint256 remaining = end > block.timestamp ? end - block.timestamp : 0;
            assertLe(p, (amount * remaining) / escrow.MAX_LOCK_DURATION(), "power <= amount x remaining time / 4y");
            if (remaining == 0) assertEq(p, 0, "an expired lock has no power");
            locked += amount;
            power += p;
            delegated += escrow.getVotes(locker);
        }
        assertEq(token.balanceOf(address(escrow)), locked);
        assertEq(escrow.getTotalVotes(), power);
        assertEq(delegated, power);
        assertLe(token.totalSupply(), token.CAP());
    }

    /// @dev History never changes: what the escrow said at a time is what getPast* says about that time later. Each
    /// lookup walks up to 210 weeks of slope changes, so after every call this reads the latest records, and at the
    /// end of each run all of them.
    function invariant_PastVotesMatchWhatWasSeen() public view {
        uint256 n = handler.recordCount();
        _checkRecords(n > 4 ? n - 4 : 0, n);
    }

    function _checkRecords(uint256 from, uint256 to) private view {
        for (uint256 i = from; i < to; i++) {
            EscrowHandler.Record memory r = handler.recordAt(i);
            if (r.time >= block.timestamp) continue;
            assertEq(escrow.getPastTotalSupply(r.time), r.total);
            assertEq(escrow.getPastVotes(handler.lockers(0), r.time), r.firstLockerVotes);
        }
    }

    function afterInvariant() external view {
        _checkRecords(0, handler.recordCount());
        _assertEachActionRan(handler);
    }
}
