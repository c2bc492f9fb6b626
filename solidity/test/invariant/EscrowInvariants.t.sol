// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";

/// @dev Random locks, top-ups, extensions, delegations, withdrawals (early ones included) and time travel. After each
/// call it records the total power and one locker's votes at that time, so the invariants can read them back later.
contract EscrowHandler is Test {
    GuildToken internal immutable token;
    VoteEscrow internal immutable escrow;
    address internal immutable source;

    address[] public lockers;
    bool public withdrewBeforeUnlock;
    uint256 public withdrawals;

    constructor(GuildToken token_, VoteEscrow escrow_, address source_) {
        (token, escrow, source) = (token_, escrow_, source_);
        for (uint256 i = 0; i < 5; i++) {
            address locker = makeAddr(string.concat("locker", vm.toString(i)));
            lockers.push(locker);
            vm.prank(source);
            token.transfer(locker, 1_000_000_000e18);
            vm.prank(locker);
            token.approve(address(escrow), type(uint256).max);
        }
    }

    function lockerCount() external view returns (uint256) {
        return lockers.length;
    }

    function createLock(uint256 who, uint96 amount, uint32 duration) external {
        address locker = lockers[who % lockers.length];
        vm.prank(locker);
        try escrow.createLock(bound(amount, 1, 10_000_000e18), bound(duration, 1 weeks, 4 * 365 days)) {} catch {}
    }

    function increaseAmount(uint256 who, uint96 amount) external {
        vm.prank(lockers[who % lockers.length]);
        try escrow.increaseAmount(bound(amount, 1, 10_000_000e18)) {} catch {}
    }

    function extendLock(uint256 who, uint32 duration) external {
        vm.prank(lockers[who % lockers.length]);
        try escrow.extendLock(bound(duration, 1 weeks, 4 * 365 days)) {} catch {}
    }

    function withdraw(uint256 who) external {
        address locker = lockers[who % lockers.length];
        (, uint256 end,) = escrow.lockOf(locker);
        vm.prank(locker);
        try escrow.withdraw() {
            if (block.timestamp < end) withdrewBeforeUnlock = true;
            withdrawals++;
        } catch {}
    }

    function delegate(uint256 who, uint256 to) external {
        vm.prank(lockers[who % lockers.length]);
        escrow.delegate(lockers[to % lockers.length]);
    }

    function warp(uint32 seconds_) external {
        _record();
        vm.warp(block.timestamp + bound(seconds_, 1, 200 days));
        vm.roll(block.number + 1);
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

    /// @dev What the escrow says now; read back through getPast* once time has moved on.
    function _record() private {
        records.push(Record(block.timestamp, escrow.getTotalVotes(), escrow.getVotes(lockers[0])));
    }
}

contract EscrowInvariantsTest is GuildTestBase {
    EscrowHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new EscrowHandler(token, escrow, address(d.treasuryVesting));
        targetContract(address(handler));
    }

    function invariant_NoWithdrawalBeforeUnlock() public view {
        assertFalse(handler.withdrewBeforeUnlock());
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

    /// @dev History never changes: what the escrow said at a time is what getPast* says about that time later.
    function invariant_PastVotesMatchWhatWasSeen() public view {
        uint256 n = handler.recordCount();
        for (uint256 i = 0; i < n; i++) {
            EscrowHandler.Record memory r = handler.recordAt(i);
            if (r.time >= block.timestamp) continue;
            assertEq(escrow.getPastTotalSupply(r.time), r.total);
            assertEq(escrow.getPastVotes(handler.lockers(0), r.time), r.firstLockerVotes);
        }
    }
}
