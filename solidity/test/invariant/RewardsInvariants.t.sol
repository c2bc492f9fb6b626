// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {RewardsDistributor} from "../../src/RewardsDistributor.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";
import {StandardMerkleTree} from "../utils/StandardMerkleTree.sol";

/// @dev Drives the distributor through random epochs, fundings, claims (current, stale and forged) and pauses.
contract RewardsHandler is Test {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    uint256 internal constant PEOPLE = 6;

    GuildToken internal immutable token;
    RewardsDistributor internal immutable distributor;
    address internal immutable publisher;
    address internal immutable source;
    address internal immutable owner;

    StandardMerkleTree.Tree internal tree;
    address[] public people;
    uint256[PEOPLE] internal cumulative;
    uint256[PEOPLE] internal previousCumulative;
    uint256 public epoch;
    uint256 public totalFunded;
    uint256 public claims;

    constructor(
        GuildToken token_,
        RewardsDistributor distributor_,
        address publisher_,
        address source_,
        address owner_
    ) {
        (token, distributor, publisher, source, owner) = (token_, distributor_, publisher_, source_, owner_);
        for (uint256 i = 0; i < PEOPLE; i++) {
            people.push(makeAddr(string.concat("contributor", vm.toString(i))));
        }
    }

    function latestCumulative(uint256 i) external view returns (uint256) {
        return cumulative[i];
    }

    function fund(uint96 amount) external {
        uint256 a = bound(amount, 0, 1_000_000e18);
        vm.prank(source);
        token.transfer(address(distributor), a);
        totalFunded += a;
    }

    function publish(uint256 seed, uint8 skip, bool overstateFunding) external {
        uint256[] memory amounts = new uint256[](PEOPLE);
        address[] memory accounts = new address[](PEOPLE);
        uint256 total;
        for (uint256 i = 0; i < PEOPLE; i++) {
            previousCumulative[i] = cumulative[i];
            amounts[i] = cumulative[i] + (uint256(keccak256(abi.encode(seed, i))) % 50_000e18);
            accounts[i] = people[i];
            total += amounts[i];
        }
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        if (total > funded && !overstateFunding) {
            vm.prank(source);
            token.transfer(address(distributor), total - funded);
            totalFunded += total - funded;
        }
        bytes32 root = tree.build(accounts, amounts);
        uint256 next = epoch + 1 + (skip % 3);
        vm.prank(publisher);
        try distributor.publishRoot(next, root, total, bytes32(seed)) {
            epoch = next;
            for (uint256 i = 0; i < PEOPLE; i++) {
                cumulative[i] = amounts[i];
            }
        } catch {
            assertGt(total, funded, "publish may only fail when underfunded");
            // Restore the published tree so proofs keep matching the latest root.
            for (uint256 i = 0; i < PEOPLE; i++) {
                previousCumulative[i] = cumulative[i];
                amounts[i] = cumulative[i];
            }
            if (epoch != 0) tree.build(accounts, amounts);
        }
    }

    function claim(uint256 who, bool stale) external {
        if (epoch == 0) return;
        uint256 i = who % PEOPLE;
        uint256 amount = stale ? previousCumulative[i] : cumulative[i];
        if (stale && amount == cumulative[i]) return;
        bytes32[] memory proof = stale ? new bytes32[](0) : tree.proof(people[i], amount);
        uint256 before = token.balanceOf(people[i]);
        uint256 received = token.rewardsReceived(people[i]);
        try distributor.claim(people[i], amount, proof) {
            assertFalse(stale, "a stale or forged claim was paid");
            assertEq(token.balanceOf(people[i]) - before, amount - received, "pays the delta");
            claims++;
        } catch {}
    }

    function forgedClaim(uint256 who, uint96 amount) external {
        if (epoch == 0) return;
        uint256 i = who % PEOPLE;
        bytes32[] memory proof = tree.proof(people[i], cumulative[i]);
        if (amount == cumulative[i]) return;
        try distributor.claim(people[i], amount, proof) {
            revert("a forged amount was paid");
        } catch {}
    }

    function togglePause(bool pause) external {
        vm.prank(pause ? publisher : owner);
        if (pause) {
            try distributor.pause() {} catch {}
        } else {
            try distributor.unpause() {} catch {}
        }
    }
}

contract RewardsInvariantsTest is GuildTestBase {
    RewardsHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new RewardsHandler(token, distributor, publisher, address(d.treasuryVesting), address(timelock));
        targetContract(address(handler));
    }

    function invariant_TotalClaimedAtMostTotalFunded() public view {
        assertLe(distributor.totalClaimed(), handler.totalFunded());
        assertEq(token.balanceOf(address(distributor)) + distributor.totalClaimed(), handler.totalFunded());
    }

    function invariant_NoAccountReceivesMoreThanItsLatestCumulative() public view {
        for (uint256 i = 0; i < 6; i++) {
            address person = handler.people(i);
            assertLe(token.rewardsReceived(person), handler.latestCumulative(i));
            assertEq(token.balanceOf(person), token.rewardsReceived(person));
        }
    }

    function invariant_TotalClaimedAtMostPublishedTotal() public view {
        assertLe(distributor.totalClaimed(), distributor.totalCumulative());
    }

    function invariant_SupplyIsTheCap() public view {
        assertEq(token.totalSupply(), token.CAP());
        assertLe(token.totalSupply(), token.cap());
    }
}
