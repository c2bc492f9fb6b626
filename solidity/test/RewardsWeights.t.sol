// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {RewardsWeights} from "../src/RewardsWeights.sol";
import {IRewardsDistributor} from "../src/interfaces/IRewardsDistributor.sol";
import {IRewardsWeights} from "../src/interfaces/IRewardsWeights.sol";
import {GuildTestBase} from "./utils/GuildTestBase.sol";

/// @dev The weight set in force: recorded at deployment, changed only by the Timelock, and binding on every root.
contract RewardsWeightsTest is GuildTestBase {
    bytes32 internal constant CANDIDATE = keccak256("guild-weights/2 candidate");

    function test_Deployment_RecordsTheBuiltInSetsOwnedByTheTimelock() public view {
        assertEq(address(distributor.weights()), address(d.weights));
        assertEq(d.weights.weightsHash(), DEFAULT_WEIGHTS_HASH);
        assertEq(d.weights.genesisWeightsHash(), GENESIS_WEIGHTS_HASH);
        assertEq(d.weights.owner(), address(timelock));
    }

    function test_Constructor_EmitsTheInitialWeights() public {
        vm.expectEmit();
        emit IRewardsWeights.WeightsHashChanged(bytes32(0), DEFAULT_WEIGHTS_HASH);
        new RewardsWeights(address(timelock), DEFAULT_WEIGHTS_HASH, GENESIS_WEIGHTS_HASH);
    }

    function test_RevertWhen_ConstructedWithoutWeights() public {
        vm.expectRevert(IRewardsWeights.RewardsWeightsInvalidHash.selector);
        new RewardsWeights(address(timelock), bytes32(0), GENESIS_WEIGHTS_HASH);
        vm.expectRevert(IRewardsWeights.RewardsWeightsInvalidHash.selector);
        new RewardsWeights(address(timelock), DEFAULT_WEIGHTS_HASH, bytes32(0));
    }

    /// @dev The binding path: the Governor (the Timelock's proposer) schedules the call, the delay passes, anyone executes.
    function test_SetWeightsHash_ThroughTheTimelock_BindsTheNextRoot() public {
        bytes memory call = abi.encodeCall(IRewardsWeights.setWeightsHash, (CANDIDATE));
        uint256 delay = timelock.getMinDelay();
        vm.prank(address(governor));
        timelock.schedule(address(d.weights), 0, call, bytes32(0), bytes32("weights"), delay);
        vm.warp(block.timestamp + delay);

        vm.expectEmit(address(d.weights));
        emit IRewardsWeights.WeightsHashChanged(DEFAULT_WEIGHTS_HASH, CANDIDATE);
        timelock.execute(address(d.weights), 0, call, bytes32(0), bytes32("weights"));

        assertEq(d.weights.weightsHash(), CANDIDATE);
        _fundDistributor(10e18);
        vm.prank(publisher);
        distributor.publishRoot(1, keccak256("root"), 1e18, 0, CANDIDATE);
        assertEq(distributor.rootOf(1), keccak256("root"));
    }

    function testFuzz_RevertWhen_SetWeightsHashByAnyoneButTheOwner(address caller) public {
        vm.assume(caller != address(timelock));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
        d.weights.setWeightsHash(CANDIDATE);
    }

    function test_RevertWhen_SetWeightsHashZero() public {
        vm.expectRevert(IRewardsWeights.RewardsWeightsInvalidHash.selector);
        vm.prank(address(timelock));
        d.weights.setWeightsHash(bytes32(0));
    }

    function testFuzz_InForce_OnlyTheSetInForceOrGenesisForTheFirstEpoch(bytes32 hash, uint256 epoch) public view {
        (bool allowed, bytes32 current) = d.weights.inForce(epoch, hash);
        assertEq(current, DEFAULT_WEIGHTS_HASH);
        assertEq(allowed, hash == DEFAULT_WEIGHTS_HASH || (epoch == 1 && hash == GENESIS_WEIGHTS_HASH));
    }

    function testFuzz_RevertWhen_PublishRootWithWeightsNotInForce(bytes32 weights, uint8 epochSeed) public {
        vm.assume(weights != DEFAULT_WEIGHTS_HASH && weights != GENESIS_WEIGHTS_HASH);
        uint256 epoch = 1 + (epochSeed % 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorWeightsNotInForce.selector, epoch, weights, DEFAULT_WEIGHTS_HASH
            )
        );
        vm.prank(publisher);
        distributor.publishRoot(epoch, keccak256("root"), 0, 0, weights);
    }

    function test_PublishRoot_GenesisWeightsForTheFirstEpochOnly() public {
        _fundDistributor(10e18);
        vm.prank(publisher);
        distributor.publishRoot(1, keccak256("genesis"), 1e18, 0, GENESIS_WEIGHTS_HASH);
        vm.warp(block.timestamp + 3 days);

        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorWeightsNotInForce.selector,
                2,
                GENESIS_WEIGHTS_HASH,
                DEFAULT_WEIGHTS_HASH
            )
        );
        vm.prank(publisher);
        distributor.publishRoot(2, keccak256("second"), 2e18, 0, GENESIS_WEIGHTS_HASH);
        vm.prank(publisher);
        distributor.publishRoot(2, keccak256("second"), 2e18, 0, DEFAULT_WEIGHTS_HASH);
    }

    /// @dev A root computed before governance changed the weights is refused after the change: compute it again.
    function test_RevertWhen_PublishRootComputedBeforeTheWeightsChanged() public {
        vm.prank(address(timelock));
        d.weights.setWeightsHash(CANDIDATE);

        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsDistributor.RewardsDistributorWeightsNotInForce.selector, 2, DEFAULT_WEIGHTS_HASH, CANDIDATE
            )
        );
        vm.prank(publisher);
        distributor.publishRoot(2, keccak256("root"), 0, 0, DEFAULT_WEIGHTS_HASH);
    }
}
