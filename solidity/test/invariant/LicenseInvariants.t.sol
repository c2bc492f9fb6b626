// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {RevenueDeclarations} from "../../src/licensing/RevenueDeclarations.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {LicenseTestBase} from "../utils/LicenseTestBase.sol";

/// @dev Random purchases, top-ups and renewals (ETH and stablecoin) under signed declarations, withdrawals, parameter
/// changes and time travel. It checks the money of every successful call as it happens and keeps the totals.
contract LicenseHandler is Test {
    LicenseRegistry internal immutable registry;
    VoteEscrow internal immutable escrow;
    TestStablecoin internal immutable usd;
    LicenseTestBase internal immutable signer;
    address internal immutable owner;
    address internal immutable treasury;

    address[] public companies;
    mapping(address company => uint256) internal keys;
    /// @dev The earliest time each company's lock may be withdrawn, by what it bought.
    mapping(address company => uint256) public boughtLockedUntil;

    uint256 public ethPaid;
    uint256 public coinPaid;
    uint256 public agiBought;
    uint256 public purchases;
    uint256 public earlyWithdrawals;
    uint256 public moneyMismatches;

    constructor(
        LicenseRegistry registry_,
        VoteEscrow escrow_,
        TestStablecoin usd_,
        address owner_,
        LicenseTestBase signer_
    ) {
        (registry, escrow, usd, owner, signer) = (registry_, escrow_, usd_, owner_, signer_);
        treasury = registry_.treasury();
        for (uint256 i = 0; i < 4; i++) {
            (address company, uint256 key) = makeAddrAndKey(string.concat("company", vm.toString(i)));
            companies.push(company);
            keys[company] = key;
            vm.deal(company, 1e30);
            usd_.mint(company, 1e30);
            vm.prank(company);
            usd_.approve(address(registry_), type(uint256).max);
        }
    }

    function companyCount() external view returns (uint256) {
        return companies.length;
    }

    function purchase(uint256 who, uint64 revenue, uint32 term, uint8 year, bool eth) external {
        _act(0, who, bound(revenue, 0, 50_000_000), bound(term, 365 days, 4 * 365 days), year, eth);
    }

    function topUp(uint256 who, uint64 extra, uint8 year, bool eth) external {
        address company = companies[who % companies.length];
        (, uint256 declared,,,,) = registry.licenceOf(company);
        _act(1, who, declared + bound(extra, 0, 5_000_000), 0, year, eth);
    }

    function renew(uint256 who, uint64 revenue, uint32 term, uint8 year, bool eth) external {
        _act(2, who, bound(revenue, 0, 50_000_000), bound(term, 365 days, 4 * 365 days), year, eth);
    }

    function withdraw(uint256 who) external {
        address company = companies[who % companies.length];
        vm.prank(company);
        try escrow.withdraw() {
            if (block.timestamp < boughtLockedUntil[company]) earlyWithdrawals++;
        } catch {}
    }

    function changePrice(uint64 price) external {
        vm.prank(owner);
        registry.setAgiPrice(bound(price, 0.01e18, 1e18));
    }

    function changeThreshold(uint64 threshold) external {
        vm.prank(owner);
        registry.setRevenueThreshold(bound(threshold, 0, 20_000_000));
    }

    function changeMinTerm(uint32 term) external {
        vm.prank(owner);
        registry.setMinTerm(bound(term, 365 days, 2 * 365 days));
    }

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 300 days));
        vm.roll(block.number + 1);
    }

    struct Expected {
        address company;
        bool eth;
        uint256 bought;
        uint256 cost;
        uint256 treasuryEth;
        uint256 treasuryCoin;
        uint256 reserve;
        uint256 companyFunds;
    }

    /// @dev `kind` 0 purchase, 1 top-up, 2 renewal; the fiscal year wanders between 2025 and 2028.
    function _act(uint8 kind, uint256 who, uint256 revenue, uint256 term, uint8 year, bool eth) private {
        Expected memory e = _expect(companies[who % companies.length], revenue, eth);
        RevenueDeclarations.RevenueDeclaration memory decl = RevenueDeclarations.RevenueDeclaration(
            e.company,
            "Co",
            uint16(2025 + year % 4),
            revenue,
            "",
            0,
            registry.declarationNonce(e.company),
            block.timestamp
        );
        if (!_send(kind, decl, signer.signDeclaration(keys[e.company], registry, decl), term, eth)) return;
        purchases++;
        // The treasury receives exactly the cost, the company pays exactly it (excess ETH refunded), the reserve
        // falls by exactly what was bought.
        if (treasury.balance - e.treasuryEth != (eth ? e.cost : 0)) moneyMismatches++;
        if (usd.balanceOf(treasury) - e.treasuryCoin != (eth ? 0 : e.cost)) moneyMismatches++;
        if (e.reserve - registry.saleReserve() != e.bought) moneyMismatches++;
        if (e.companyFunds - _funds(e.company, eth) != e.cost) moneyMismatches++;
        if (eth) ethPaid += e.cost;
        else coinPaid += e.cost;
        agiBought += e.bought;
        uint256 termEnd = block.timestamp + registry.minTerm();
        if (e.bought != 0 && termEnd > boughtLockedUntil[e.company]) boughtLockedUntil[e.company] = termEnd;
    }

    function _expect(address company, uint256 revenue, bool eth) private view returns (Expected memory e) {
        uint256 required = registry.requiredStake(revenue);
        (uint256 locked,,) = escrow.lockOf(company);
        e.company = company;
        e.eth = eth;
        e.bought = required > locked ? required - locked : 0;
        (uint256 weiCost, uint256 coinCost) = registry.costOf(e.bought);
        e.cost = eth ? weiCost : coinCost;
        e.treasuryEth = treasury.balance;
        e.treasuryCoin = usd.balanceOf(treasury);
        e.reserve = registry.saleReserve();
        e.companyFunds = _funds(company, eth);
    }

    function _funds(address company, bool eth) private view returns (uint256) {
        return eth ? company.balance : usd.balanceOf(company);
    }

    function _send(
        uint8 kind,
        RevenueDeclarations.RevenueDeclaration memory decl,
        bytes memory signature,
        uint256 term,
        bool eth
    ) private returns (bool) {
        uint256 value = eth ? 1e24 : 0;
        uint256 noMax = type(uint256).max;
        vm.prank(decl.company);
        if (kind == 0) {
            try registry.purchase{value: value}(decl, signature, term, noMax, block.timestamp) {
                return true;
            } catch {
                return false;
            }
        } else if (kind == 1) {
            try registry.topUp{value: value}(decl, signature, noMax, block.timestamp) {
                return true;
            } catch {
                return false;
            }
        }
        try registry.renew{value: value}(decl, signature, term, noMax, block.timestamp) {
            return true;
        } catch {
            return false;
        }
    }
}

