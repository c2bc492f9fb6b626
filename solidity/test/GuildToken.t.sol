// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {GuildToken} from "../src/GuildToken.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";

/// @dev Exposes `_mint` to reach the cap check, which the token's own API (no mint function) never can.
contract GuildTokenMintHarness is GuildToken {
    constructor(address pool, address treasury) GuildToken(pool, treasury, msg.sender) {}

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }

    function burn(address from, uint256 value) external {
        _burn(from, value);
    }
}

contract GuildTokenTest is GuildTestBase {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal payer = makeAddr("payer");

    function test_Genesis_MintsTheCapToTheVestingWallets() public view {
        assertEq(token.totalSupply(), token.CAP());
        assertEq(token.cap(), 10_000_000_000e18);
        assertEq(token.balanceOf(address(d.distributionVesting)), 2_000_000_000e18);
        assertEq(token.balanceOf(address(d.treasuryVesting)), 8_000_000_000e18);
        assertEq(token.name(), "Guild");
        assertEq(token.symbol(), "AGI");
        assertEq(token.decimals(), 18);
        assertEq(token.owner(), address(timelock));
        assertTrue(token.isRewardsPayer(address(distributor)));
    }

    function test_Vesting_DistributionPoolVestsOverSixMonthsToTheDistributor() public {
        assertEq(d.distributionVesting.owner(), address(distributor));
        assertEq(d.distributionVesting.duration(), 365 days / 2);
        vm.warp(block.timestamp + 365 days / 4);
        d.distributionVesting.release(address(token));
        assertEq(token.balanceOf(address(distributor)), 1_000_000_000e18);
    }

    function test_Vesting_TreasuryVestsOverFourYearsToTheTimelock() public {
        assertEq(d.treasuryVesting.owner(), address(timelock));
        vm.warp(block.timestamp + 4 * 365 days);
        d.treasuryVesting.release(address(token));
        assertEq(token.balanceOf(address(timelock)), 8_000_000_000e18);
    }

    function test_RevertWhen_ConstructedWithZeroRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new GuildToken(address(0), alice, alice);
    }

    function test_RevertWhen_MintingPastTheCap() public {
        GuildTokenMintHarness harness = new GuildTokenMintHarness(alice, bob);
        harness.mint(alice, 0);
        uint256 cap = harness.CAP();
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenCapExceeded.selector, cap + 1, cap));
        harness.mint(alice, 1);
        harness.burn(alice, 5e18);
        assertEq(harness.totalSupply(), cap - 5e18);
        harness.mint(bob, 5e18);
        assertEq(harness.totalSupply(), cap);
    }

    function test_Transfer_MovesBalanceAndKeepsLedger() public {
        _give(alice, 100e18);
        vm.prank(alice);
        assertTrue(token.transfer(bob, 40e18));
        assertEq(token.balanceOf(alice), 60e18);
        assertEq(token.balanceOf(bob), 40e18);
    }

    function test_RevertWhen_TransferExceedsBalance() public {
        _give(alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e18, 2e18));
        token.transfer(bob, 2e18);
    }

    function test_Permit_SetsAllowance() public {
        (address owner, uint256 key) = makeAddrAndKey("owner");
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                5e18,
                0,
                block.timestamp
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        token.permit(owner, bob, 5e18, block.timestamp, v, r, s);
        assertEq(token.allowance(owner, bob), 5e18);
        assertEq(token.nonces(owner), 1);
    }

    function test_SetRewardsPayer_OnlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        token.setRewardsPayer(alice, true);

        vm.expectEmit(address(token));
        emit GuildToken.RewardsPayerSet(payer, true);
        vm.prank(address(timelock));
        token.setRewardsPayer(payer, true);
        assertTrue(token.isRewardsPayer(payer));

        vm.prank(address(timelock));
        token.setRewardsPayer(payer, false);
        assertFalse(token.isRewardsPayer(payer));
    }

    function test_PayRewards_PaysTheDifferenceOnce() public {
        _makePayer(100e18);
        vm.startPrank(payer);
        _assertPaid(alice, 30e18, 30e18, 30e18);
        _assertPaid(alice, 30e18, 0, 30e18);
        _assertPaid(alice, 10e18, 0, 30e18);
        _assertPaid(alice, 50e18, 20e18, 50e18);
        _assertPaid(bob, 5e18, 5e18, 55e18);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 50e18);
        assertEq(token.rewardsReceived(alice), 50e18);
        assertEq(token.rewardsPaid(alice), 0);
        assertEq(token.balanceOf(payer), 45e18);
        assertEq(token.rewardsPaid(payer), 55e18);
        assertEq(token.rewardsReceived(payer), 0);
        assertEq(token.totalSupply(), token.CAP());
    }

    function test_PayRewards_KeepsTheLedgerThroughTransfers() public {
        _makePayer(100e18);
        vm.prank(payer);
        token.payRewards(alice, 30e18);
        vm.prank(alice);
        token.transfer(bob, 30e18);
        assertEq(token.balanceOf(alice), 0);
        assertEq(token.rewardsReceived(alice), 30e18);
        _give(alice, 7e18);
        assertEq(token.rewardsReceived(alice), 30e18);
        assertEq(token.balanceOf(alice), 7e18);
    }

    function test_PayRewards_EmitsTransfer() public {
        _makePayer(100e18);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(payer, alice, 30e18);
        vm.prank(payer);
        token.payRewards(alice, 30e18);
    }

    function test_RevertWhen_PayRewardsCallerIsNotPayer() public {
        _give(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenUnauthorizedPayer.selector, alice));
        vm.prank(alice);
        token.payRewards(bob, 1e18);
    }

    function test_RevertWhen_PayRewardsToZeroAddress() public {
        _makePayer(10e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(payer);
        token.payRewards(address(0), 1e18);
    }

    function test_RevertWhen_PayRewardsToAPayer() public {
        _makePayer(10e18);
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenPayerCannotReceive.selector, payer));
        vm.prank(payer);
        token.payRewards(payer, 1e18);
    }

    function test_RevertWhen_PayRewardsBeyondPayerBalance() public {
        _makePayer(10e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, payer, 10e18, 11e18));
        vm.prank(payer);
        token.payRewards(alice, 11e18);
    }

    function test_RevertWhen_PayRewardsOverflowsTheLedger() public {
        _makePayer(10e18);
        uint256 tooMuch = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenRewardsOverflow.selector, tooMuch));
        vm.prank(payer);
        token.payRewards(alice, tooMuch);
    }

    function testFuzz_PayRewardsThenTransfer_ConservesSupply(uint96 first, uint96 second, uint96 moved) public {
        _makePayer(1_000_000e18);
        uint256 a = bound(first, 0, 500_000e18);
        uint256 b = bound(second, 0, 1_000_000e18);
        vm.startPrank(payer);
        token.payRewards(alice, a);
        token.payRewards(alice, b);
        vm.stopPrank();
        uint256 top = a > b ? a : b;
        assertEq(token.rewardsReceived(alice), top);
        assertEq(token.balanceOf(alice), top);
        uint256 m = bound(moved, 0, top);
        vm.prank(alice);
        token.transfer(bob, m);
        assertEq(token.balanceOf(alice) + token.balanceOf(bob) + token.balanceOf(payer), 1_000_000e18);
        assertEq(token.rewardsReceived(alice), top);
    }

    function test_SetRewardsPayer_ADisallowedPayerKeepsItsTotalAndNeverReceives() public {
        _makePayer(10e18);
        vm.prank(payer);
        token.payRewards(alice, 4e18);
        vm.prank(address(timelock));
        token.setRewardsPayer(payer, false);
        assertEq(token.rewardsPaid(payer), 4e18);

        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenUnauthorizedPayer.selector, payer));
        vm.prank(payer);
        token.payRewards(alice, 5e18);

        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenPayerCannotReceive.selector, payer));
        vm.prank(address(distributorAsPayer()));
        token.payRewards(payer, 1);

        vm.prank(address(timelock));
        token.setRewardsPayer(payer, true);
        assertEq(token.rewardsPaid(payer), 4e18);
    }

    function test_RevertWhen_SetRewardsPayerOnARecipient() public {
        _makePayer(10e18);
        vm.prank(payer);
        token.payRewards(alice, 4e18);
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenRecipientCannotPay.selector, alice));
        vm.prank(address(timelock));
        token.setRewardsPayer(alice, true);
    }

    function test_RevertWhen_PayRewardsTotalPaidOverflows() public {
        _makePayer(10e18);
        // Pretend the payer has already paid out almost 2^96 (only reachable by cycling tokens ~8 times the cap).
        bytes32 slot = keccak256(abi.encode(payer, uint256(_wordsSlot())));
        uint256 word = uint256(vm.load(address(token), slot));
        uint256 nearMax = uint256(type(uint96).max) - 1;
        vm.store(address(token), slot, bytes32((word & ~(uint256(type(uint96).max) << 96)) | (nearMax << 96)));
        vm.expectRevert(abi.encodeWithSelector(GuildToken.GuildTokenRewardsOverflow.selector, nearMax + 2));
        vm.prank(payer);
        token.payRewards(alice, 2);
    }

    function distributorAsPayer() private view returns (address) {
        return address(distributor);
    }

    function _wordsSlot() private pure returns (uint256) {
        // GuildToken storage: ERC20's _balances(0), _allowances(1), _totalSupply(2), _name(3), _symbol(4),
        // EIP712's _nameFallback(5), _versionFallback(6), Nonces' _nonces(7), Ownable's _owner(8), then _words.
        return 9;
    }

    function _assertPaid(address account, uint256 cumulative, uint256 expectedPaid, uint256 expectedTotal) private {
        (uint256 paid, uint256 total) = token.payRewards(account, cumulative);
        assertEq(paid, expectedPaid, "paid");
        assertEq(total, expectedTotal, "total paid");
    }

    function _makePayer(uint256 balance) private {
        vm.prank(address(timelock));
        token.setRewardsPayer(payer, true);
        _give(payer, balance);
    }
}
