// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GuildGovernor} from "../src/governance/GuildGovernor.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";

contract TimestampClockVotes {
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
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
        vm.roll(block.number + 1);
        targets.push(address(registry));
        values.push(0);
        calls.push(abi.encodeCall(registry.setRevenueThreshold, (2_000_000)));
    }

    function test_Settings() public view {
        assertEq(governor.name(), "GuildGovernor");
        assertEq(governor.votingDelay(), 1);
        assertEq(governor.votingPeriod(), 50);
        assertEq(governor.proposalThreshold(), 0);
        assertEq(governor.quorumNumerator(), 4);
        assertEq(address(governor.token()), address(escrow));
        assertEq(governor.timelock(), address(timelock));
        assertEq(governor.clock(), block.number);
        assertEq(governor.CLOCK_MODE(), "mode=blocknumber&from=default");
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)));
    }

    function test_Lifecycle_ProposalChangesAParameterThroughTheTimelock() public {
        uint256 id = _propose();
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending));
        vm.roll(block.number + 2);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Active));

        vm.prank(alice);
        governor.castVote(id, 1);
        vm.prank(bob);
        governor.castVote(id, 0);
        vm.prank(carol);
        governor.castVote(id, 2);
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        assertEq((against), 300e18);
        assertEq(forVotes, 600e18);
        assertEq(abstain, 100e18);
        assertTrue(governor.hasVoted(id, alice));
        assertEq(governor.quorum(block.number - 1), 40e18);

        vm.roll(block.number + 50);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        governor.queue(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        vm.warp(block.timestamp + 1 days);
        governor.execute(targets, values, calls, keccak256(bytes(DESCRIPTION)));
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
        assertEq(registry.revenueThresholdUsd(), 2_000_000);
    }

    function test_Defeated_WithoutQuorum() public {
        _lock(makeAddr("whale"), 100_000e18, 4 * 365 days);
        vm.roll(block.number + 1);
        uint256 id = _propose();
        vm.roll(block.number + 2);
        vm.prank(carol);
        governor.castVote(id, 1);
        vm.roll(block.number + 50);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_Defeated_WhenAgainstWins() public {
        uint256 id = _propose();
        vm.roll(block.number + 2);
        vm.prank(alice);
        governor.castVote(id, 0);
        vm.prank(bob);
        governor.castVote(id, 1);
        vm.roll(block.number + 50);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_Votes_UseTheSnapshot() public {
        uint256 id = _propose();
        vm.roll(block.number + 2);
        // Votes delegated after the snapshot do not count.
        vm.prank(bob);
        escrow.delegate(alice);
        vm.prank(alice);
        governor.castVote(id, 1);
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, 600e18);
    }

    function test_RevertWhen_VotingTwice() public {
        uint256 id = _propose();
        vm.roll(block.number + 2);
        vm.startPrank(alice);
        governor.castVote(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        governor.castVote(id, 1);
        vm.stopPrank();
    }

    function test_RevertWhen_InvalidVoteType() public {
        uint256 id = _propose();
        vm.roll(block.number + 2);
        vm.expectRevert(IGovernor.GovernorInvalidVoteType.selector);
        vm.prank(alice);
        governor.castVote(id, 3);
    }

    function test_RevertWhen_ParametersChangedOutsideGovernance() public {
        vm.expectRevert();
        vm.prank(alice);
        registry.setRevenueThreshold(1);
    }

    function test_RevertWhen_TokenClockIsNotBlockNumber() public {
        TimestampClockVotes votes = new TimestampClockVotes();
        vm.expectRevert(abi.encodeWithSelector(GuildGovernor.GuildGovernorUnsupportedClock.selector, "mode=timestamp"));
        new GuildGovernor(IVotes(address(votes)), timelock, 1, 50, 0, 4);
    }

    function _propose() private returns (uint256) {
        vm.prank(alice);
        return governor.propose(targets, values, calls, DESCRIPTION);
    }
}
