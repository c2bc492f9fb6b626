// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {VoteEscrow} from "../src/VoteEscrow.sol";
import {EscrowVotes} from "../src/votes/EscrowVotes.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";

contract VoteEscrowTest is GuildTestBase {
    uint256 internal constant MAX = 4 * 365 days;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal creator = makeAddr("creator");

    uint256 internal constant WEEK = 1 weeks;

    function test_Clock_IsTheTimestamp() public view {
        assertEq(escrow.clock(), block.timestamp);
        assertEq(escrow.CLOCK_MODE(), "mode=timestamp");
    }

    function test_CreateLock_PowerIsSlopeTimesRemainingTimeAndDecays() public {
        uint256 end = _end(MAX / 2);
        uint256 slope = uint256(1000e18) / MAX;
        _give(alice, 1000e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 1000e18);
        vm.expectEmit(address(escrow));
        emit VoteEscrow.Locked(alice, alice, 1000e18, 1000e18, end, slope * (end - block.timestamp));
        escrow.createLock(1000e18, MAX / 2);
        vm.stopPrank();
        (uint256 amount, uint256 lockEnd, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 1000e18);
        assertEq(lockEnd, end);
        assertEq(lockEnd % WEEK, 0, "ends fall on week boundaries");
        assertEq(power, slope * (end - block.timestamp));
        assertApproxEqRel(power, 500e18, 0.01e18);
        assertEq(escrow.getVotes(alice), power, "self-delegated by default");
        assertEq(escrow.delegates(alice), alice);
        assertEq(escrow.getTotalVotes(), power);
        assertEq(token.balanceOf(address(escrow)), 1000e18);

        // Power falls linearly as the lock runs down.
        vm.warp(block.timestamp + MAX / 4);
        assertEq(escrow.getVotes(alice), slope * (end - block.timestamp));
        assertEq(escrow.getTotalVotes(), slope * (end - block.timestamp));
        vm.warp(end - 1);
        assertEq(escrow.getVotes(alice), slope);
        vm.warp(end);
        assertEq(escrow.getVotes(alice), 0, "nothing at the end, without a keeper");
        assertEq(escrow.getTotalVotes(), 0);
    }

    function test_PreviewLock_MatchesCreateLock() public {
        (uint256 end, uint256 power) = escrow.previewLock(7e18, 30 days);
        _lock(alice, 7e18, 30 days);
        (, uint256 lockEnd, uint256 lockPower) = escrow.lockOf(alice);
        assertEq(end, lockEnd);
        assertEq(power, lockPower);
    }

    function test_CreateLock_DustHasNoPower() public {
        _lock(alice, MAX - 1, MAX);
        assertEq(escrow.getVotes(alice), 0);
        (uint256 amount,,) = escrow.lockOf(alice);
        assertEq(amount, MAX - 1);
    }

    function test_RevertWhen_CreateLockZero() public {
        vm.expectRevert(VoteEscrow.VoteEscrowZeroAmount.selector);
        vm.prank(alice);
        escrow.createLock(0, 1 weeks);
    }

    function test_RevertWhen_CreateLockDurationOutOfRange() public {
        _give(alice, 10e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(VoteEscrow.VoteEscrowInvalidDuration.selector, 1 weeks - 1, 1 weeks, MAX)
        );
        escrow.createLock(1e18, 1 weeks - 1);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowInvalidDuration.selector, MAX + 1, 1 weeks, MAX));
        escrow.createLock(1e18, MAX + 1);
        vm.stopPrank();
    }

    function test_RevertWhen_CreateLockTwice() public {
        _lock(alice, 1e18, 1 weeks);
        _give(alice, 1e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 1e18);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockExists.selector, alice));
        escrow.createLock(1e18, 1 weeks);
        vm.stopPrank();
    }

    function test_IncreaseAmount_AddsPowerForTheRemainingTime() public {
        _lock(alice, 100e18, MAX);
        (, uint256 end,) = escrow.lockOf(alice);
        vm.warp(block.timestamp + MAX / 2);
        _give(alice, 100e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 100e18);
        escrow.increaseAmount(100e18);
        vm.stopPrank();
        (uint256 amount,, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 200e18);
        assertEq(power, (uint256(200e18) / MAX) * (end - block.timestamp));
        assertEq(escrow.getVotes(alice), power);
    }

    function test_RevertWhen_IncreaseAmountWithoutLock() public {
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, alice));
        vm.prank(alice);
        escrow.increaseAmount(1);
    }

    function test_RevertWhen_IncreaseAmountZero() public {
        vm.expectRevert(VoteEscrow.VoteEscrowZeroAmount.selector);
        vm.prank(alice);
        escrow.increaseAmount(0);
    }

    function test_RevertWhen_IncreaseAmountAfterExpiry() public {
        _lock(alice, 1e18, 1 weeks);
        (, uint256 end,) = escrow.lockOf(alice);
        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockExpired.selector, alice, end));
        vm.prank(alice);
        escrow.increaseAmount(1);
    }

    function test_ExtendLock_RepricesAtTheNewRemainingTimeOnly() public {
        _lock(alice, 100e18, MAX / 4);
        uint256 slope = uint256(100e18) / MAX;
        vm.prank(alice);
        escrow.extendLock(MAX);
        (, uint256 end,) = escrow.lockOf(alice);
        assertEq(end, _end(MAX));
        assertEq(escrow.getVotes(alice), slope * (end - block.timestamp));

        // Much later, a short extension past the end gives only the short remaining time's power.
        vm.warp(end - 1 days);
        vm.prank(alice);
        escrow.extendLock(2 weeks);
        (, end,) = escrow.lockOf(alice);
        assertEq(escrow.getVotes(alice), slope * (end - block.timestamp));
        assertLe(escrow.getVotes(alice), (uint256(100e18) * 2 weeks) / MAX);
    }

    function test_ExtendLock_RevivesAnExpiredLock() public {
        _lock(alice, 100e18, 1 weeks);
        vm.warp(block.timestamp + 2 weeks);
        assertEq(escrow.getVotes(alice), 0);
        vm.prank(alice);
        escrow.extendLock(MAX / 2);
        (, uint256 end,) = escrow.lockOf(alice);
        assertEq(escrow.getVotes(alice), (uint256(100e18) / MAX) * (end - block.timestamp));
        assertEq(escrow.getTotalVotes(), escrow.getVotes(alice));
    }

    function test_RevertWhen_ExtendLockNotLater() public {
        _lock(alice, 1e18, MAX / 2);
        (, uint256 end,) = escrow.lockOf(alice);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowEndNotLater.selector, _end(1 weeks), end));
        vm.prank(alice);
        escrow.extendLock(1 weeks);
    }

    function test_RevertWhen_ExtendLockWithoutLock() public {
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, alice));
        vm.prank(alice);
        escrow.extendLock(1 weeks);
    }

    function test_RevertWhen_ExtendLockBeyondMax() public {
        _lock(alice, 1e18, 1 weeks);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowInvalidDuration.selector, MAX + 1, 1 weeks, MAX));
        vm.prank(alice);
        escrow.extendLock(MAX + 1);
    }

    function test_Withdraw_AfterExpiry() public {
        _lock(alice, 10e18, 1 weeks);
        (, uint256 end,) = escrow.lockOf(alice);
        vm.warp(end);
        vm.expectEmit(address(escrow));
        emit VoteEscrow.Withdrawn(alice, 10e18);
        vm.prank(alice);
        escrow.withdraw();
        assertEq(token.balanceOf(alice), 10e18);
        assertEq(escrow.getVotes(alice), 0);
        assertEq(escrow.getTotalVotes(), 0);
        (uint256 amount,,) = escrow.lockOf(alice);
        assertEq(amount, 0);
    }

    function test_RevertWhen_WithdrawBeforeExpiry() public {
        _lock(alice, 10e18, 1 weeks);
        (, uint256 end,) = escrow.lockOf(alice);
        vm.warp(end - 1);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, alice, end));
        vm.prank(alice);
        escrow.withdraw();
    }

    function test_RevertWhen_WithdrawWithoutLock() public {
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, alice));
        vm.prank(alice);
        escrow.withdraw();
    }

    function test_LockFor_CreatesExtendsAndTopsUp_VotingStopsAtTheWeekBeforeTheEnd() public {
        vm.prank(address(timelock));
        escrow.setLockCreator(creator, true);
        assertTrue(escrow.isLockCreator(creator));
        _give(creator, 300e18);
        vm.startPrank(creator);
        token.approve(address(escrow), 300e18);
        uint256 expiry = block.timestamp + 365 days;
        escrow.lockFor(alice, 100e18, expiry);
        (uint256 amount, uint256 end, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 100e18);
        assertEq(end, expiry, "a licence lock lasts exactly until the licence expires");
        assertEq(power, (uint256(100e18) / MAX) * ((end / WEEK) * WEEK - block.timestamp));

        // A shorter end keeps the current end; the deposit earns power for the remaining time.
        vm.warp(block.timestamp + 100 days);
        escrow.lockFor(alice, 100e18, block.timestamp + 1 weeks);
        (amount, end, power) = escrow.lockOf(alice);
        assertEq(amount, 200e18);
        assertEq(end, expiry);
        assertEq(power, (uint256(200e18) / MAX) * ((end / WEEK) * WEEK - block.timestamp));

        // Amount zero only extends.
        escrow.lockFor(alice, 0, block.timestamp + MAX);
        (amount, end, power) = escrow.lockOf(alice);
        assertEq(end, block.timestamp + MAX);
        assertEq(power, (uint256(200e18) / MAX) * ((end / WEEK) * WEEK - block.timestamp));
        vm.warp((end / WEEK) * WEEK);
        assertEq(escrow.getVotes(alice), 0, "no power in the last partial week");
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, alice, end));
        vm.stopPrank();
        vm.prank(alice);
        escrow.withdraw();
        vm.startPrank(creator);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 0);
    }

    function test_RevertWhen_LockForByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowUnauthorizedCreator.selector, bob));
        vm.prank(bob);
        escrow.lockFor(alice, 1, block.timestamp + 1 weeks);
    }

    function test_RevertWhen_LockForZeroWithoutLock() public {
        vm.prank(address(timelock));
        escrow.setLockCreator(creator, true);
        vm.expectRevert(VoteEscrow.VoteEscrowZeroAmount.selector);
        vm.prank(creator);
        escrow.lockFor(alice, 0, block.timestamp + 1 weeks);
    }

    function test_RevertWhen_LockForEndOutOfRange() public {
        vm.prank(address(timelock));
        escrow.setLockCreator(creator, true);
        vm.startPrank(creator);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowInvalidDuration.selector, 0, 1, MAX));
        escrow.lockFor(alice, 1, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowInvalidDuration.selector, MAX + 1, 1, MAX));
        escrow.lockFor(alice, 1, block.timestamp + MAX + 1);
        vm.stopPrank();
    }

    function test_RevertWhen_SetLockCreatorByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        vm.prank(bob);
        escrow.setLockCreator(bob, true);
    }

    function test_Delegate_MovesDecayingVotesAndBack() public {
        _lock(alice, 100e18, MAX);
        _lock(bob, 50e18, 10 weeks);
        (, uint256 aliceEnd,) = escrow.lockOf(alice);
        (, uint256 bobEnd,) = escrow.lockOf(bob);
        uint256 aliceSlope = uint256(100e18) / MAX;
        uint256 bobSlope = uint256(50e18) / MAX;
        vm.expectEmit(address(escrow));
        emit IVotes.DelegateChanged(alice, alice, bob);
        vm.prank(alice);
        escrow.delegate(bob);
        assertEq(escrow.delegates(alice), bob);
        assertEq(escrow.getVotes(alice), 0);
        assertEq(
            escrow.getVotes(bob), aliceSlope * (aliceEnd - block.timestamp) + bobSlope * (bobEnd - block.timestamp)
        );

        // Bob's own lock ends first: from then on he carries only Alice's decaying power.
        vm.warp(bobEnd + 3 days);
        assertEq(escrow.getVotes(bob), aliceSlope * (aliceEnd - block.timestamp));
        assertEq(escrow.getTotalVotes(), aliceSlope * (aliceEnd - block.timestamp));

        // Later deposits follow the delegate; taking the votes back moves them all.
        _give(alice, 100e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 100e18);
        escrow.increaseAmount(100e18);
        assertEq(escrow.getVotes(bob), (uint256(200e18) / MAX) * (aliceEnd - block.timestamp));
        escrow.delegate(alice);
        vm.stopPrank();
        assertEq(escrow.getVotes(bob), 0);
        assertEq(escrow.getVotes(alice), (uint256(200e18) / MAX) * (aliceEnd - block.timestamp));
        assertEq(escrow.delegates(alice), alice);
    }

    function test_Delegate_ExpiredLockMovesNothing() public {
        _lock(alice, 100e18, 1 weeks);
        vm.warp(block.timestamp + 2 weeks);
        vm.prank(alice);
        escrow.delegate(bob);
        assertEq(escrow.getVotes(bob), 0);
        assertEq(escrow.getTotalVotes(), 0);
    }

    function test_RevertWhen_DelegateToZero() public {
        vm.expectRevert(EscrowVotes.EscrowVotesInvalidDelegatee.selector);
        vm.prank(alice);
        escrow.delegate(address(0));
    }

    function test_DelegateBySig() public {
        (address signer, uint256 key) = makeAddrAndKey("signer");
        _lock(signer, 10e18, MAX);
        uint256 expiry = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(key, bob, 0, expiry);
        escrow.delegateBySig(bob, 0, expiry, v, r, s);
        (,, uint256 power) = escrow.lockOf(signer);
        assertGt(power, 0);
        assertEq(escrow.getVotes(bob), power);
        assertEq(escrow.getVotes(signer), 0);
        assertEq(escrow.nonces(signer), 1);

        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, signer, 1));
        escrow.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_RevertWhen_DelegateBySigExpired() public {
        (, uint256 key) = makeAddrAndKey("signer");
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(key, bob, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        escrow.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_GetPastVotes_ReadsDecayedHistory() public {
        uint256 start = block.timestamp;
        _lock(alice, 100e18, MAX);
        (, uint256 end,) = escrow.lockOf(alice);
        uint256 slope = uint256(100e18) / MAX;
        vm.warp(start + 10 days);
        vm.prank(alice);
        escrow.delegate(bob);
        vm.warp(start + 20 weeks);
        assertEq(escrow.getPastVotes(alice, start - 1), 0);
        assertEq(escrow.getPastVotes(alice, start), slope * (end - start));
        assertEq(escrow.getPastVotes(alice, start + 10 days - 1), slope * (end - start - 10 days + 1));
        assertEq(escrow.getPastVotes(alice, start + 10 days), 0);
        assertEq(escrow.getPastVotes(bob, start + 10 days), slope * (end - start - 10 days));
        assertEq(escrow.getPastVotes(bob, start + 19 weeks), slope * (end - start - 19 weeks));
        assertEq(escrow.getPastTotalSupply(start), slope * (end - start));
        assertEq(escrow.getPastTotalSupply(start + 3 weeks), slope * (end - start - 3 weeks));
        assertEq(escrow.getPastTotalSupply(start - 1), 0);
    }

    function test_GetPastVotes_AcrossManyLockEnds() public {
        // Locks of several lengths delegated to one account; its past power is the sum of what each was worth then.
        address[5] memory lockers = [makeAddr("l0"), makeAddr("l1"), makeAddr("l2"), makeAddr("l3"), makeAddr("l4")];
        uint256 start = block.timestamp;
        uint256[5] memory ends;
        for (uint256 i = 0; i < 5; i++) {
            _lock(lockers[i], (i + 1) * 1000e18, (i + 1) * 5 weeks);
            (, ends[i],) = escrow.lockOf(lockers[i]);
            vm.prank(lockers[i]);
            escrow.delegate(bob);
        }
        vm.warp(start + 40 weeks);
        for (uint256 t = start; t < start + 30 weeks; t += 3 days) {
            uint256 expected;
            for (uint256 i = 0; i < 5; i++) {
                if (ends[i] > t) expected += ((i + 1) * uint256(1000e18) / MAX) * (ends[i] - t);
            }
            assertEq(escrow.getPastVotes(bob, t), expected);
            assertEq(escrow.getPastTotalSupply(t), expected);
        }
        assertEq(escrow.getVotes(bob), 0);
    }

    function test_RevertWhen_GetPastVotesAtOrAfterNow() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                EscrowVotes.EscrowVotesFutureLookup.selector, block.timestamp, uint48(block.timestamp)
            )
        );
        escrow.getPastVotes(alice, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                EscrowVotes.EscrowVotesFutureLookup.selector, block.timestamp, uint48(block.timestamp)
            )
        );
        escrow.getPastTotalSupply(block.timestamp);
    }

    function testFuzz_PowerBoundedByAmountTimesRemainingTime(
        uint96 amount,
        uint32 duration,
        uint32 later,
        uint32 extension
    ) public {
        uint256 a = bound(amount, 1, 1e27);
        uint256 dur = bound(duration, 1 weeks, MAX);
        _lock(alice, a, dur);
        vm.warp(block.timestamp + bound(later, 0, dur + 10 weeks));
        uint256 ext = bound(extension, 1 weeks, MAX);
        (, uint256 end,) = escrow.lockOf(alice);
        if (_end(ext) > end) {
            vm.prank(alice);
            escrow.extendLock(ext);
        }
        (uint256 locked, uint256 lockEnd, uint256 power) = escrow.lockOf(alice);
        uint256 remaining = lockEnd > block.timestamp ? lockEnd - block.timestamp : 0;
        assertLe(power, (locked * remaining) / MAX);
        assertLe(power, locked);
        assertEq(escrow.getVotes(alice), power);
        assertEq(escrow.getTotalVotes(), power);
    }

    function _end(uint256 duration) private view returns (uint256) {
        return ((block.timestamp + duration) / WEEK) * WEEK;
    }

    function _signDelegation(uint256 key, address delegatee, uint256 nonce, uint256 expiry)
        private
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)"), delegatee, nonce, expiry
            )
        );
        (, string memory name, string memory version, uint256 chainId, address verifying,,) = escrow.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifying
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }
}
