// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {GuildDeployment} from "../script/GuildDeployment.sol";

contract DeployTest is Test, GuildDeployment {
    function test_Run_WiresEverythingAndHandsPowerToTheTimelock() public {
        vm.setEnv("TIMELOCK_DELAY", "3600");
        vm.setEnv("VOTING_PERIOD", "100");
        vm.setEnv("CHALLENGE_PERIOD", "7200");
        vm.setEnv("GUARDIAN", vm.toString(address(0xC0FFEE)));
        Deploy script = new Deploy();
        Deployment memory d = script.run();
        address deployer = DEFAULT_SENDER;
        address timelock = address(d.timelock);

        assertEq(d.timelock.getMinDelay(), 3600);
        assertEq(d.governor.votingPeriod(), 100);
        assertEq(d.token.owner(), timelock);
        assertEq(d.escrow.owner(), timelock);
        assertEq(d.distributor.owner(), timelock);
        assertEq(d.registry.owner(), timelock);
        assertEq(d.treasuryVesting.owner(), timelock);
        assertEq(d.distributionVesting.owner(), address(d.distributor));
        assertEq(d.distributor.publisher(), deployer);
        assertEq(d.distributor.challengePeriod(), 7200);
        assertEq(d.distributor.guardian(), address(0xC0FFEE));
        assertTrue(d.token.isRewardsPayer(address(d.distributor)));
        assertTrue(d.escrow.isLockCreator(address(d.registry)));
        assertEq(d.registry.treasury(), timelock);
        assertEq(address(d.governor.token()), address(d.escrow));
        assertTrue(d.timelock.hasRole(d.timelock.PROPOSER_ROLE(), address(d.governor)));
        assertFalse(d.timelock.hasRole(d.timelock.DEFAULT_ADMIN_ROLE(), deployer));
        assertFalse(d.timelock.hasRole(d.timelock.DEFAULT_ADMIN_ROLE(), address(script)));
        assertEq(d.token.balanceOf(address(d.distributionVesting)), 2_000_000_000e18);
        assertEq(d.token.balanceOf(address(d.treasuryVesting)), 8_000_000_000e18);
        assertEq(d.distributionVesting.start(), block.timestamp);
        assertEq(d.treasuryVesting.duration(), 4 * 365 days);
    }

    function test_DefaultConfig_ThreeDayChallengeWindowAndNoGuardian() public view {
        Config memory c = defaultConfig(address(this));
        assertEq(c.challengePeriod, 3 days);
        assertEq(c.guardian, address(0));
    }

    function test_RevertWhen_RunWouldDeployTheTestStablecoinOutsideALocalChain() public {
        vm.chainId(1);
        vm.setEnv("GUARDIAN", vm.toString(address(0xC0FFEE)));
        vm.setEnv("STABLECOIN", vm.toString(address(0)));
        Deploy script = new Deploy();
        vm.expectRevert(abi.encodeWithSelector(Deploy.DeployStablecoinRequired.selector, 1));
        script.run();
    }
}
