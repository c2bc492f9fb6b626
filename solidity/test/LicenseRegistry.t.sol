// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LicenseRegistry} from "../src/LicenseRegistry.sol";
import {ILicenseRegistry} from "../src/interfaces/ILicenseRegistry.sol";
import {VoteEscrow} from "../src/VoteEscrow.sol";
import {LicenseParameters} from "../src/licensing/LicenseParameters.sol";
import {RevenueDeclarations} from "../src/licensing/RevenueDeclarations.sol";
import {TestStablecoin} from "../src/dev/TestStablecoin.sol";
import {LicenseTestBase} from "./utils/LicenseTestBase.sol";

contract RejectingTreasury {}

/// @dev The licences' rules: payment, stake, terms and prices. Declarations, revocation and the one-year lock are in
/// LicenseDeclarations.t.sol.
contract LicenseRegistryTest is LicenseTestBase {
    uint256 internal constant STAKE_11M = 100_000e18; // 0.001 * 10,000,000 USD at 0.10 USD
    uint256 internal constant WEI_11M = 3_333_333_333_333_333_334; // 10,000 USD at 3,000 USD/ETH, rounded up
    uint256 internal constant USD_11M = 10_000e6;
    address internal acme;
    uint256 internal acmeKey;
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        (acme, acmeKey) = makeAddrAndKey("acme");
        _stockReserve(1_000_000e18);
        vm.deal(acme, 100 ether);
        usd.mint(acme, 1_000_000e6);
        vm.prank(acme);
        usd.approve(address(registry), type(uint256).max);
    }

    function test_Defaults() public view {
        assertEq(registry.revenueThresholdUsd(), 1_000_000);
        assertEq(registry.rate(), 1e15);
        assertEq(registry.agiPriceUsd(), 0.1e18);
        assertEq(registry.ethPriceUsd(), 3000e18);
        assertEq(registry.minTerm(), 365 days);
        assertEq(address(registry.stablecoin()), address(usd));
        assertEq(registry.treasury(), address(timelock));
        assertEq(registry.owner(), address(timelock));
        assertEq(registry.saleReserve(), 1_000_000e18);
    }

    function test_RequiredStake_Examples() public view {
        assertEq(registry.requiredStake(0), 0);
        assertEq(registry.requiredStake(1_000_000), 0);
        assertEq(registry.requiredStake(1_000_001), 0.01e18); // 0.001 USD at 0.10 USD = 0.01 AGI
        assertEq(registry.requiredStake(11_000_000), STAKE_11M);
        (uint256 weiCost, uint256 coinCost) = registry.costOf(STAKE_11M);
        assertEq(weiCost, WEI_11M);
        assertEq(coinCost, USD_11M);
        (weiCost, coinCost) = registry.costOf(0);
        assertEq(weiCost + coinCost, 0);
    }

    function testFuzz_RequiredStake_RoundsUpAndIsTight(uint128 revenue, uint64 rate, uint128 price) public {
        uint256 x = bound(rate, 0, 1e18);
        uint256 p = bound(price, 1, type(uint128).max);
        vm.startPrank(address(timelock));
        registry.setRate(x);
        registry.setAgiPrice(p);
        vm.stopPrank();
        uint256 stake = registry.requiredStake(revenue);
        if (revenue <= 1_000_000) {
            assertEq(stake, 0);
            return;
        }
        uint256 exactNumerator = (uint256(revenue) - 1_000_000) * x; // < 2^129 * 2^60
        assertTrue(_covers(stake, p, exactNumerator), "covers");
        // ... and one wei less would not.
        if (stake > 0) assertFalse(_covers(stake - 1, p, exactNumerator), "tight");
    }

    function testFuzz_RequiredStake_MonotonicInRevenue(uint128 a, uint128 b) public view {
        (uint256 lo, uint256 hi) = a < b ? (uint256(a), uint256(b)) : (uint256(b), uint256(a));
        assertLe(registry.requiredStake(lo), registry.requiredStake(hi));
        assertLe(registry.requiredStake(hi), Math.mulDiv(hi, 1e15 * 1e18, 0.1e18) + 1);
    }

    function test_Purchase_WithEthLocksStakeAndRefundsExcess() public {
        uint256 balanceBefore = acme.balance;
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes32 hash = _digest(registry, decl);
        uint256 expiry = block.timestamp + 365 days;
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRecorded(
            acme,
            ILicenseRegistry.LicenseAction.Purchase,
            11_000_000,
            FY,
            hash,
            STAKE_11M,
            STAKE_11M,
            address(0),
            WEI_11M,
            expiry,
            expiry
        );
        vm.prank(acme);
        registry.purchase{value: 5 ether}(decl, _sign(acmeKey, decl), 365 days, WEI_11M, block.timestamp);

        assertEq(acme.balance, balanceBefore - WEI_11M);
        assertEq(address(timelock).balance, WEI_11M);
        assertEq(address(registry).balance, 0);
        assertTrue(registry.isLicensed(acme));
        (
            uint256 locked,
            uint256 revenue,
            bytes32 declaration,
            uint256 licenceExpiry,
            uint256 fiscalYear,
            bool revoked
        ) = registry.licenceOf(acme);
        assertEq(locked, STAKE_11M);
        assertEq(revenue, 11_000_000);
        assertEq(declaration, hash);
        assertEq(licenceExpiry, expiry);
        assertEq(fiscalYear, FY);
        assertFalse(revoked);
        assertEq(registry.declarationNonce(acme), 1);
        (, uint256 end, uint256 power) = escrow.lockOf(acme);
        assertEq(end, expiry);
        // Decaying power: the stake's slope times the time to the week boundary before the expiry.
        assertEq(power, (STAKE_11M / (4 * 365 days)) * ((end / 1 weeks) * 1 weeks - block.timestamp));
        assertEq(escrow.getVotes(acme), power, "licensees vote");
        assertEq(registry.saleReserve(), 1_000_000e18 - STAKE_11M);
    }

    function test_Purchase_WithStablecoin() public {
        _buy(11_000_000, 2 * 365 days);
        assertEq(usd.balanceOf(address(timelock)), USD_11M);
        assertEq(usd.balanceOf(acme), 1_000_000e6 - USD_11M);
        assertTrue(registry.isLicensed(acme));
    }

    function test_Purchase_AtThresholdIsAFreeAttestation() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 1_000_000);
        vm.prank(acme);
        registry.purchase{value: 1 ether}(decl, _sign(acmeKey, decl), 365 days, 0, block.timestamp);
        assertEq(acme.balance, 100 ether, "all ETH refunded");
        assertTrue(registry.isLicensed(acme));
        (uint256 locked, uint256 revenue,,,,) = registry.licenceOf(acme);
        assertEq(locked, 0);
        assertEq(revenue, 1_000_000);
        vm.warp(block.timestamp + 365 days);
        assertFalse(registry.isLicensed(acme));
    }

    function test_Purchase_CountsTokensAlreadyLocked() public {
        _lock(acme, 60_000e18, 4 * 365 days);
        _buy(11_000_000, 365 days);
        (uint256 locked,,,,,) = registry.licenceOf(acme);
        assertEq(locked, STAKE_11M);
        assertEq(usd.balanceOf(address(timelock)), 4_000e6, "paid for the 40,000 AGI shortfall only");
    }

    function test_Purchase_AgainAfterExpiry() public {
        _buy(11_000_000, 365 days);
        vm.warp(block.timestamp + 365 days);
        assertFalse(registry.isLicensed(acme));
        _buy(11_000_000, 365 days);
        assertTrue(registry.isLicensed(acme));
        assertEq(usd.balanceOf(address(timelock)), USD_11M, "the expired lock still counts");
    }

    function test_RevertWhen_PurchaseWhileLicensed() public {
        _buy(11_000_000, 365 days);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryAlreadyLicensed.selector, acme, block.timestamp + 365 days
            )
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_PurchaseTermOutOfRange() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.startPrank(acme);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryInvalidTerm.selector, 365 days - 1, 365 days, 4 * 365 days
            )
        );
        registry.purchase(decl, signature, 365 days - 1, NO_MAX, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryInvalidTerm.selector, 4 * 365 days + 1, 365 days, 4 * 365 days
            )
        );
        registry.purchase(decl, signature, 4 * 365 days + 1, NO_MAX, block.timestamp);
        vm.stopPrank();
    }

    function test_RevertWhen_PurchaseEthTooLow() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryInsufficientPayment.selector, 1 ether, WEI_11M)
        );
        vm.prank(acme);
        registry.purchase{value: 1 ether}(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_PurchaseExceedsReserve() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 1_000_000 + 1e11);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryReserveInsufficient.selector, 1_000_000_000e18, 1_000_000e18
            )
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_PurchaseStablecoinNotApproved() public {
        vm.prank(acme);
        usd.approve(address(registry), 0);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert();
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_PurchaseRevenueTooLarge() public {
        uint256 huge = uint256(type(uint128).max) + 1;
        vm.prank(address(timelock));
        registry.setRate(0);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, huge);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersRevenueTooLarge.selector, huge));
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_TreasuryRejectsEth() public {
        LicenseRegistry other =
            new LicenseRegistry(token, escrow, payable(address(new RejectingTreasury())), address(this), _params());
        _give(address(other), 1_000_000e18);
        vm.prank(address(timelock));
        VoteEscrow(address(escrow)).setLockCreator(address(other), true);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(other, acme, 11_000_000, FY);
        bytes memory signature = _sign(acmeKey, other, decl);
        vm.expectRevert();
        vm.prank(acme);
        other.purchase{value: 5 ether}(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_TopUp_BuysTheExtraStakeKeepingExpiry() public {
        _buy(11_000_000, 365 days);
        uint256 expiry = block.timestamp + 365 days;
        vm.warp(block.timestamp + 100 days);
        bytes32 hash = _topUp(21_000_000);
        (uint256 locked, uint256 revenue, bytes32 declaration, uint256 licenceExpiry,,) = registry.licenceOf(acme);
        assertEq(locked, 2 * STAKE_11M);
        assertEq(revenue, 21_000_000);
        assertEq(declaration, hash);
        assertEq(licenceExpiry, expiry);
        assertEq(usd.balanceOf(address(timelock)), 2 * USD_11M);
    }

    function test_TopUp_RestoresALicenceAfterAParameterChange() public {
        _buy(11_000_000, 365 days);
        vm.prank(address(timelock));
        registry.setAgiPrice(0.05e18); // the stake doubles
        assertFalse(registry.isLicensed(acme));
        _topUp(11_000_000);
        assertTrue(registry.isLicensed(acme));
    }

    function test_IsLicensed_NeedsTheStakeLockedUntilExpiry() public {
        // A free four-year attestation, then governance lowers the threshold so a stake is due.
        _lock(acme, 1_000_000e18, 365 days);
        _buy(900_000, 4 * 365 days);
        assertTrue(registry.isLicensed(acme));
        vm.prank(address(timelock));
        registry.setRevenueThreshold(0);
        // Enough $AGI is locked, but only for one year of the four: not licensed until topped up.
        assertFalse(registry.isLicensed(acme));
        _topUp(900_000);
        assertTrue(registry.isLicensed(acme));
        (, uint256 end,) = escrow.lockOf(acme);
        (,,, uint256 expiry,,) = registry.licenceOf(acme);
        assertEq(end, expiry, "nothing bought: the lock is extended to the expiry only");
        assertEq(usd.balanceOf(address(timelock)), 0, "nothing bought: the lock already covers the stake");
    }

    function test_RevertWhen_TopUpWithoutActiveLicence() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryNoLicence.selector, acme));
        vm.prank(acme);
        registry.topUp(decl, signature, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_TopUpLowersRevenue_EvenForANewFiscalYear() public {
        _buy(11_000_000, 365 days);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(registry, acme, 10_000_000, FY + 1);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryRevenueDecreased.selector, 10_000_000, 11_000_000)
        );
        vm.prank(acme);
        registry.topUp(decl, signature, NO_MAX, block.timestamp);
    }

    function test_Renew_ExtendsFromExpiryAndTheLock() public {
        _buy(11_000_000, 365 days);
        uint256 expiry = block.timestamp + 365 days;
        vm.warp(expiry - 10 days);
        bytes32 hash = _renew(11_000_000, FY + 1, 365 days);
        (,, bytes32 declaration, uint256 newExpiry, uint256 fiscalYear,) = registry.licenceOf(acme);
        assertEq(newExpiry, expiry + 365 days);
        assertEq(declaration, hash);
        assertEq(fiscalYear, FY + 1);
        (, uint256 end,) = escrow.lockOf(acme);
        assertEq(end, newExpiry);
        assertEq(usd.balanceOf(address(timelock)), USD_11M, "no extra stake needed");
    }

    function test_Renew_AfterExpiryStartsNow() public {
        _buy(11_000_000, 365 days);
        vm.warp(block.timestamp + 400 days);
        _renew(11_000_000, FY, 365 days);
        (,,, uint256 expiry,,) = registry.licenceOf(acme);
        assertEq(expiry, block.timestamp + 365 days);
        assertTrue(registry.isLicensed(acme));
    }

    function test_RevertWhen_RenewWithoutLicence() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryNoLicence.selector, acme));
        vm.prank(acme);
        registry.renew(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_RenewBeyondTheLongestLock() public {
        _buy(11_000_000, 4 * 365 days);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryInvalidTerm.selector, 5 * 365 days, 365 days, 4 * 365 days
            )
        );
        vm.prank(acme);
        registry.renew(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_WithdrawReserve_OnlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.withdrawReserve(stranger, 1);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.ReserveWithdrawn(address(timelock), 10e18);
        vm.prank(address(timelock));
        registry.withdrawReserve(address(timelock), 10e18);
        assertEq(token.balanceOf(address(timelock)), 10e18);
    }

    function test_Setters_OnlyOwnerAndEmit() public {
        vm.startPrank(address(timelock));
        vm.expectEmit(address(registry));
        emit LicenseParameters.RevenueThresholdChanged(1_000_000, 2_000_000);
        registry.setRevenueThreshold(2_000_000);
        vm.expectEmit(address(registry));
        emit LicenseParameters.RateChanged(1e15, 2e15);
        registry.setRate(2e15);
        vm.expectEmit(address(registry));
        emit LicenseParameters.AgiPriceChanged(0.1e18, 0.2e18);
        registry.setAgiPrice(0.2e18);
        vm.expectEmit(address(registry));
        emit LicenseParameters.EthPriceChanged(3000e18, 2500e18);
        registry.setEthPrice(2500e18);
        vm.expectEmit(address(registry));
        emit LicenseParameters.MinTermChanged(365 days, 2 * 365 days);
        registry.setMinTerm(2 * 365 days);
        TestStablecoin other = new TestStablecoin();
        vm.expectEmit(address(registry));
        emit LicenseParameters.StablecoinChanged(address(usd), address(other), 6);
        registry.setStablecoin(other);
        vm.stopPrank();
        assertEq(registry.requiredStake(3_000_000), 2e15 * 1_000_000 * 1e18 / 0.2e18);

        bytes[] memory calls = new bytes[](6);
        calls[0] = abi.encodeCall(registry.setRevenueThreshold, (1));
        calls[1] = abi.encodeCall(registry.setRate, (1));
        calls[2] = abi.encodeCall(registry.setAgiPrice, (1));
        calls[3] = abi.encodeCall(registry.setEthPrice, (1));
        calls[4] = abi.encodeCall(registry.setMinTerm, (365 days));
        calls[5] = abi.encodeCall(registry.setStablecoin, (IERC20(address(usd))));
        for (uint256 i = 0; i < calls.length; i++) {
            vm.prank(stranger);
            (bool ok, bytes memory reason) = address(registry).call(calls[i]);
            assertFalse(ok);
            assertEq(reason, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        }
    }

    function test_RevertWhen_SettersGetInvalidValues() public {
        vm.startPrank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidRate.selector, 1e18 + 1));
        registry.setRate(1e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidPrice.selector, 0));
        registry.setAgiPrice(0);
        uint256 tooBig = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidPrice.selector, tooBig));
        registry.setEthPrice(tooBig);
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidThreshold.selector, tooBig));
        registry.setRevenueThreshold(tooBig);
        vm.expectRevert(
            abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidMinTerm.selector, 365 days - 1)
        );
        registry.setMinTerm(365 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidMinTerm.selector, 4 * 365 days + 1)
        );
        registry.setMinTerm(4 * 365 days + 1);
        vm.expectRevert(LicenseParameters.LicenseParametersInvalidAddress.selector);
        registry.setStablecoin(IERC20(address(0)));
        IERC20 coin24 = IERC20(address(new Coin24()));
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidDecimals.selector, 24));
        registry.setStablecoin(coin24);
        vm.stopPrank();
    }

    function test_RevertWhen_ConstructedWithAMinimumTermBelowAYear() public {
        LicenseParameters.Parameters memory p = _params();
        p.minTerm = 30 days;
        vm.expectRevert(abi.encodeWithSelector(LicenseParameters.LicenseParametersInvalidMinTerm.selector, 30 days));
        new LicenseRegistry(token, escrow, payable(address(timelock)), address(this), p);
    }

    function test_RevertWhen_ConstructedWithZeroTreasury() public {
        LicenseParameters.Parameters memory p = _params();
        vm.expectRevert(LicenseParameters.LicenseParametersInvalidAddress.selector);
        new LicenseRegistry(token, escrow, payable(address(0)), address(this), p);
    }

    function _buy(uint256 revenue, uint256 term) private {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, revenue);
        bytes memory signature = _sign(acmeKey, decl);
        vm.prank(acme);
        registry.purchase(decl, signature, term, NO_MAX, block.timestamp);
    }

    function _topUp(uint256 revenue) private returns (bytes32) {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, revenue);
        bytes memory signature = _sign(acmeKey, decl);
        vm.prank(acme);
        registry.topUp(decl, signature, NO_MAX, block.timestamp);
        return _digest(registry, decl);
    }

    function _renew(uint256 revenue, uint16 fiscalYear, uint256 term) private returns (bytes32) {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(registry, acme, revenue, fiscalYear);
        bytes memory signature = _sign(acmeKey, decl);
        vm.prank(acme);
        registry.renew(decl, signature, term, NO_MAX, block.timestamp);
        return _digest(registry, decl);
    }

    function _params() private view returns (LicenseParameters.Parameters memory) {
        return LicenseParameters.Parameters({
            revenueThresholdUsd: 1_000_000,
            rate: 1e15,
            agiPriceUsd: 0.1e18,
            ethPriceUsd: 3000e18,
            minTerm: 365 days,
            stablecoin: IERC20(address(usd))
        });
    }

    /// @dev Whether `stake` wei at `price` covers `numerator` / 1e18 USD: stake * price >= numerator * 1e18.
    function _covers(uint256 stake, uint256 price, uint256 numerator) private pure returns (bool) {
        if (numerator == 0) return true;
        return stake >= Math.mulDiv(numerator, 1e18, price, Math.Rounding.Ceil);
    }
}

contract Coin24 {
    function decimals() external pure returns (uint8) {
        return 24;
    }
}
