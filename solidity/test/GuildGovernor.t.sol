// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GuildGovernor} from "../src/governance/GuildGovernor.sol";
import {GovernorQuorumFloor} from "../src/governance/GovernorQuorumFloor.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";

contract BlockNumberClockVotes {
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=blocknumber&from=default";
    }
}

contract GuildGovernorTest is GuildTestBase {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    address[] internal targets;
    uint256[] internal values;
    bytes[] internal calls;
    string internal constant DESCRIPTION = "Raise the licence threshold to 2,000,000 USD";

    function setUp() public override {
        super.setUp();
        _lock(alice, 600e18, 4 * 365 days);
        _lock(bob, 300e18, 4 * 365 days);
        _lock(carol, 100e18, 4 * 365 days);
        vm.warp(block.timestamp + 1);
        targets.push(address(registry));
        values.push(0);
        calls.push(abi.encodeCall(registry.setRevenueThreshold, (2_000_000)));
    }

    function test_Settings() public view {
        assertEq(governor.name(), "GuildGovernor");
        assertEq(governor.votingDelay(), 1 hours);
        assertEq(governor.votingPeriod(), 1 days);
        assertEq(governor.proposalThreshold(), 10e18);
        assertEq(governor.quorumNumerator(), 4);
        assertEq(governor.quorumFloor(), 50e18);
        assertEq(governor.roadmapProposalThreshold(), 10_000e18);
        assertEq(governor.roadmapQuorum(), 1_000_000e18);
        assertEq(address(governor.token()), address(escrow));
        assertEq(governor.timelock(), address(timelock));
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)));
    }

    function test_Lifecycle_ProposalChangesAParameterThroughTheTimelock() public {
        uint256 id = _propose();
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending));
        vm.warp(block.timestamp + 1 hours + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Active));
        uint256 snapshot = governor.proposalSnapshot(id);

        vm.prank(alice);
        governor.castVote(id, 1);
        vm.prank(bob);
        governor.castVote(id, 0);
        vm.prank(carol);
        governor.castVote(id, 2);
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        // Weights are the decayed power at the snapshot, not the locked amounts.
        assertEq(against, escrow.getPastVotes(bob, snapshot));
        assertEq(forVotes, escrow.getPastVotes(alice, snapshot));
        assertEq(abstain, escrow.getPastVotes(carol, snapshot));
        assertApproxEqRel(forVotes, 600e18, 0.01e18);
        assertTrue(governor.hasVoted(id, alice));
        // 4% of about 1,000 is below the 50 floor.
        assertEq(governor.quorum(snapshot), 50e18);

        vm.warp(block.timestamp + 1 days);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        governor.queue(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        vm.warp(block.timestamp + 1 days);
        governor.execute(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
        assertEq(registry.revenueThresholdUsd(), 2_000_000);
    }

    function test_Defeated_WithoutQuorum() public {
        _lock(makeAddr("whale"), 100_000e18, 4 * 365 days);
        vm.warp(block.timestamp + 1);
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.prank(carol);
        governor.castVote(id, 1);
        vm.warp(block.timestamp + 1 days);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_Defeated_WhenAgainstWins() public {
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.prank(alice);
        governor.castVote(id, 0);
        vm.prank(bob);
        governor.castVote(id, 1);
        vm.warp(block.timestamp + 1 days);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_Votes_UseTheSnapshot() public {
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        uint256 aliceAtSnapshot = escrow.getPastVotes(alice, governor.proposalSnapshot(id));
        // Votes delegated after the snapshot do not count.
        vm.prank(bob);
        escrow.delegate(alice);
        vm.prank(alice);
        governor.castVote(id, 1);
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, aliceAtSnapshot);
    }

    function test_RevertWhen_VotingTwice() public {
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.startPrank(alice);
        governor.castVote(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        governor.castVote(id, 1);
        vm.stopPrank();
    }

    function test_RevertWhen_InvalidVoteType() public {
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.expectRevert(IGovernor.GovernorInvalidVoteType.selector);
        vm.prank(alice);
        governor.castVote(id, 3);
    }

    function test_RevertWhen_ParametersChangedOutsideGovernance() public {
        vm.expectRevert();
        vm.prank(alice);
        registry.setRevenueThreshold(1);
    }

    function test_RevertWhen_TokenClockIsNotTimestamp() public {
        BlockNumberClockVotes votes = new BlockNumberClockVotes();
        vm.expectRevert(
            abi.encodeWithSelector(
                GuildGovernor.GuildGovernorUnsupportedClock.selector, "mode=blocknumber&from=default"
            )
        );
        new GuildGovernor(IVotes(address(votes)), timelock, GuildGovernor.Rules(1, 50, 0, 4, 0, 0, 0));
    }

    function test_RevertWhen_SecondVoteFromTheSameAccount() public {
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.prank(bob);
        governor.castVoteWithReason(id, 1, "first");
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, bob));
        vm.prank(bob);
        governor.castVoteWithReason(id, 0, "changed my mind");
    }

    function test_RevertWhen_ProposerBelowThreshold() public {
        address dust = makeAddr("dust");
        _lock(dust, 1e18, 4 * 365 days);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector,
                dust,
                escrow.getPastVotes(dust, block.timestamp - 1),
                10e18
            )
        );
        vm.prank(dust);
        governor.propose(targets, values, calls, "dust");
    }

    function test_GovernanceChangesTheQuorumFloorAndRoadmapRules() public {
        delete targets;
        delete values;
        delete calls;
        targets.push(address(governor));
        values.push(0);
        calls.push(abi.encodeCall(governor.setQuorumFloor, (75e18)));
        targets.push(address(governor));
        values.push(0);
        calls.push(abi.encodeCall(governor.setRoadmapSettings, (5e18, 7e18)));
        uint256 id = _propose();
        vm.warp(block.timestamp + 1 hours + 1);
        vm.prank(alice);
        governor.castVote(id, 1);
        vm.warp(block.timestamp + 1 days);
        governor.queue(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(governor));
        emit GovernorQuorumFloor.QuorumFloorSet(50e18, 75e18);
        governor.execute(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        assertEq(governor.quorumFloor(), 75e18);
        assertEq(governor.roadmapProposalThreshold(), 5e18);
        assertEq(governor.roadmapQuorum(), 7e18);
    }

    function test_RevertWhen_RulesChangedOutsideGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setQuorumFloor(0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setRoadmapSettings(0, 0);
    }

    function _propose() private returns (uint256) {
        vm.prank(alice);
        return governor.propose(targets, values, calls, DESCRIPTION);
    }
}
