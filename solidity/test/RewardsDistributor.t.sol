// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RewardsDistributor} from "../src/RewardsDistributor.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";
import {StandardMerkleTree} from "./utils/StandardMerkleTree.sol";

contract RewardsDistributorTest is GuildTestBase {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    StandardMerkleTree.Tree internal tree;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger");

    function test_MerkleVector_MatchesOpenZeppelinMerkleTree() public {
        string memory json = vm.readFile("test/fixtures/merkle-vector.json");
        bytes32 root = vm.parseJsonBytes32(json, ".root");
        address[] memory accounts = new address[](5);
        uint256[] memory amounts = new uint256[](5);
        for (uint256 i = 0; i < 5; i++) {
            string memory item = string.concat(".leaves[", vm.toString(i), "]");
            accounts[i] = vm.parseJsonAddress(json, string.concat(item, ".account"));
            amounts[i] = vm.parseUint(vm.parseJsonString(json, string.concat(item, ".amount")));
            bytes32[] memory proof = vm.parseJsonBytes32Array(json, string.concat(item, ".proof"));
            assertTrue(MerkleProof.verify(proof, root, StandardMerkleTree.leaf(accounts[i], amounts[i])));
        }
        assertEq(tree.build(accounts, amounts), root, "Solidity builder matches @openzeppelin/merkle-tree");

        _fundDistributor(2_000_000e18);
        vm.prank(publisher);
        distributor.publishRoot(1, root, 1_200_000e18, bytes32(0));
        bytes32[] memory p3 = vm.parseJsonBytes32Array(json, ".leaves[3].proof");
        distributor.claim(accounts[3], amounts[3], p3);
        assertEq(token.balanceOf(accounts[3]), amounts[3]);
    }

    function test_PublishRoot_RecordsEpochAndEmits() public {
        _fundDistributor(100e18);
        bytes32 root = _tree3(10e18, 20e18, 30e18);
        vm.expectEmit(address(distributor));
        emit RewardsDistributor.RootPublished(1, root, 60e18, keccak256("report"));
        vm.prank(publisher);
        distributor.publishRoot(1, root, 60e18, keccak256("report"));
        assertEq(distributor.latestEpoch(), 1);
        assertEq(distributor.latestRoot(), root);
        assertEq(distributor.rootOf(1), root);
        assertEq(distributor.totalCumulative(), 60e18);
    }

    function test_PublishRoot_EpochsMaySkip() public {
        _fundDistributor(100e18);
        _publish(3, _tree3(1, 2, 3), 6);
        _publish(7, _tree3(1, 2, 4), 7);
        assertEq(distributor.latestEpoch(), 7);
        assertEq(distributor.rootOf(5), bytes32(0));
    }

    function test_RevertWhen_PublishRootByNonPublisher() public {
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorUnauthorizedPublisher.selector, stranger)
        );
        vm.prank(stranger);
        distributor.publishRoot(1, bytes32(uint256(1)), 0, 0);
    }

    function test_RevertWhen_PublishRootEpochNotIncreasing() public {
        _fundDistributor(100e18);
        _publish(2, _tree3(1, 2, 3), 6);
        for (uint256 epoch = 1; epoch <= 2; epoch++) {
            vm.expectRevert(
                abi.encodeWithSelector(RewardsDistributor.RewardsDistributorEpochNotIncreasing.selector, epoch, 2)
            );
            vm.prank(publisher);
            distributor.publishRoot(epoch, bytes32(uint256(9)), 6, 0);
        }
    }

    function test_RevertWhen_PublishRootEpochZero() public {
        vm.expectRevert(abi.encodeWithSelector(RewardsDistributor.RewardsDistributorEpochNotIncreasing.selector, 0, 0));
        vm.prank(publisher);
        distributor.publishRoot(0, bytes32(uint256(9)), 0, 0);
    }

    function test_RevertWhen_PublishRootZero() public {
        vm.expectRevert(RewardsDistributor.RewardsDistributorInvalidRoot.selector);
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(0), 0, 0);
    }

    function test_RevertWhen_PublishRootTotalDecreases() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(1, 2, 3), 6);
        vm.expectRevert(abi.encodeWithSelector(RewardsDistributor.RewardsDistributorTotalDecreased.selector, 5, 6));
        vm.prank(publisher);
        distributor.publishRoot(2, bytes32(uint256(9)), 5, 0);
    }

    function test_RevertWhen_PublishRootUnderfunded() public {
        _fundDistributor(50e18);
        vm.expectRevert(abi.encodeWithSelector(RewardsDistributor.RewardsDistributorUnderfunded.selector, 60e18, 50e18));
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(uint256(9)), 60e18, 0);
    }

    function test_PublishRoot_FundingCountsWhatWasPaid() public {
        _fundDistributor(60e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        // 50 left + 10 paid = 60 funded: a total of 60 is covered, 61 is not.
        bytes32 root = _tree3(10e18, 20e18, 30e18 + 1);
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorUnderfunded.selector, 60e18 + 1, 60e18)
        );
        vm.prank(publisher);
        distributor.publishRoot(2, root, 60e18 + 1, 0);
    }

    function test_Claim_PaysCumulativeDeltaAcrossEpochs() public {
        _fundDistributor(1_000e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.expectEmit(address(distributor));
        emit RewardsDistributor.Claimed(alice, 10e18, 10e18);
        _claimFrom(alice, 10e18);

        _publish(2, _tree3(15e18, 50e18, 30e18), 95e18);
        _publish(3, _tree3(40e18, 50e18, 30e18), 120e18);
        // One claim covers epochs 2 and 3.
        vm.expectEmit(address(distributor));
        emit RewardsDistributor.Claimed(alice, 30e18, 40e18);
        _claimFrom(alice, 40e18);
        _claimFrom(bob, 50e18);

        assertEq(token.balanceOf(alice), 40e18);
        assertEq(distributor.claimed(alice), 40e18);
        assertEq(distributor.claimed(bob), 50e18);
        assertEq(distributor.totalClaimed(), 90e18);
        assertEq(token.balanceOf(address(distributor)), 910e18);
    }

    function test_Claim_AnyoneMaySubmitForTheAccount() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.prank(stranger);
        distributor.claim(bob, 20e18, tree.proof(bob, 20e18));
        assertEq(token.balanceOf(bob), 20e18);
        assertEq(token.balanceOf(stranger), 0);
    }

    function test_RevertWhen_ClaimTwice() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        bytes32[] memory proof = tree.proof(alice, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorNothingToClaim.selector, alice, 10e18, 10e18)
        );
        distributor.claim(alice, 10e18, proof);
    }

    function test_RevertWhen_ClaimAgainstAStaleRoot() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        bytes32[] memory stale = tree.proof(alice, 10e18);
        _publish(2, _tree3(11e18, 20e18, 30e18), 61e18);
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 10e18)
        );
        distributor.claim(alice, 10e18, stale);
    }

    function test_RevertWhen_ClaimBeforeAnyRoot() public {
        vm.expectRevert(abi.encodeWithSelector(RewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 1));
        distributor.claim(alice, 1, new bytes32[](0));
    }

    function testFuzz_RevertWhen_ClaimWithAFlippedBit(uint8 which, uint8 bit) public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        bytes32[] memory proof = tree.proof(bob, 20e18);
        address account = bob;
        uint256 amount = 20e18;
        uint256 choice = which % 3;
        if (choice == 0) {
            proof[bit % proof.length] ^= bytes32(uint256(1) << (bit % 256));
        } else if (choice == 1) {
            account = address(uint160(account) ^ uint160(1 << (bit % 160)));
        } else {
            amount ^= uint256(1) << (bit % 256);
        }
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorInvalidProof.selector, account, amount)
        );
        distributor.claim(account, amount, proof);
    }

    function test_RevertWhen_ClaimExceedsDeclaredTotal() public {
        _fundDistributor(100e18);
        // The publisher declares 25 while the leaves add up to 60.
        bytes32 root = _tree3(10e18, 20e18, 30e18);
        vm.prank(publisher);
        distributor.publishRoot(1, root, 25e18, 0);
        _claimFrom(bob, 20e18);
        bytes32[] memory proof = tree.proof(carol, 30e18);
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorTotalExceeded.selector, 50e18, 25e18)
        );
        distributor.claim(carol, 30e18, proof);
    }

    function test_Pause_StopsClaimsUntilTheOwnerResumes() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.expectEmit(address(distributor));
        emit RewardsDistributor.Paused(publisher);
        vm.prank(publisher);
        distributor.pause();
        assertTrue(distributor.paused());

        bytes32[] memory proof = tree.proof(alice, 10e18);
        vm.expectRevert(RewardsDistributor.RewardsDistributorClaimsPaused.selector);
        distributor.claim(alice, 10e18, proof);

        // Publishing still works while paused.
        _publish(2, _tree3(10e18, 20e18, 31e18), 61e18);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, publisher));
        vm.prank(publisher);
        distributor.unpause();

        vm.expectEmit(address(distributor));
        emit RewardsDistributor.Unpaused(address(timelock));
        vm.prank(address(timelock));
        distributor.unpause();
        _claimFrom(alice, 10e18);
    }

    function test_RevertWhen_PauseByStranger() public {
        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorUnauthorizedPauser.selector, stranger)
        );
        vm.prank(stranger);
        distributor.pause();
    }

    function test_RevertWhen_PauseTwice() public {
        vm.prank(address(timelock));
        distributor.pause();
        vm.expectRevert(RewardsDistributor.RewardsDistributorClaimsPaused.selector);
        vm.prank(address(timelock));
        distributor.pause();
    }

    function test_RevertWhen_UnpauseWhileNotPaused() public {
        vm.expectRevert(RewardsDistributor.RewardsDistributorNotPaused.selector);
        vm.prank(address(timelock));
        distributor.unpause();
    }

    function test_SetPublisher_OnlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, publisher));
        vm.prank(publisher);
        distributor.setPublisher(stranger);

        vm.expectEmit(address(distributor));
        emit RewardsDistributor.PublisherChanged(publisher, stranger);
        vm.prank(address(timelock));
        distributor.setPublisher(stranger);
        assertEq(distributor.publisher(), stranger);

        vm.expectRevert(
            abi.encodeWithSelector(RewardsDistributor.RewardsDistributorUnauthorizedPublisher.selector, publisher)
        );
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(uint256(1)), 0, 0);
    }

    function test_RevertWhen_SetPublisherZero() public {
        vm.expectRevert(RewardsDistributor.RewardsDistributorInvalidPublisher.selector);
        vm.prank(address(timelock));
        distributor.setPublisher(address(0));
    }

    function test_Views() public view {
        assertEq(address(distributor.token()), address(token));
        assertEq(distributor.publisher(), publisher);
        assertEq(distributor.owner(), address(timelock));
        assertFalse(distributor.paused());
        assertEq(distributor.totalClaimed(), 0);
    }

    /// @dev Random epoch sequences: each claim pays exactly the increase since the account's last claim.
    function testFuzz_ClaimDeltas_OverRandomEpochSequences(uint256 seed, uint8 epochCount) public {
        uint256 epochs = bound(epochCount, 1, 8);
        address[3] memory people = [alice, bob, carol];
        uint256[3] memory cumulative;
        uint256[3] memory paidSoFar;
        _fundDistributor(10_000_000e18);
        uint256 epoch = 0;
        for (uint256 e = 0; e < epochs; e++) {
            for (uint256 i = 0; i < 3; i++) {
                cumulative[i] += uint256(keccak256(abi.encode(seed, e, i))) % 100_000e18;
            }
            epoch += 1 + (uint256(keccak256(abi.encode(seed, e))) % 3);
            _publish(
                epoch,
                _tree3(cumulative[0], cumulative[1], cumulative[2]),
                cumulative[0] + cumulative[1] + cumulative[2]
            );
            for (uint256 i = 0; i < 3; i++) {
                bool claims = uint256(keccak256(abi.encode(seed, e, i, "claim"))) % 2 == 0;
                if (!claims || cumulative[i] == paidSoFar[i]) continue;
                uint256 before = token.balanceOf(people[i]);
                _claimFrom(people[i], cumulative[i]);
                assertEq(token.balanceOf(people[i]) - before, cumulative[i] - paidSoFar[i], "delta paid");
                paidSoFar[i] = cumulative[i];
            }
        }
        uint256 total;
        for (uint256 i = 0; i < 3; i++) {
            assertEq(distributor.claimed(people[i]), paidSoFar[i]);
            assertLe(paidSoFar[i], cumulative[i]);
            total += paidSoFar[i];
        }
        assertEq(distributor.totalClaimed(), total);
    }

    function _tree3(uint256 a, uint256 b, uint256 c) internal returns (bytes32) {
        address[] memory accounts = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        (accounts[0], accounts[1], accounts[2]) = (alice, bob, carol);
        (amounts[0], amounts[1], amounts[2]) = (a, b, c);
        return tree.build(accounts, amounts);
    }

    function _publish(uint256 epoch, bytes32 root, uint256 total) internal {
        vm.prank(publisher);
        distributor.publishRoot(epoch, root, total, keccak256(abi.encode(epoch)));
    }

    function _claimFrom(address account, uint256 amount) internal {
        distributor.claim(account, amount, tree.proof(account, amount));
    }
}
