// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";

/// @dev Random purchases, top-ups, renewals (ETH and stablecoin), withdrawals, parameter changes and time travel.
contract LicenseHandler is Test {
    LicenseRegistry internal immutable registry;
    VoteEscrow internal immutable escrow;
    address internal immutable owner;

    address[] public companies;

    constructor(LicenseRegistry registry_, VoteEscrow escrow_, TestStablecoin usd, address owner_) {
        (registry, escrow, owner) = (registry_, escrow_, owner_);
        for (uint256 i = 0; i < 4; i++) {
            address company = makeAddr(string.concat("company", vm.toString(i)));
            companies.push(company);
            vm.deal(company, 1e30);
            usd.mint(company, 1e30);
            vm.prank(company);
            usd.approve(address(registry), type(uint256).max);
        }
    }

    function companyCount() external view returns (uint256) {
        return companies.length;
    }

    function purchase(uint256 who, uint64 revenue, uint32 term, bool eth) external {
        address company = companies[who % companies.length];
        uint256 r = bound(revenue, 0, 50_000_000);
        uint256 t = bound(term, 365 days, 4 * 365 days);
        vm.prank(company);
        try registry.purchase{value: eth ? 1e24 : 0}(r, t, keccak256(abi.encode(r))) {} catch {}
    }

    function topUp(uint256 who, uint64 extra, bool eth) external {
        address company = companies[who % companies.length];
        (, uint256 declared,,) = registry.licenceOf(company);
        vm.prank(company);
        try registry.topUp{value: eth ? 1e24 : 0}(declared + bound(extra, 0, 5_000_000), bytes32(0)) {} catch {}
    }

    function renew(uint256 who, uint64 revenue, uint32 term) external {
        address company = companies[who % companies.length];
        vm.prank(company);
        try registry.renew(bound(revenue, 0, 50_000_000), bound(term, 365 days, 4 * 365 days), bytes32(0)) {} catch {}
    }

    function withdraw(uint256 who) external {
        vm.prank(companies[who % companies.length]);
        try escrow.withdraw() {} catch {}
    }

    function changePrice(uint64 price) external {
        vm.prank(owner);
        registry.setAgiPrice(bound(price, 0.01e18, 1e18));
    }

    function changeThreshold(uint64 threshold) external {
        vm.prank(owner);
        registry.setRevenueThreshold(bound(threshold, 0, 20_000_000));
    }

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 300 days));
        vm.roll(block.number + 1);
    }
}

contract LicenseInvariantsTest is GuildTestBase {
    LicenseHandler internal handler;

    function setUp() public override {
        super.setUp();
        _stockReserve(1_000_000_000e18);
        handler = new LicenseHandler(registry, escrow, usd, address(timelock));
        targetContract(address(handler));
    }

    function invariant_LicensedMeansStakedAndLocked() public view {
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            if (!registry.isLicensed(company)) continue;
            (uint256 locked, uint256 revenue,, uint256 expiry) = registry.licenceOf(company);
            uint256 required = registry.requiredStake(revenue);
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
}
