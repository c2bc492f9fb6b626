// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {GuildDeployment} from "../../script/GuildDeployment.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {RewardsDistributor} from "../../src/RewardsDistributor.sol";
import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {GuildGovernor} from "../../src/governance/GuildGovernor.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";

/// @dev Deploys the whole guild the way Deploy.s.sol does, with this test contract as deployer, `publisher` as the
/// root publisher and `guardian` as the distributor's guardian (the default 3-day challenge period), with short
/// governance timings and small thresholds.
abstract contract GuildTestBase is Test, GuildDeployment {
    Deployment internal d;
    GuildToken internal token;
    VoteEscrow internal escrow;
    RewardsDistributor internal distributor;
    LicenseRegistry internal registry;
    GuildGovernor internal governor;
    TimelockController internal timelock;
    TestStablecoin internal usd;
    address internal publisher = makeAddr("publisher");
    address internal guardian = makeAddr("guardian");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        Config memory c = defaultConfig(address(this));
        c.publisher = publisher;
        c.guardian = guardian;
        c.votingDelay = 1 hours;
        c.votingPeriod = 1 days;
        // Unit tests lock hundreds of $AGI; test/GovernorCapture.t.sol runs the production thresholds.
        c.proposalThreshold = 10e18;
        c.quorumFloor = 50e18;
        c.timelockDelay = 1 days;
        d = deployGuild(c, address(this));
        token = d.token;
        escrow = d.escrow;
        distributor = d.distributor;
        registry = d.registry;
        governor = d.governor;
        timelock = d.timelock;
        usd = TestStablecoin(address(d.stablecoin));
    }

    /// @dev Gives `to` `amount` $AGI out of the treasury vesting wallet (a test shortcut; supply is unchanged).
    function _give(address to, uint256 amount) internal {
        vm.prank(address(d.treasuryVesting));
        token.transfer(to, amount);
    }

    /// @dev Locks `amount` for `account` for `duration` seconds.
    function _lock(address account, uint256 amount, uint256 duration) internal {
        _give(account, amount);
        vm.startPrank(account);
        token.approve(address(escrow), amount);
        escrow.createLock(amount, duration);
        vm.stopPrank();
    }

    /// @dev Stocks the licence sale reserve with `amount` $AGI, as a Timelock transfer would.
    function _stockReserve(uint256 amount) internal {
        _give(address(registry), amount);
    }

    /// @dev Funds the distributor with `amount` $AGI.
    function _fundDistributor(uint256 amount) internal {
        _give(address(distributor), amount);
    }
}
