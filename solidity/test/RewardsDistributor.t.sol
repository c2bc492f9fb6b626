// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RewardsDistributor} from "../src/RewardsDistributor.sol";
import {IRewardsDistributor} from "../src/interfaces/IRewardsDistributor.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";
import {StandardMerkleTree} from "./utils/StandardMerkleTree.sol";

contract RewardsDistributorTest is GuildTestBase {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    uint256 internal constant PERIOD = 3 days; // GuildDeployment's default challenge period

    StandardMerkleTree.Tree internal tree;
    StandardMerkleTree.Tree internal drainTree;
    StandardMerkleTree.Tree[2] internal sequence;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger");

    // ---------------------------------------------------------------- leaf format

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
        _publishClaimable(1, root, 1_200_000e18);
        bytes32[] memory p3 = vm.parseJsonBytes32Array(json, ".leaves[3].proof");
        distributor.claim(accounts[3], amounts[3], p3);
        assertEq(token.balanceOf(accounts[3]), amounts[3]);
    }

    // ---------------------------------------------------------------- publishing and the window

    function test_PublishRoot_StagesAPendingRootAndEmits() public {
        _fundDistributor(100e18);
        bytes32 root = _tree3(10e18, 20e18, 30e18);
        uint256 claimableAt = block.timestamp + PERIOD;
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.RootPublished(1, root, 60e18, keccak256("report"), claimableAt, DEFAULT_WEIGHTS_HASH);
        vm.prank(publisher);
        distributor.publishRoot(1, root, 60e18, keccak256("report"), DEFAULT_WEIGHTS_HASH);

        assertEq(distributor.latestEpoch(), 1);
        assertEq(distributor.rootOf(1), root);
        assertEq(distributor.claimableEpoch(), 0);
        assertEq(distributor.claimableRoot(), bytes32(0));
        assertEq(distributor.totalCumulative(), 0);
        (uint256 epoch, bytes32 pending, uint256 total, uint256 readyAt) = distributor.pendingRoot();
        assertEq(abi.encode(epoch, pending, total, readyAt), abi.encode(1, root, 60e18, claimableAt));

        vm.warp(claimableAt);
        assertEq(distributor.latestEpoch(), 1);
        assertEq(distributor.claimableEpoch(), 1);
        assertEq(distributor.claimableRoot(), root);
        assertEq(distributor.totalCumulative(), 60e18);
        (epoch, pending, total, readyAt) = distributor.pendingRoot();
        assertEq(abi.encode(epoch, pending, total, readyAt), abi.encode(0, bytes32(0), 0, 0));
    }

    function test_RevertWhen_PublishRootByNonPublisher() public {
        for (uint256 i = 0; i < 3; i++) {
            address caller = [stranger, guardian, address(timelock)][i];
            vm.expectRevert(
                abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedPublisher.selector, caller)
            );
            vm.prank(caller);
            distributor.publishRoot(1, bytes32(uint256(1)), 0, 0, DEFAULT_WEIGHTS_HASH);
        }
    }

    /// @dev The brick: an epoch nothing can follow (2^56 - 1, the old storage width) is refused; latest + 1 works.
    function test_Brick_LastPossibleEpochIsRefused_AndTheNextEpochStillPublishes() public {
        _fundDistributor(100e18);
        uint256 last = type(uint56).max;
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorEpochNotConsecutive.selector, last, 1)
        );
        vm.prank(publisher);
        distributor.publishRoot(last, bytes32(uint256(9)), 6, 0, DEFAULT_WEIGHTS_HASH);

        _publishClaimable(1, _tree3(1, 2, 3), 6);
        _publish(2, _tree3(1, 2, 4), 7);
        assertEq(distributor.latestEpoch(), 2);
    }

    function testFuzz_RevertWhen_PublishRootEpochNotConsecutive(uint256 epoch, bool afterOneEpoch) public {
        _fundDistributor(100e18);
        uint256 expected = 1;
        if (afterOneEpoch) {
            _publishClaimable(1, _tree3(1, 2, 3), 6);
            expected = 2;
        }
        vm.assume(epoch != expected);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorEpochNotConsecutive.selector, epoch, expected)
        );
        vm.prank(publisher);
        distributor.publishRoot(epoch, bytes32(uint256(9)), 6, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_RevertWhen_PublishingTheSameEpochTwice() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(1, 2, 3), 6);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorEpochNotConsecutive.selector, 1, 2)
        );
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(uint256(9)), 6, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_RevertWhen_PublishWhileARootIsPending() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(1, 2, 3), 6);
        uint256 claimableAt = block.timestamp + PERIOD;
        vm.warp(claimableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorRootPending.selector, 1, claimableAt)
        );
        vm.prank(publisher);
        distributor.publishRoot(2, bytes32(uint256(9)), 6, 0, DEFAULT_WEIGHTS_HASH);

        vm.warp(claimableAt);
        _publish(2, bytes32(uint256(9)), 6);
        assertEq(distributor.latestEpoch(), 2);
    }

    function test_PublishRoot_PromotesTheMaturedPendingRoot() public {
        _fundDistributor(100e18);
        bytes32 root1 = _tree3(10e18, 20e18, 30e18);
        _publishClaimable(1, root1, 60e18);
        bytes32 root2 = keccak256("root 2");
        _publish(2, root2, 70e18);

        // Epoch 1 is now the active root and stays claimable while epoch 2 waits out its window.
        assertEq(distributor.rootOf(1), root1);
        assertEq(distributor.rootOf(2), root2);
        assertEq(distributor.claimableEpoch(), 1);
        assertEq(distributor.claimableRoot(), root1);
        assertEq(distributor.totalCumulative(), 60e18);
        _mature();
        assertEq(distributor.claimableEpoch(), 2);
        assertEq(distributor.claimableRoot(), root2);
        assertEq(distributor.totalCumulative(), 70e18);
    }

    function test_RevertWhen_PublishRootZero() public {
        vm.expectRevert(IRewardsDistributor.RewardsDistributorInvalidRoot.selector);
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(0), 0, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_RevertWhen_PublishRootTotalDecreases() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(1, 2, 3), 6);
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorTotalDecreased.selector, 5, 6));
        vm.prank(publisher);
        distributor.publishRoot(2, bytes32(uint256(9)), 5, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_RevertWhen_PublishRootUnderfunded() public {
        _fundDistributor(50e18);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnderfunded.selector, 60e18, 50e18)
        );
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(uint256(9)), 60e18, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_PublishRoot_FundingCountsWhatWasPaid() public {
        _fundDistributor(60e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        // 50 left + 10 paid = 60 funded: a total of 60 is covered, 61 is not.
        bytes32 root = _tree3(10e18, 20e18, 30e18 + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnderfunded.selector, 60e18 + 1, 60e18)
        );
        vm.prank(publisher);
        distributor.publishRoot(2, root, 60e18 + 1, 0, DEFAULT_WEIGHTS_HASH);
    }

    // ---------------------------------------------------------------- the drain, and vetoes

    /// @dev The drain: the publisher's one-leaf root paying itself the whole funded balance never pays.
    function test_Drain_PublisherPaysItselfEverything_GuardianVetoes_HonestRootPays() public {
        _drain(guardian);
    }

    function test_Drain_PublisherPaysItselfEverything_TimelockVetoes_HonestRootPays() public {
        _drain(address(timelock));
    }

    /// @dev Before its window has passed, no moment lets the drain root pay.
    function testFuzz_Drain_NoClaimBeforeTheWindowPasses(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, PERIOD - 1);
        _fundDistributor(1_000e18);
        bytes32 root = _drainRoot(1_000e18);
        _publish(1, root, 1_000e18);
        vm.warp(block.timestamp + elapsed);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, publisher, 1_000e18)
        );
        distributor.claim(publisher, 1_000e18, new bytes32[](0));
    }

    function test_VetoRoot_EmitsAndForgetsTheEpoch() public {
        _fundDistributor(100e18);
        bytes32 root1 = _tree3(10e18, 20e18, 30e18);
        _publishClaimable(1, root1, 60e18);
        bytes32 bad = keccak256("bad");
        _publish(2, bad, 100e18);

        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.RootVetoed(2, bad, guardian);
        vm.prank(guardian);
        distributor.vetoRoot(2);

        assertEq(distributor.rootOf(2), bytes32(0));
        assertEq(distributor.latestEpoch(), 1);
        (uint256 epoch,,, uint256 readyAt) = distributor.pendingRoot();
        assertEq(epoch + readyAt, 0);
        _mature();
        // The vetoed root never becomes claimable; epoch 1 still is.
        assertEq(distributor.claimableEpoch(), 1);
        assertEq(distributor.claimableRoot(), root1);
        _claimFrom(alice, 10e18);
        // Epoch 2 is free again, and its total is checked against epoch 1's, not the vetoed one's.
        _publish(2, keccak256("good"), 61e18);
        assertEq(distributor.rootOf(2), keccak256("good"));
    }

    function test_RevertWhen_VetoAtOrAfterClaimableAt() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        uint256 claimableAt = block.timestamp + PERIOD;
        vm.warp(claimableAt);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorChallengeWindowClosed.selector, 1, claimableAt)
        );
        vm.prank(guardian);
        distributor.vetoRoot(1);

        vm.warp(claimableAt + 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorChallengeWindowClosed.selector, 1, claimableAt)
        );
        vm.prank(address(timelock));
        distributor.vetoRoot(1);
        _claimFrom(alice, 10e18);
    }

    function test_RevertWhen_VetoByNeitherOwnerNorGuardian() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        for (uint256 i = 0; i < 2; i++) {
            address caller = [stranger, publisher][i];
            vm.expectRevert(
                abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedVetoer.selector, caller)
            );
            vm.prank(caller);
            distributor.vetoRoot(1);
        }
    }

    function test_RevertWhen_VetoAnEpochThatIsNotPending() public {
        _fundDistributor(100e18);
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorNotPending.selector, 1, 0));
        vm.prank(guardian);
        distributor.vetoRoot(1);

        _publishClaimable(1, _tree3(1, 2, 3), 6);
        _publish(2, _tree3(1, 2, 4), 7);
        for (uint256 epoch = 0; epoch < 4; epoch += 1 + (epoch == 1 ? 1 : 0)) {
            // 0, 1 and 3: the active epoch, nothing and the future are not the pending epoch 2.
            vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorNotPending.selector, epoch, 2));
            vm.prank(guardian);
            distributor.vetoRoot(epoch);
        }
    }

    function test_SetGuardian_OnlyOwner_AndZeroMeansNoGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        distributor.setGuardian(stranger);

        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.GuardianChanged(guardian, address(0));
        vm.prank(address(timelock));
        distributor.setGuardian(address(0));
        assertEq(distributor.guardian(), address(0));

        _fundDistributor(100e18);
        _publish(1, _tree3(1, 2, 3), 6);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedVetoer.selector, guardian)
        );
        vm.prank(guardian);
        distributor.vetoRoot(1);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedPauser.selector, guardian)
        );
        vm.prank(guardian);
        distributor.pause();
        vm.prank(address(timelock));
        distributor.vetoRoot(1);
    }

    // ---------------------------------------------------------------- challenge period

    function test_SetChallengePeriod_OnlyOwnerAndBounded() public {
        uint256 max = distributor.MAX_CHALLENGE_PERIOD();
        assertEq(max, 30 days);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, publisher));
        vm.prank(publisher);
        distributor.setChallengePeriod(0);

        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorChallengePeriodTooLong.selector, max + 1, max)
        );
        vm.prank(address(timelock));
        distributor.setChallengePeriod(uint64(max + 1));

        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.ChallengePeriodChanged(PERIOD, max);
        vm.prank(address(timelock));
        distributor.setChallengePeriod(uint64(max));
        assertEq(distributor.challengePeriod(), max);
    }

    function testFuzz_RevertWhen_ConstructedWithATooLongPeriod(uint64 period) public {
        period = uint64(bound(period, 30 days + 1, type(uint64).max));
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorChallengePeriodTooLong.selector, period, 30 days
            )
        );
        new RewardsDistributor(token, address(timelock), publisher, period, guardian, d.weights);
    }

    function test_SetChallengePeriod_KeepsThePendingRootsClaimableAt() public {
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        uint256 claimableAt = block.timestamp + PERIOD;
        vm.prank(address(timelock));
        distributor.setChallengePeriod(0);
        (,,, uint256 readyAt) = distributor.pendingRoot();
        assertEq(readyAt, claimableAt);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 10e18)
        );
        distributor.claim(alice, 10e18, tree.proof(alice, 10e18));
    }

    function test_ZeroChallengePeriod_RootIsClaimableAtOnceAndCannotBeVetoed() public {
        vm.prank(address(timelock));
        distributor.setChallengePeriod(0);
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorChallengeWindowClosed.selector, 1, block.timestamp
            )
        );
        vm.prank(guardian);
        distributor.vetoRoot(1);
        _publish(2, _tree3(10e18, 25e18, 30e18), 65e18);
        _claimFrom(bob, 25e18);
    }

    // ---------------------------------------------------------------- claims

    function test_Claim_PaysCumulativeDeltaAcrossEpochs() public {
        _fundDistributor(1_000e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.Claimed(alice, 10e18, 10e18);
        _claimFrom(alice, 10e18);

        _publishClaimable(2, _tree3(15e18, 50e18, 30e18), 95e18);
        _publishClaimable(3, _tree3(40e18, 50e18, 30e18), 120e18);
        // One claim covers epochs 2 and 3.
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.Claimed(alice, 30e18, 40e18);
        _claimFrom(alice, 40e18);
        _claimFrom(bob, 50e18);

        assertEq(token.balanceOf(alice), 40e18);
        assertEq(distributor.claimed(alice), 40e18);
        assertEq(distributor.claimed(bob), 50e18);
        assertEq(distributor.totalClaimed(), 90e18);
        assertEq(token.balanceOf(address(distributor)), 910e18);
    }

    /// @dev A contributor claims epoch N while N + 1 waits out its window, then the increase once it has passed.
    function test_Claim_ActiveRootWhileTheNextIsPending() public {
        _fundDistributor(1_000e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        bytes32[] memory proofN = tree.proof(alice, 10e18);
        _publish(2, _tree3(15e18, 50e18, 30e18), 95e18);

        distributor.claim(alice, 10e18, proofN);
        // The pending root's leaves do not pay yet.
        bytes32[] memory proofNext = tree.proof(alice, 15e18);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 15e18)
        );
        distributor.claim(alice, 15e18, proofNext);

        _mature();
        distributor.claim(alice, 15e18, proofNext);
        assertEq(token.balanceOf(alice), 15e18);
    }

    function test_Claim_AnyoneMaySubmitForTheAccount() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.prank(stranger);
        distributor.claim(bob, 20e18, tree.proof(bob, 20e18));
        assertEq(token.balanceOf(bob), 20e18);
        assertEq(token.balanceOf(stranger), 0);
    }

    function test_RevertWhen_ClaimTwice() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        bytes32[] memory proof = tree.proof(alice, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorNothingToClaim.selector, alice, 10e18, 10e18)
        );
        distributor.claim(alice, 10e18, proof);
    }

    function test_RevertWhen_ClaimAgainstAStaleRoot() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        bytes32[] memory stale = tree.proof(alice, 10e18);
        _publishClaimable(2, _tree3(11e18, 20e18, 30e18), 61e18);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 10e18)
        );
        distributor.claim(alice, 10e18, stale);
    }

    function test_RevertWhen_ClaimBeforeAnyRoot() public {
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, alice, 1));
        distributor.claim(alice, 1, new bytes32[](0));
    }

    function testFuzz_RevertWhen_ClaimWithAFlippedBit(uint8 which, uint8 bit) public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
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
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, account, amount)
        );
        distributor.claim(account, amount, proof);
    }

    function test_RevertWhen_ClaimExceedsDeclaredTotal() public {
        _fundDistributor(100e18);
        // The publisher declares 25 while the leaves add up to 60.
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 25e18);
        _claimFrom(bob, 20e18);
        bytes32[] memory proof = tree.proof(carol, 30e18);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorTotalExceeded.selector, 50e18, 25e18)
        );
        distributor.claim(carol, 30e18, proof);
    }

    /// @dev Random consecutive epochs, claimed either while the next root is pending (against the active root) or
    /// after its window: each claim pays exactly the increase since the account's last claim.
    function testFuzz_ClaimDeltas_OverRandomEpochSequences(uint256 seed, uint8 epochCount) public {
        uint256 epochs = bound(epochCount, 1, 8);
        address[3] memory people = [alice, bob, carol];
        uint256[3] memory cumulative;
        uint256[3] memory paidSoFar;
        _fundDistributor(10_000_000e18);
        for (uint256 epoch = 1; epoch <= epochs; epoch++) {
            _mature(); // the previous root's window has passed: it is the one claims verify against
            uint256[3] memory claimable = [cumulative[0], cumulative[1], cumulative[2]];
            for (uint256 i = 0; i < 3; i++) {
                cumulative[i] += uint256(keccak256(abi.encode(seed, epoch, i))) % 100_000e18;
            }
            StandardMerkleTree.Tree storage published = sequence[epoch % 2];
            published.build(_people(), _amounts(cumulative));
            _publish(epoch, published.root(), cumulative[0] + cumulative[1] + cumulative[2]);

            StandardMerkleTree.Tree storage current = sequence[(epoch - 1) % 2];
            if (uint256(keccak256(abi.encode(seed, epoch))) % 2 == 0) {
                _mature();
                claimable = [cumulative[0], cumulative[1], cumulative[2]];
                current = published;
            }
            for (uint256 i = 0; i < 3; i++) {
                bool claims = uint256(keccak256(abi.encode(seed, epoch, i, "claim"))) % 2 == 0;
                if (!claims || claimable[i] == paidSoFar[i]) continue;
                uint256 before = token.balanceOf(people[i]);
                distributor.claim(people[i], claimable[i], current.proof(people[i], claimable[i]));
                assertEq(token.balanceOf(people[i]) - before, claimable[i] - paidSoFar[i], "delta paid");
                paidSoFar[i] = claimable[i];
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

    // ---------------------------------------------------------------- the undistributed pool

    function test_WithdrawUndistributed_BoundedByWhatRootsCommit() public {
        address replacement = makeAddr("replacement");
        _fundDistributor(100e18);
        _publish(1, _tree3(10e18, 20e18, 30e18), 60e18); // pending roots commit too
        _expectWithdrawRefused(41e18, 40e18);
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.UndistributedWithdrawn(replacement, 40e18);
        vm.prank(address(timelock));
        distributor.withdrawUndistributed(replacement, 40e18);
        assertEq(token.balanceOf(replacement), 40e18);
        _expectWithdrawRefused(1, 0);

        _mature();
        _claimFrom(alice, 10e18); // 50 left, 50 still owed
        _expectWithdrawRefused(1, 0);
        _fundDistributor(30e18); // 80 held, 10 paid
        _publish(2, keccak256("epoch 2"), 70e18); // owes 60: 20 free
        _expectWithdrawRefused(20e18 + 1, 20e18);
        vm.prank(guardian);
        distributor.vetoRoot(2); // back to epoch 1's 60, 50 owed: 30 free
        _expectWithdrawRefused(30e18 + 1, 30e18);
        vm.prank(address(timelock));
        distributor.withdrawUndistributed(replacement, 30e18);

        // Everything the remaining root promises is still there.
        _claimFrom(bob, 20e18);
        _claimFrom(carol, 30e18);
        assertEq(token.balanceOf(address(distributor)), 0);
    }

    /// @dev Whatever is funded, claimed and withdrawn, every leaf of the claimable root stays payable.
    function testFuzz_WithdrawUndistributed_NeverTouchesWhatIsOwed(uint96 extra, uint8 claimers, uint96 amount) public {
        uint256 funding = 60e18 + bound(extra, 0, 1_000_000e18);
        _fundDistributor(funding);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        uint256 paid;
        for (uint256 i = 0; i < claimers % 4; i++) {
            _claimFrom([alice, bob, carol][i], [10e18, 20e18, 30e18][i]);
            paid += [10e18, 20e18, 30e18][i];
        }
        uint256 free = funding - 60e18;
        uint256 take = bound(amount, 0, free + 1e18);
        if (take > free) {
            _expectWithdrawRefused(take, free);
            return;
        }
        vm.prank(address(timelock));
        distributor.withdrawUndistributed(stranger, take);
        assertEq(token.balanceOf(address(distributor)), 60e18 - paid + free - take);
        for (uint256 i = claimers % 4; i < 3; i++) {
            _claimFrom([alice, bob, carol][i], [10e18, 20e18, 30e18][i]);
        }
        assertEq(distributor.totalClaimed(), 60e18);
    }

    function test_RevertWhen_WithdrawUndistributedByNonOwner() public {
        _fundDistributor(100e18);
        for (uint256 i = 0; i < 3; i++) {
            address caller = [publisher, guardian, stranger][i];
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
            vm.prank(caller);
            distributor.withdrawUndistributed(caller, 1);
        }
    }

    /// @dev A rogue publisher is stopped and replaced, and governance moves the pool to a new distributor.
    function test_Recovery_TimelockRotatesThePublisherAndMovesThePool() public {
        _fundDistributor(1_000e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _publish(2, _drainRoot(1_000e18), 1_000e18);
        vm.startPrank(guardian);
        distributor.vetoRoot(2);
        distributor.pause();
        vm.stopPrank();

        address newPublisher = makeAddr("newPublisher");
        address replacement = makeAddr("replacement");
        vm.startPrank(address(timelock));
        distributor.setPublisher(newPublisher);
        distributor.withdrawUndistributed(replacement, 940e18);
        distributor.unpause();
        vm.stopPrank();

        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedPublisher.selector, publisher)
        );
        vm.prank(publisher);
        distributor.publishRoot(2, _drainRoot(1_000e18), 60e18, 0, DEFAULT_WEIGHTS_HASH);
        assertEq(token.balanceOf(replacement), 940e18);
        _claimFrom(carol, 30e18); // epoch 1 still pays what it promised
    }

    // ---------------------------------------------------------------- pause and roles

    function test_Pause_StopsClaimsUntilTheOwnerResumes() public {
        _fundDistributor(100e18);
        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.Paused(publisher);
        vm.prank(publisher);
        distributor.pause();
        assertTrue(distributor.paused());

        bytes32[] memory proof = tree.proof(alice, 10e18);
        vm.expectRevert(IRewardsDistributor.RewardsDistributorClaimsPaused.selector);
        distributor.claim(alice, 10e18, proof);

        // Publishing still works while paused.
        _publish(2, _tree3(10e18, 20e18, 31e18), 61e18);

        for (uint256 i = 0; i < 2; i++) {
            address caller = [publisher, guardian][i];
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
            vm.prank(caller);
            distributor.unpause();
        }

        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.Unpaused(address(timelock));
        vm.prank(address(timelock));
        distributor.unpause();
        _mature();
        _claimFrom(alice, 10e18);
    }

    function test_Pause_ByTheGuardian() public {
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.Paused(guardian);
        vm.prank(guardian);
        distributor.pause();
        assertTrue(distributor.paused());
    }

    function test_RevertWhen_PauseByStranger() public {
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedPauser.selector, stranger)
        );
        vm.prank(stranger);
        distributor.pause();
    }

    function test_RevertWhen_PauseTwice() public {
        vm.prank(address(timelock));
        distributor.pause();
        vm.expectRevert(IRewardsDistributor.RewardsDistributorClaimsPaused.selector);
        vm.prank(address(timelock));
        distributor.pause();
    }

    function test_RevertWhen_UnpauseWhileNotPaused() public {
        vm.expectRevert(IRewardsDistributor.RewardsDistributorNotPaused.selector);
        vm.prank(address(timelock));
        distributor.unpause();
    }

    function test_SetPublisher_OnlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, publisher));
        vm.prank(publisher);
        distributor.setPublisher(stranger);

        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.PublisherChanged(publisher, stranger);
        vm.prank(address(timelock));
        distributor.setPublisher(stranger);
        assertEq(distributor.publisher(), stranger);

        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorUnauthorizedPublisher.selector, publisher)
        );
        vm.prank(publisher);
        distributor.publishRoot(1, bytes32(uint256(1)), 0, 0, DEFAULT_WEIGHTS_HASH);
    }

    function test_RevertWhen_SetPublisherZero() public {
        vm.expectRevert(IRewardsDistributor.RewardsDistributorInvalidPublisher.selector);
        vm.prank(address(timelock));
        distributor.setPublisher(address(0));
    }

    function test_Constructor_EmitsTheInitialRoles() public {
        vm.expectEmit();
        emit IRewardsDistributor.PublisherChanged(address(0), publisher);
        vm.expectEmit();
        emit IRewardsDistributor.ChallengePeriodChanged(0, 1 hours);
        vm.expectEmit();
        emit IRewardsDistributor.GuardianChanged(address(0), guardian);
        new RewardsDistributor(token, address(timelock), publisher, 1 hours, guardian, d.weights);
    }

    function test_Views() public view {
        assertEq(address(distributor.token()), address(token));
        assertEq(distributor.publisher(), publisher);
        assertEq(distributor.guardian(), guardian);
        assertEq(distributor.owner(), address(timelock));
        assertEq(distributor.challengePeriod(), PERIOD);
        assertFalse(distributor.paused());
        assertEq(distributor.totalClaimed(), 0);
        assertEq(distributor.latestEpoch(), 0);
        assertEq(distributor.claimableEpoch(), 0);
        assertEq(distributor.claimableRoot(), bytes32(0));
        assertEq(distributor.totalCumulative(), 0);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev The publisher tries to take the whole funded balance; `vetoer` stops it; an honest root then pays.
    function _drain(address vetoer) private {
        _fundDistributor(1_000e18);
        uint256 funded = token.balanceOf(address(distributor));
        bytes32 root = _drainRoot(funded);
        _publish(1, root, funded);

        bytes32[] memory proof = new bytes32[](0); // a one-leaf tree's root is its leaf
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, publisher, funded)
        );
        distributor.claim(publisher, funded, proof);

        vm.warp(block.timestamp + PERIOD - 1);
        vm.expectEmit(address(distributor));
        emit IRewardsDistributor.RootVetoed(1, root, vetoer);
        vm.prank(vetoer);
        distributor.vetoRoot(1);

        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardsDistributor.RewardsDistributorInvalidProof.selector, publisher, funded)
        );
        distributor.claim(publisher, funded, proof);
        assertEq(token.balanceOf(publisher), 0);
        assertEq(distributor.latestEpoch(), 0);

        _publishClaimable(1, _tree3(10e18, 20e18, 30e18), 60e18);
        _claimFrom(alice, 10e18);
        assertEq(token.balanceOf(alice), 10e18);
        assertEq(token.balanceOf(address(distributor)), funded - 10e18);
    }

    function _drainRoot(uint256 amount) private returns (bytes32) {
        address[] memory accounts = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (accounts[0], amounts[0]) = (publisher, amount);
        return drainTree.build(accounts, amounts);
    }

    function _expectWithdrawRefused(uint256 amount, uint256 uncommitted) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorWithdrawalExceedsUncommitted.selector, amount, uncommitted
            )
        );
        vm.prank(address(timelock));
        distributor.withdrawUndistributed(address(timelock), amount);
    }

    function _people() private view returns (address[] memory accounts) {
        accounts = new address[](3);
        (accounts[0], accounts[1], accounts[2]) = (alice, bob, carol);
    }

    function _amounts(uint256[3] memory values) private pure returns (uint256[] memory amounts) {
        amounts = new uint256[](3);
        (amounts[0], amounts[1], amounts[2]) = (values[0], values[1], values[2]);
    }

    function _tree3(uint256 a, uint256 b, uint256 c) internal returns (bytes32) {
        return tree.build(_people(), _amounts([a, b, c]));
    }

    function _publish(uint256 epoch, bytes32 root, uint256 total) internal {
        vm.prank(publisher);
        distributor.publishRoot(epoch, root, total, keccak256(abi.encode(epoch)), DEFAULT_WEIGHTS_HASH);
    }

    /// @dev Lets the challenge window of the latest root pass.
    function _mature() internal {
        vm.warp(block.timestamp + distributor.challengePeriod());
    }

    function _publishClaimable(uint256 epoch, bytes32 root, uint256 total) internal {
        _publish(epoch, root, total);
        _mature();
    }

    function _claimFrom(address account, uint256 amount) internal {
        distributor.claim(account, amount, tree.proof(account, amount));
    }
}
