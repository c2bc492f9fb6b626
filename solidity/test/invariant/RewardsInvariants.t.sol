// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {RewardsDistributor} from "../../src/RewardsDistributor.sol";
import {IRewardsDistributor} from "../../src/interfaces/IRewardsDistributor.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";
import {StandardMerkleTree} from "../utils/StandardMerkleTree.sol";
import {InvariantCounts, InvariantHandler} from "../utils/InvariantHandler.sol";

/**
 * @dev Drives the distributor the way the guild runs it, plus the ways it can go wrong: the vested pool is released
 * into it, consecutive epochs are published (some overstating their funding, some while a root is still pending),
 * vetoed by the guardian or the Timelock, claimed (before and after their window, with forged amounts), paused and resumed,
 * and the undistributed pool is withdrawn. The handler predicts every outcome and expects the exact revert, so an
 * unexpected success or failure fails the run (`fail_on_revert`); successes and refusals are counted per action.
 */
contract RewardsHandler is InvariantHandler {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    uint256 internal constant PEOPLE = 6;

    GuildToken internal immutable token;
    RewardsDistributor internal immutable distributor;
    VestingWallet internal immutable pool;
    address internal immutable publisher;
    address internal immutable guardian;
    address internal immutable owner;
    address internal immutable replacement = makeAddr("replacement");
    bytes32 internal immutable weightsHash;

    address[] public people;
    // Two tree slots: the active root's, and the pending root's (or the next one's).
    StandardMerkleTree.Tree[2] internal trees;
    uint256[PEOPLE][2] internal amountsOf;
    uint256[2] internal totalOf;
    uint256 internal activeSlot;
    uint256 internal pendingSlot;
    bool internal hasPending;
    uint256 internal pendingClaimableAt;
    uint256 public activeEpoch;

    uint256 public released;
    uint256 public withdrawn;
    uint256 public vetoes;

    constructor(
        GuildToken token_,
        RewardsDistributor distributor_,
        VestingWallet pool_,
        address publisher_,
        address guardian_,
        address owner_
    ) {
        (token, distributor, pool) = (token_, distributor_, pool_);
        weightsHash = distributor_.weights().weightsHash();
        (publisher, guardian, owner) = (publisher_, guardian_, owner_);
        for (uint256 i = 0; i < PEOPLE; i++) {
            people.push(makeAddr(string.concat("contributor", vm.toString(i))));
        }
        // Time, releases, publications, claims and drains come twice as often as the rest.
        _action(this.warp.selector, "warp", 2);
        _action(this.release.selector, "release", 2);
        _action(this.publish.selector, "publish", 2);
        _action(this.claim.selector, "claim", 2);
        _refusingAction(this.claimEarly.selector, "claimEarly", 1);
        _refusingAction(this.forgedClaim.selector, "forgedClaim", 1);
        _eitherAction(this.veto.selector, "veto", 1);
        _action(this.withdrawUndistributed.selector, "withdrawUndistributed", 1);
        _action(this.pauseAndResume.selector, "pauseAndResume", 1);
        _action(this.setChallengePeriod.selector, "setChallengePeriod", 1);
        _action(this.drainAndVeto.selector, "drainAndVeto", 2);
    }

    // ---------------------------------------------------------------- what the invariants read

    function latestEpoch() external view returns (uint256) {
        return activeEpoch + (hasPending ? 1 : 0);
    }

    /// @dev What the claimable root pays person `i` in total (zero when nothing is claimable).
    function claimableCumulative(uint256 i) external view returns (uint256) {
        (bool any, uint256 slot) = _claimable();
        return any ? amountsOf[slot][i] : 0;
    }

    // ---------------------------------------------------------------- actions

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1 hours, 2 days));
        _ok("warp");
    }

    /// @dev A keeper releases the vested part of the pool into the distributor.
    function release() external {
        _release();
        _ok("release");
    }

    /// @dev Like the backend: release the vested pool, then publish the next epoch (one in four overstated).
    function publish(uint256 seed, uint8 roll) external {
        if (_publish(seed, _oneIn(4, roll))) _ok("publish");
    }

    /// @dev Publishes the next epoch and returns true, or expects the refusal (a root pending, or `overstate`).
    function _publish(uint256 seed, bool overstate) private returns (bool) {
        _release();
        uint256 epoch = activeEpoch + (hasPending ? 2 : 1);
        if (hasPending && block.timestamp < pendingClaimableAt) {
            _refuse(
                "publish",
                abi.encodeWithSelector(
                    IRewardsDistributor.RewardsDistributorRootPending.selector, epoch - 1, pendingClaimableAt
                )
            );
            vm.prank(publisher);
            distributor.publishRoot(epoch, bytes32(seed | 1), type(uint96).max, 0, weightsHash);
            return false;
        }
        // The latest root that was not vetoed is the base of the next cumulative amounts.
        uint256 base = hasPending ? pendingSlot : activeSlot;
        uint256 slot = 1 - base;
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        (uint256[] memory amounts, uint256 total) = _nextAmounts(base, funded, seed, overstate);
        bytes32 root = trees[slot].build(people, amounts);
        uint256 claimableAt = block.timestamp + distributor.challengePeriod();
        if (overstate) {
            _refuse(
                "publish",
                abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnderfunded.selector, total, funded)
            );
        }
        vm.prank(publisher);
        distributor.publishRoot(epoch, root, total, bytes32(seed), weightsHash);
        if (overstate) return false;

        if (hasPending) {
            (activeSlot, activeEpoch) = (pendingSlot, activeEpoch + 1);
        }
        (pendingSlot, hasPending, pendingClaimableAt) = (slot, true, claimableAt);
        for (uint256 i = 0; i < PEOPLE; i++) {
            amountsOf[slot][i] = amounts[i];
        }
        totalOf[slot] = total;
        return true;
    }

    /// @dev Claims for the first person from `who` on with something to claim, if any.
    function claim(uint256 who) external {
        (bool any, uint256 slot) = _claimable();
        for (uint256 k = 0; any && k < PEOPLE; k++) {
            uint256 j = (who % PEOPLE + k) % PEOPLE;
            if (amountsOf[slot][j] > token.rewardsReceived(people[j])) {
                who = j;
                break;
            }
        }
        address account = people[who % PEOPLE];
        if (!any) {
            _refuse(
                "claim", abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, account, 0)
            );
            distributor.claim(account, 0, new bytes32[](0));
            return;
        }
        uint256 amount = amountsOf[slot][who % PEOPLE];
        uint256 received = token.rewardsReceived(account);
        bytes32[] memory proof = trees[slot].proof(account, amount);
        if (amount <= received) {
            _refuse(
                "claim",
                abi.encodeWithSelector(
                    IRewardsDistributor.RewardsDistributorNothingToClaim.selector, account, amount, received
                )
            );
            distributor.claim(account, amount, proof);
            return;
        }
        uint256 before = token.balanceOf(account);
        distributor.claim(account, amount, proof);
        assertEq(token.balanceOf(account) - before, amount - received, "pays the delta");
        _ok("claim");
    }

    /**
     * @dev A claim against the pending root, before its window has passed, never pays. With no root in its window,
     * the publisher publishes one first (honestly), so every call tries an early claim.
     */
    function claimEarly(uint256 who, uint256 seed) external {
        if (!hasPending || block.timestamp >= pendingClaimableAt) assertTrue(_publish(seed, false));
        // The first person from `who` on whose pending leaf is not also the claimable one.
        uint256 i = who % PEOPLE;
        for (
            uint256 k = 0;
            activeEpoch != 0 && k < PEOPLE && amountsOf[activeSlot][i] == amountsOf[pendingSlot][i];
            k++
        ) {
            i = (i + 1) % PEOPLE;
        }
        uint256 amount = amountsOf[pendingSlot][i];
        if (activeEpoch != 0 && amountsOf[activeSlot][i] == amount) return; // nothing new was published for anyone
        bytes32[] memory proof = trees[pendingSlot].proof(people[i], amount);
        _refuse(
            "claimEarly",
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, people[i], amount)
        );
        distributor.claim(people[i], amount, proof);
    }

    /// @dev A valid proof with a different amount never pays.
    function forgedClaim(uint256 who, uint96 amount) external {
        (bool any, uint256 slot) = _claimable();
        uint256 i = who % PEOPLE;
        if (!any || amount == amountsOf[slot][i]) return;
        bytes32[] memory proof = trees[slot].proof(people[i], amountsOf[slot][i]);
        _refuse(
            "forgedClaim",
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, people[i], amount)
        );
        distributor.claim(people[i], amount, proof);
    }

    /// @dev The drain: the publisher stages a one-leaf root paying itself everything funded; it does not pay at
    /// once, and the guardian (or the Timelock) vetoes it within its window. A root still in its window is waited out
    /// first (nothing can be published before), so every call stages the drain.
    function drainAndVeto(bool byOwner) external {
        if (hasPending && block.timestamp < pendingClaimableAt) vm.warp(pendingClaimableAt);
        uint256 epoch = activeEpoch + (hasPending ? 2 : 1);
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        bytes32 root = StandardMerkleTree.leaf(publisher, funded); // a one-leaf tree: the root is the leaf
        vm.prank(publisher);
        distributor.publishRoot(epoch, root, funded, bytes32("drain"), weightsHash);
        if (hasPending) {
            (activeSlot, activeEpoch, hasPending) = (pendingSlot, activeEpoch + 1, false);
        }
        _refuse(
            "drainAndVeto",
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, publisher, funded)
        );
        distributor.claim(publisher, funded, new bytes32[](0));
        vm.prank(byOwner ? owner : guardian);
        distributor.vetoRoot(epoch);
        assertEq(distributor.rootOf(epoch), bytes32(0));
        vetoes++;
        _ok("drainAndVeto");
    }

    /// @dev One call in four tries a veto of whatever is pending, so that most honest roots live to be claimed; the
    /// others are a stranger's veto, refused.
    function veto(uint8 roll, bool byOwner) external {
        if (!_oneIn(4, roll)) {
            _refuse(
                "veto",
                abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedVetoer.selector, replacement)
            );
            vm.prank(replacement);
            distributor.vetoRoot(activeEpoch + 1);
            return;
        }
        uint256 epoch = activeEpoch + 1;
        if (!hasPending) {
            _refuse("veto", abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorNotPending.selector, epoch, 0));
        } else if (block.timestamp >= pendingClaimableAt) {
            _refuse(
                "veto",
                abi.encodeWithSelector(
                    IRewardsDistributor.RewardsDistributorChallengeWindowClosed.selector, epoch, pendingClaimableAt
                )
            );
        }
        vm.prank(byOwner ? owner : guardian);
        distributor.vetoRoot(epoch);
        if (!hasPending || block.timestamp >= pendingClaimableAt) return;
        hasPending = false;
        assertEq(distributor.rootOf(epoch), bytes32(0));
        vetoes++;
        _ok("veto");
    }

    function withdrawUndistributed(uint256 amount) external {
        uint256 committed = totalOf[activeSlot] * (activeEpoch == 0 ? 0 : 1);
        if (hasPending && totalOf[pendingSlot] > committed) committed = totalOf[pendingSlot];
        uint256 owed = committed - distributor.totalClaimed();
        uint256 uncommitted = token.balanceOf(address(distributor)) - owed;
        amount = _bound(amount, 0, uncommitted + uncommitted / 4 + 1);
        if (amount > uncommitted) {
            _refuse(
                "withdrawUndistributed",
                abi.encodeWithSelector(
                    IRewardsDistributor.RewardsDistributorWithdrawalExceedsUncommitted.selector, amount, uncommitted
                )
            );
        }
        vm.prank(owner);
        distributor.withdrawUndistributed(replacement, amount);
        if (amount > uncommitted) return;
        withdrawn += amount;
        if (amount > 0) _ok("withdrawUndistributed");
    }

    /// @dev The publisher or the guardian pauses; claims are refused until the Timelock resumes them.
    function pauseAndResume(uint256 who, bool byGuardian) external {
        vm.prank(byGuardian ? guardian : publisher);
        distributor.pause();
        _refuse("pauseAndResume", abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorClaimsPaused.selector));
        vm.prank(byGuardian ? publisher : guardian);
        distributor.pause();
        _refuse("pauseAndResume", abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorClaimsPaused.selector));
        distributor.claim(people[who % PEOPLE], 0, new bytes32[](0));
        vm.prank(owner);
        distributor.unpause();
        _ok("pauseAndResume");
    }

    function setChallengePeriod(uint32 period) external {
        vm.prank(owner);
        distributor.setChallengePeriod(uint64(_bound(period, 1 hours, 1 days)));
        _ok("setChallengePeriod");
    }

    // ---------------------------------------------------------------- helpers

    /// @dev The base amounts plus random increases within the funding, or (`overstate`) one more than is funded.
    function _nextAmounts(uint256 base, uint256 funded, uint256 seed, bool overstate)
        private
        view
        returns (uint256[] memory amounts, uint256 total)
    {
        uint256 room = funded - totalOf[base];
        amounts = new uint256[](PEOPLE);
        for (uint256 i = 0; i < PEOPLE; i++) {
            amounts[i] = amountsOf[base][i] + uint256(keccak256(abi.encode(seed, i))) % (room / PEOPLE + 1);
            total += amounts[i];
        }
        if (overstate) {
            amounts[0] += funded + 1 - total;
            total = funded + 1;
        }
    }

    /// @dev True for one `roll` in `n`, hashed so that the fuzzer's favourite values (0, 1, max) are not special.
    function _oneIn(uint256 n, uint8 roll) private pure returns (bool) {
        return uint256(keccak256(abi.encode(roll))) % n == 0;
    }

    function _claimable() private view returns (bool any, uint256 slot) {
        if (hasPending && block.timestamp >= pendingClaimableAt) return (true, pendingSlot);
        return (activeEpoch != 0, activeSlot);
    }

    function _release() private {
        uint256 amount = pool.releasable(address(token));
        pool.release(address(token));
        released += amount;
    }
}

