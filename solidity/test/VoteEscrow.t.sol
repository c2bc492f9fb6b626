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

    function test_Clock_IsTheBlockNumber() public view {
        assertEq(escrow.clock(), block.number);
        assertEq(escrow.CLOCK_MODE(), "mode=blocknumber&from=default");
    }

    function test_CreateLock_FixesPowerByDuration() public {
        _give(alice, 1000e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 1000e18);
        vm.expectEmit(address(escrow));
        emit VoteEscrow.Locked(alice, alice, 1000e18, 1000e18, block.timestamp + MAX / 2, 500e18);
        escrow.createLock(1000e18, MAX / 2);
        vm.stopPrank();
        (uint256 amount, uint256 end, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 1000e18);
        assertEq(end, block.timestamp + MAX / 2);
        assertEq(power, 500e18);
        assertEq(escrow.getVotes(alice), 500e18, "self-delegated by default");
        assertEq(escrow.delegates(alice), alice);
        assertEq(escrow.getTotalVotes(), 500e18);
        assertEq(token.balanceOf(address(escrow)), 1000e18);

        // Power does not decay while locked.
        vm.warp(block.timestamp + MAX / 4);
        assertEq(escrow.getVotes(alice), 500e18);
    }

    function test_CreateLock_FourYearsIsOneVotePerToken() public {
        _lock(alice, 7e18, MAX);
        assertEq(escrow.getVotes(alice), 7e18);
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
        vm.warp(block.timestamp + MAX / 2);
        _give(alice, 100e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 100e18);
        escrow.increaseAmount(100e18);
        vm.stopPrank();
        (uint256 amount,, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 200e18);
        assertEq(power, 150e18);
        assertEq(escrow.getVotes(alice), 150e18);
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
        uint256 end = block.timestamp + 1 weeks;
        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockExpired.selector, alice, end));
        vm.prank(alice);
        escrow.increaseAmount(1);
    }

    function test_ExtendLock_RepricesButNeverLowers() public {
        _lock(alice, 100e18, MAX / 4);
        assertEq(escrow.getVotes(alice), 25e18);
        vm.prank(alice);
        escrow.extendLock(MAX);
        assertEq(escrow.getVotes(alice), 100e18);
        (, uint256 end,) = escrow.lockOf(alice);
        assertEq(end, block.timestamp + MAX);

        // Much later, a short extension past the end keeps the higher power.
        vm.warp(block.timestamp + MAX - 1 days);
        vm.prank(alice);
        escrow.extendLock(1 weeks);
        assertEq(escrow.getVotes(alice), 100e18);
    }

    function test_ExtendLock_RevivesAnExpiredKickedLock() public {
        _lock(alice, 100e18, 1 weeks);
        vm.warp(block.timestamp + 1 weeks);
        escrow.kick(alice);
        assertEq(escrow.getVotes(alice), 0);
        vm.prank(alice);
        escrow.extendLock(MAX / 2);
        assertEq(escrow.getVotes(alice), 50e18);
    }

    function test_RevertWhen_ExtendLockNotLater() public {
        _lock(alice, 1e18, MAX / 2);
        uint256 end = block.timestamp + MAX / 2;
        vm.expectRevert(
            abi.encodeWithSelector(VoteEscrow.VoteEscrowEndNotLater.selector, block.timestamp + 1 weeks, end)
        );
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
        vm.warp(block.timestamp + 1 weeks);
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
        uint256 end = block.timestamp + 1 weeks;
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

    function test_Kick_RemovesPowerOfExpiredLock() public {
        _lock(alice, 10e18, MAX);
        vm.warp(block.timestamp + MAX);
        vm.expectEmit(address(escrow));
        emit VoteEscrow.Kicked(alice, bob, 10e18);
        vm.prank(bob);
        escrow.kick(alice);
        assertEq(escrow.getVotes(alice), 0);
        (uint256 amount,, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 10e18);
        assertEq(power, 0);
        vm.prank(alice);
        escrow.withdraw();
        assertEq(token.balanceOf(alice), 10e18);
    }

    function test_RevertWhen_KickActiveOrMissingOrKickedLock() public {
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, alice));
        escrow.kick(alice);
        _lock(alice, 10e18, 1 weeks);
        uint256 end = block.timestamp + 1 weeks;
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, alice, end));
        escrow.kick(alice);
        vm.warp(end);
        escrow.kick(alice);
        vm.expectRevert(abi.encodeWithSelector(VoteEscrow.VoteEscrowNothingToKick.selector, alice));
        escrow.kick(alice);
    }

    function test_LockFor_CreatesExtendsAndTopsUp() public {
        vm.prank(address(timelock));
        escrow.setLockCreator(creator, true);
        assertTrue(escrow.isLockCreator(creator));
        _give(creator, 300e18);
        vm.startPrank(creator);
        token.approve(address(escrow), 300e18);
        escrow.lockFor(alice, 100e18, block.timestamp + MAX);
        (uint256 amount, uint256 end, uint256 power) = escrow.lockOf(alice);
        assertEq(amount, 100e18);
        assertEq(end, block.timestamp + MAX);
        assertEq(power, 100e18);

        // A shorter end keeps the current end; the deposit earns power for the remaining time.
        vm.warp(block.timestamp + MAX / 2);
        escrow.lockFor(alice, 100e18, block.timestamp + 1 weeks);
        (amount, end, power) = escrow.lockOf(alice);
        assertEq(amount, 200e18);
        assertEq(power, 150e18);

        // Amount zero only extends.
        escrow.lockFor(alice, 0, block.timestamp + MAX);
        (amount, end, power) = escrow.lockOf(alice);
        assertEq(end, block.timestamp + MAX);
        assertEq(power, 200e18);
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

    function test_Delegate_MovesVotesAndBack() public {
        _lock(alice, 100e18, MAX);
        vm.expectEmit(address(escrow));
        emit IVotes.DelegateChanged(alice, alice, bob);
        vm.prank(alice);
        escrow.delegate(bob);
        assertEq(escrow.delegates(alice), bob);
        assertEq(escrow.getVotes(alice), 0);
        assertEq(escrow.getVotes(bob), 100e18);

        // Later deposits follow the delegate.
        _give(alice, 100e18);
        vm.startPrank(alice);
        token.approve(address(escrow), 100e18);
        escrow.increaseAmount(100e18);
        escrow.delegate(alice);
        vm.stopPrank();
        assertEq(escrow.getVotes(bob), 0);
        assertEq(escrow.getVotes(alice), 200e18);
        assertEq(escrow.delegates(alice), alice);
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
        assertEq(escrow.getVotes(bob), 10e18);
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

    function test_GetPastVotes_ReadsHistory() public {
        uint256 start = block.number;
        _lock(alice, 100e18, MAX);
        vm.roll(start + 10);
        vm.prank(alice);
        escrow.delegate(bob);
        vm.roll(start + 20);
        assertEq(escrow.getPastVotes(alice, start - 1), 0);
        assertEq(escrow.getPastVotes(alice, start), 100e18);
        assertEq(escrow.getPastVotes(alice, start + 9), 100e18);
        assertEq(escrow.getPastVotes(alice, start + 10), 0);
        assertEq(escrow.getPastVotes(bob, start + 10), 100e18);
        assertEq(escrow.getPastTotalSupply(start), 100e18);
        assertEq(escrow.getPastTotalSupply(start - 1), 0);
    }

    function test_RevertWhen_GetPastVotesAtOrAfterNow() public {
        vm.expectRevert(
            abi.encodeWithSelector(EscrowVotes.EscrowVotesFutureLookup.selector, block.number, uint48(block.number))
        );
        escrow.getPastVotes(alice, block.number);
        vm.expectRevert(
            abi.encodeWithSelector(EscrowVotes.EscrowVotesFutureLookup.selector, block.number, uint48(block.number))
        );
        escrow.getPastTotalSupply(block.number);
    }

    function testFuzz_PowerNeverExceedsAmount(uint96 amount, uint32 duration, uint32 later, uint32 extension) public {
        uint256 a = bound(amount, 1, 1e27);
        uint256 dur = bound(duration, 1 weeks, MAX);
        _lock(alice, a, dur);
        vm.warp(block.timestamp + bound(later, 0, dur - 1));
        uint256 ext = bound(extension, 1 weeks, MAX);
        (, uint256 end,) = escrow.lockOf(alice);
        if (block.timestamp + ext > end) {
            vm.prank(alice);
            escrow.extendLock(ext);
        }
        (uint256 locked,, uint256 power) = escrow.lockOf(alice);
        assertLe(power, locked);
        assertEq(escrow.getVotes(alice), power);
        assertEq(escrow.getTotalVotes(), power);
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