contract LicenseInvariantsTest is LicenseTestBase {
    uint256 internal constant RESERVE = 1_000_000_000e18;
    LicenseHandler internal handler;

    function setUp() public override {
        super.setUp();
        _stockReserve(RESERVE);
        handler = new LicenseHandler(registry, escrow, usd, address(timelock), this);
        targetContract(address(handler));
    }

    function invariant_LicensedMeansStakedAndLocked() public view {
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            if (!registry.isLicensed(company)) continue;
            (uint256 locked, uint256 revenue,, uint256 expiry,, bool revoked) = registry.licenceOf(company);
            uint256 required = registry.requiredStake(revenue);
            assertFalse(revoked);
            assertGe(locked, required, "locked >= requiredStake(declared revenue)");
            assertGt(expiry, block.timestamp);
            if (required != 0) {
                (, uint256 end,) = escrow.lockOf(company);
                assertGe(end, block.timestamp, "unlock >= now");
                assertGe(end, expiry, "locked for the whole term");
            }
        }
        assertLe(d.token.totalSupply(), d.token.CAP());
    }

    function invariant_MoneyAddsUp() public view {
        assertEq(handler.moneyMismatches(), 0, "every call moved exactly its cost and what it bought");
        assertEq(address(timelock).balance, handler.ethPaid(), "the treasury received exactly the ETH costs");
        assertEq(
            usd.balanceOf(address(timelock)), handler.coinPaid(), "the treasury received exactly the stablecoin costs"
        );
        assertEq(registry.saleReserve(), RESERVE - handler.agiBought(), "the reserve fell by exactly what was bought");
        assertEq(address(registry).balance, 0, "the registry holds no ETH");
        assertEq(usd.balanceOf(address(registry)), 0, "the registry holds no stablecoin");
    }

    function invariant_WhatIsBoughtStaysLockedAMinimumTerm() public view {
        assertEq(handler.earlyWithdrawals(), 0, "no stake withdrawn within a minimum term of its purchase");
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            (uint256 amount, uint256 end,) = escrow.lockOf(company);
            if (amount != 0) assertGe(end, handler.boughtLockedUntil(company));
        }
    }

    function afterInvariant() external view {
        assertGt(handler.purchases(), 0, "the run bought something");
    }
}