contract RewardsInvariantsTest is GuildTestBase, InvariantCounts {
    RewardsHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new RewardsHandler(token, distributor, d.distributionVesting, publisher, guardian, address(timelock));
        vm.prank(address(timelock));
        distributor.setChallengePeriod(1 days);
        _target(handler);
    }

    /// @dev claimed <= funded <= vested: nothing leaves except through claims and bounded withdrawals, and the pool
    /// only ever released what had vested.
    function invariant_ClaimedAtMostFundedAtMostVested() public view {
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        assertEq(funded + handler.withdrawn(), handler.released(), "every released token is held, paid or withdrawn");
        assertLe(distributor.totalClaimed(), funded);
        assertEq(d.distributionVesting.released(address(token)), handler.released());
        assertLe(handler.released(), d.distributionVesting.vestedAmount(address(token), uint64(block.timestamp)));
    }

    /// @dev Payouts stay within the claimable root's total, and every published total stays funded.
    function invariant_ClaimedAtMostClaimableTotal_AndRootsFunded() public view {
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        assertLe(distributor.totalClaimed(), distributor.totalCumulative());
        assertLe(distributor.totalCumulative(), funded);
        (,, uint256 pendingTotal,) = distributor.pendingRoot();
        assertLe(pendingTotal, funded);
    }

    function invariant_NoAccountReceivesMoreThanTheClaimableRootSays() public view {
        for (uint256 i = 0; i < 6; i++) {
            address person = handler.people(i);
            assertLe(token.rewardsReceived(person), handler.claimableCumulative(i));
            assertEq(token.balanceOf(person), token.rewardsReceived(person));
        }
    }

    function invariant_EpochsAreConsecutive() public view {
        uint256 latest = distributor.latestEpoch();
        assertEq(latest, handler.latestEpoch());
        assertEq(distributor.rootOf(latest + 1), bytes32(0));
        for (uint256 epoch = 1; epoch <= latest && epoch <= 20; epoch++) {
            assertNotEq(distributor.rootOf(epoch), bytes32(0), "every epoch up to the latest has a root");
        }
    }

    function invariant_SupplyIsTheCap() public view {
        assertEq(token.totalSupply(), token.CAP());
    }

    /// @dev The run exercised the distributor: roots were published and vetoed, claims paid, the pool withdrawn, early
    /// and forged claims refused.
    function afterInvariant() external view {
        _assertEachActionRan(handler);
        assertGt(handler.vetoes(), 0, "no root was vetoed");
    }
}
