// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {RevenueDeclarations} from "../src/licensing/RevenueDeclarations.sol";
import {LicenseTestBase} from "./utils/LicenseTestBase.sol";
import {ReentrantCompany} from "./utils/ReentrantCompany.sol";
import {Ballots} from "./utils/Ballots.sol";

/// @dev The Governor against the ways a vote can be cheated: replayed or misdirected ballots, votes without power,
/// power bought after the snapshot, and a company contract that re-enters when it is paid.
contract GovernorFuzzTest is LicenseTestBase {
    uint256 internal constant FOUR_YEARS = 4 * 365 days;

    address internal whale;
    uint256 internal whaleKey;
    address internal owner;
    uint256 internal ownerKey;
    ReentrantCompany internal company;
    uint256 internal proposals;

    function setUp() public override {
        super.setUp();
        (whale, whaleKey) = makeAddrAndKey("whale");
        (owner, ownerKey) = makeAddrAndKey("companyOwner");
        _lock(whale, 120e18, FOUR_YEARS);
        _stockReserve(1_000_000e18);
        company = new ReentrantCompany(owner);
        vm.deal(address(company), 10 ether);
        vm.deal(address(timelock), 10 ether);
        vm.warp(block.timestamp + 1);
    }

    // ---------------------------------------------------------------- ballots by signature

    function testFuzz_CastVoteBySig_CountsOnceThenTheSignatureIsSpent(uint8 support) public {
        support %= 3;
        uint256 id = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        _openVote(id);
        bytes memory signature = _ballot(whaleKey, whale, id, support, governor.nonces(whale));
        uint256 weight = governor.castVoteBySig(id, support, whale, signature);
        assertEq(weight, escrow.getPastVotes(whale, governor.proposalSnapshot(id)));
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        assertEq([against, forVotes, abstain][support], weight);
        assertEq(governor.nonces(whale), 1);

        // The nonce it signed is used: replayed, the signature recovers to someone else.
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, whale));
        governor.castVoteBySig(id, support, whale, signature);
    }

    function testFuzz_CastVoteBySig_RefusedForAnotherProposalOrVoterOrSupport(uint8 support, uint8 wrong) public {
        support %= 3;
        uint256 first = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        uint256 second = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (500 days)));
        _openVote(first);
        bytes memory signature = _ballot(whaleKey, whale, first, support, governor.nonces(whale));
        wrong %= 3;
        if (wrong == 0) {
            vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, whale));
            governor.castVoteBySig(second, support, whale, signature);
        } else if (wrong == 1) {
            vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, owner));
            governor.castVoteBySig(first, support, owner, signature);
        } else {
            vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, whale));
            governor.castVoteBySig(first, (support + 1) % 3, whale, signature);
        }
        assertFalse(governor.hasVoted(first, whale));
        assertEq(governor.nonces(whale), 0, "a refused ballot spends no nonce");
    }

    /// @dev A company contract votes by signature under ERC-1271, with its owner's key.
    function test_CastVoteBySig_ByACompanyContract() public {
        _lock(address(company), 60e18, FOUR_YEARS);
        vm.warp(block.timestamp + 1);
        uint256 id = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        _openVote(id);
        bytes memory signature = _ballot(ownerKey, address(company), id, 1, 0);
        uint256 weight = governor.castVoteBySig(id, 1, address(company), signature);
        assertEq(weight, escrow.getPastVotes(address(company), governor.proposalSnapshot(id)));
        assertGt(weight, 0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, address(company)));
        governor.castVoteBySig(id, 1, address(company), signature);
    }

    // ---------------------------------------------------------------- zero power

    /// @dev No lock, or a lock too small to have a slope: the vote is accepted, counts nothing, and cannot be repeated.
    function testFuzz_ZeroPowerVoteCountsNothing(uint256 dust, uint8 support, bool locked) public {
        support %= 3;
        address nobody = makeAddr("nobody");
        if (locked) _lock(nobody, _bound(dust, 1, escrow.MAX_LOCK_DURATION() - 1), FOUR_YEARS);
        vm.warp(block.timestamp + 1);
        uint256 id = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        _openVote(id);
        assertEq(escrow.getVotes(nobody), 0);
        vm.prank(nobody);
        assertEq(governor.castVote(id, support), 0);
        assertTrue(governor.hasVoted(id, nobody));
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        assertEq(against + forVotes + abstain, 0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, nobody));
        vm.prank(nobody);
        governor.castVote(id, support);
    }

    // ---------------------------------------------------------------- power bought after the snapshot

    /**
     * @dev A company buys its stake from the licence sale reserve after a proposal's snapshot (or a member locks
     * tokens it just received): it has power at once, but none in that proposal. In the next proposal it counts.
     */
    function testFuzz_StakeBoughtAfterTheSnapshotHasNoPower(uint32 excess, uint32 late, bool reserve) public {
        (address buyer, uint256 key) = makeAddrAndKey("buyer");
        uint256 id = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        _openVote(id);
        vm.warp(block.timestamp + _bound(late, 0, governor.votingPeriod() - 1));
        if (reserve) {
            RevenueDeclarations.RevenueDeclaration memory decl =
                _declaration(buyer, registry.revenueThresholdUsd() + _bound(excess, 1000, 10_000_000));
            vm.deal(buyer, 1_000 ether);
            vm.prank(buyer);
            registry.purchase{value: 1_000 ether}(decl, _sign(key, decl), FOUR_YEARS, NO_MAX, block.timestamp);
        } else {
            _lock(buyer, _bound(excess, 1e18, 1_000_000e18), FOUR_YEARS);
        }
        assertGt(escrow.getVotes(buyer), 0, "the stake has power now");
        vm.prank(buyer);
        assertEq(governor.castVote(id, 1), 0, "but none at the snapshot");
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, 0);

        vm.warp(block.timestamp + 1);
        uint256 next = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (500 days)));
        _openVote(next);
        vm.prank(buyer);
        assertEq(governor.castVote(next, 1), escrow.getPastVotes(buyer, governor.proposalSnapshot(next)));
        assertGt(escrow.getPastVotes(buyer, governor.proposalSnapshot(next)), 0);
    }

    // ---------------------------------------------------------------- the quorum floor

    /// @dev A unanimous vote below the quorum floor is defeated and cannot be queued.
    function testFuzz_BelowTheQuorumFloorNeverSucceeds(uint96 amount) public {
        address small = makeAddr("small");
        // Four-year power just under the floor of 50: enough to propose (10), not to pass.
        _lock(small, _bound(amount, 11e18, 49e18), FOUR_YEARS);
        vm.warp(block.timestamp + 1);
        vm.prank(small);
        uint256 id = governor.propose(_one(address(registry)), new uint256[](1), _one(_minTerm(400 days)), "small");
        _openVote(id);
        vm.prank(small);
        uint256 weight = governor.castVote(id, 1);
        assertLt(weight, governor.quorum(governor.proposalSnapshot(id)));
        vm.warp(governor.proposalDeadline(id) + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        governor.queue(_one(address(registry)), new uint256[](1), _one(_minTerm(400 days)), keccak256("small"));
    }

    // ---------------------------------------------------------------- a re-entrant company

    /// @dev Refunded during its purchase, the company tries to buy again, top up and renew (each refused by the
    /// registry's guard) and votes twice (the first counts its power at the snapshot, not what it is buying; the
    /// second is refused). It pays once and holds one licence.
    function test_ReentrantCompany_RefundCannotBuyAgainOrVoteTwice() public {
        uint256 id = _propose(address(registry), 0, abi.encodeCall(registry.setMinTerm, (400 days)));
        _openVote(id);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(address(company), 1_100_000);
        bytes memory signature = _sign(ownerKey, decl);
        company.plan(
            address(registry), abi.encodeCall(registry.purchase, (decl, signature, 365 days, NO_MAX, block.timestamp))
        );
        company.plan(address(registry), abi.encodeCall(registry.topUp, (decl, signature, NO_MAX, block.timestamp)));
        company.plan(
            address(registry), abi.encodeCall(registry.renew, (decl, signature, 365 days, NO_MAX, block.timestamp))
        );
        company.plan(address(governor), abi.encodeCall(governor.castVote, (id, 1)));
        company.plan(address(governor), abi.encodeCall(governor.castVote, (id, 1)));
        (uint256 weiCost,) = registry.costOf(registry.requiredStake(1_100_000));
        uint256 reserve = registry.saleReserve();

        company.execute(
            address(registry),
            1 ether,
            abi.encodeCall(registry.purchase, (decl, signature, 365 days, NO_MAX, block.timestamp))
        );

        bytes memory guarded = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(company.outcomeCount(), 5);
        for (uint256 i = 0; i < 3; i++) {
            assertFalse(company.outcome(i).ok);
            assertEq(company.outcome(i).returned, guarded);
        }
        assertTrue(company.outcome(3).ok);
        assertEq(abi.decode(company.outcome(3).returned, (uint256)), 0, "bought after the snapshot: no weight");
        assertFalse(company.outcome(4).ok);
        assertEq(
            company.outcome(4).returned,
            abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, address(company))
        );
        assertEq(address(company).balance, 10 ether - weiCost, "paid once");
        assertEq(address(timelock).balance, 10 ether + weiCost);
        assertEq(reserve - registry.saleReserve(), registry.requiredStake(1_100_000), "sold once");
        assertEq(registry.declarationNonce(address(company)), 1, "one licence");
        assertEq(address(registry).balance, 0);
    }

    /// @dev Paid by a proposal, the company calls the Governor's execute again: refused, it is already executed.
    function test_ReentrantCompany_CannotExecuteAPaymentTwice() public {
        (uint256 id, bytes memory executeCall) = _queuedPayment(1 ether);
        company.plan(address(governor), executeCall);
        _executePayment(1 ether);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
        assertEq(address(company).balance, 11 ether, "paid once");
        assertFalse(company.outcome(0).ok);
        assertEq(
            company.outcome(0).returned,
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Executed,
                bytes32(1 << uint8(IGovernor.ProposalState.Queued))
            )
        );
    }

    /**
     * @dev Paid by a proposal, the company calls the Timelock's executeBatch of the same operation, which is still
     * ready mid-execution and runs, paying it again; but then the outer execution finds the operation done and
     * reverts, undoing both. Nothing is paid twice; the proposal stays queued and executes once later.
     */
    function test_ReentrantCompany_TimelockReentryUndoesTheWholeExecution() public {
        (uint256 id,) = _queuedPayment(1 ether);
        address[] memory targets = _one(address(company));
        uint256[] memory values = new uint256[](1);
        values[0] = 1 ether;
        bytes[] memory calldatas = new bytes[](1);
        bytes32 salt = bytes20(address(governor)) ^ keccak256("pay the company");
        company.plan(address(timelock), abi.encodeCall(timelock.executeBatch, (targets, values, calldatas, 0, salt)));
        bytes32 operation = timelock.hashOperationBatch(targets, values, calldatas, 0, salt);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                operation,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        _executePayment(1 ether);
        assertEq(address(company).balance, 10 ether, "nothing paid");
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Queued));

        company.clear(); // the planned re-entry was undone with the execution
        _executePayment(1 ether);
        assertEq(address(company).balance, 11 ether, "paid once");
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
    }

    // ---------------------------------------------------------------- helpers

    function _propose(address target, uint256 value, bytes memory data) private returns (uint256) {
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = data;
        vm.prank(whale);
        return governor.propose(_one(target), values, calldatas, string.concat("proposal ", vm.toString(++proposals)));
    }

    function _openVote(uint256 id) private {
        vm.warp(governor.proposalSnapshot(id) + 1);
    }

    /// @dev A proposal paying the company `value` from the treasury, voted, queued and ready, and its execute call.
    function _queuedPayment(uint256 value) private returns (uint256 id, bytes memory executeCall) {
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        bytes[] memory calldatas = new bytes[](1);
        vm.prank(whale);
        id = governor.propose(_one(address(company)), values, calldatas, "pay the company");
        _openVote(id);
        vm.prank(whale);
        governor.castVote(id, 1);
        vm.warp(governor.proposalDeadline(id) + 1);
        governor.queue(_one(address(company)), values, calldatas, keccak256("pay the company"));
        vm.warp(governor.proposalEta(id));
        executeCall =
            abi.encodeCall(governor.execute, (_one(address(company)), values, calldatas, keccak256("pay the company")));
    }

    function _ballot(uint256 key, address voter, uint256 id, uint8 support, uint256 nonce)
        private
        view
        returns (bytes memory)
    {
        bytes32 digest = Ballots.digest(address(governor), id, support, voter, nonce);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _minTerm(uint256 term) private view returns (bytes memory) {
        return abi.encodeCall(registry.setMinTerm, (term));
    }

    function _executePayment(uint256 value) private {
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        governor.execute(_one(address(company)), values, new bytes[](1), keccak256("pay the company"));
    }

    function _one(address target) private pure returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = target;
    }

    function _one(bytes memory data) private pure returns (bytes[] memory calldatas) {
        calldatas = new bytes[](1);
        calldatas[0] = data;
    }
}
