// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GuildDeployment} from "../script/GuildDeployment.sol";

/**
 * @dev The launch-day capture: nothing is locked yet, and an attacker locks dust for a week to pass a proposal that
 * sends the treasury to itself. With the old rules (threshold 0, quorum 4% of locked power, no floor) it passes; with
 * the deployed defaults (a proposal threshold and a quorum floor) it cannot even be proposed, and a proposal made for
 * the attacker by someone above the threshold is defeated for want of quorum.
 */
contract GovernorCaptureTest is Test, GuildDeployment {
    uint256 internal constant MAX = 4 * 365 days;
    address internal attacker = makeAddr("attacker");
    address internal proposer = makeAddr("proposer");

    address[] internal targets;
    uint256[] internal values;
    bytes[] internal calls;
    string internal constant DESCRIPTION = "Send the vested treasury to a friend";

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
    }

    /// The attack itself, with the old rules: it succeeds. This is what the defaults must prevent.
    function test_Attack_SucceedsWithoutThresholdAndFloor() public {
        Config memory c = defaultConfig(address(this));
        c.proposalThreshold = 0;
        c.quorumFloor = 0;
        Deployment memory d = deployGuild(c, address(this));
        // Dust, by the escrow's measure: the smallest lock with any power (a slope of one wei per second), a week.
        uint256 dust = MAX;
        _lockFrom(d, attacker, dust, 2 weeks); // still dust; two weeks so it outlives the voting delay
        uint256 stolen = _runAttack(d, attacker);
        assertEq(uint8(d.governor.state(_id(d))), uint8(IGovernor.ProposalState.Executed));
        assertGt(stolen, 0, "the treasury was drained");
    }

    /// Same attack against the deployed defaults: the dust lock cannot propose.
    function test_Attack_FailsAtTheProposalThreshold() public {
        Deployment memory d = deployGuild(defaultConfig(address(this)), address(this));
        _lockFrom(d, attacker, 209, 1 weeks);
        _lockFrom(d, proposer, 2_000_000e18, MAX); // someone honest exists; it changes nothing for the attacker
        vm.warp(block.timestamp + 1);
        _build(d);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, attacker, 0, d.governor.proposalThreshold()
            )
        );
        vm.prank(attacker);
        d.governor.propose(targets, values, calls, DESCRIPTION);
    }

    /// Even above the threshold (a million $AGI locked for four years), nothing passes without the quorum floor.
    function test_Attack_FailsAtTheQuorumFloor() public {
        Deployment memory d = deployGuild(defaultConfig(address(this)), address(this));
        _lockFrom(d, attacker, 1_100_000e18, MAX);
        vm.warp(block.timestamp + 1);
        _build(d);
        vm.prank(attacker);
        uint256 id = d.governor.propose(targets, values, calls, DESCRIPTION);
        vm.warp(block.timestamp + d.governor.votingDelay() + 1);
        vm.prank(attacker);
        uint256 weight = d.governor.castVote(id, 1);
        assertGt(weight, d.governor.proposalThreshold());
        // 4% of everything locked is the attacker's own power; the floor is far above it.
        uint256 snapshot = d.governor.proposalSnapshot(id);
        assertEq(d.governor.quorum(snapshot), d.governor.quorumFloor());
        assertLt(weight, d.governor.quorum(snapshot));
        vm.warp(block.timestamp + d.governor.votingPeriod());
        assertEq(uint8(d.governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert();
        d.governor.queue(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        assertEq(d.token.balanceOf(attacker), 0);
    }

    function _runAttack(Deployment memory d, address who) private returns (uint256) {
        vm.warp(block.timestamp + 1);
        _build(d);
        vm.prank(who);
        d.governor.propose(targets, values, calls, DESCRIPTION);
        uint256 id = _id(d);
        vm.warp(block.timestamp + d.governor.votingDelay() + 1);
        vm.prank(who);
        d.governor.castVote(id, 1);
        vm.warp(block.timestamp + d.governor.votingPeriod());
        d.governor.queue(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        vm.warp(block.timestamp + d.timelock.getMinDelay());
        d.governor.execute(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        return d.token.balanceOf(who);
    }

    /// The treasury transfer: release what has vested to the Timelock, then send a part of it to the attacker.
    function _build(Deployment memory d) private {
        targets.push(address(d.treasuryVesting));
        values.push(0);
        calls.push(abi.encodeWithSignature("release(address)", address(d.token)));
        targets.push(address(d.token));
        values.push(0);
        calls.push(abi.encodeCall(d.token.transfer, (attacker, 1_000_000e18)));
    }

    function _id(Deployment memory d) private view returns (uint256) {
        return d.governor.hashProposal(targets, values, calls, keccak256(bytes(DESCRIPTION)));
    }

    function _lockFrom(Deployment memory d, address who, uint256 amount, uint256 duration) private {
        vm.prank(address(d.treasuryVesting));
        d.token.transfer(who, amount);
        vm.startPrank(who);
        d.token.approve(address(d.escrow), amount);
        d.escrow.createLock(amount, duration);
        vm.stopPrank();
    }
}
