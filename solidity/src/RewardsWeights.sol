// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IRewardsWeights} from "./interfaces/IRewardsWeights.sol";

/**
 * @title RewardsWeights
 * @notice Records which scoring weights are in force, so the {RewardsDistributor} can refuse a root computed with any
 * other weights. The owner is the Timelock: putting a weight set in force is a governance decision.
 * @dev A contract of its own rather than part of the distributor, so claims stay exactly as cheap: the distributor
 * reads it when a root is published, never when one is claimed. See {IRewardsWeights}.
 */
contract RewardsWeights is IRewardsWeights, Ownable {
    bytes32 private immutable _genesisWeightsHash;
    bytes32 private _weightsHash;

    /**
     * @dev `initialOwner` is the Timelock. `initialWeightsHash` is the default set's hash, `genesisWeightsHash_` the
     * genesis set's; neither may be zero. Emits a {WeightsHashChanged} event from zero.
     */
    constructor(address initialOwner, bytes32 initialWeightsHash, bytes32 genesisWeightsHash_) Ownable(initialOwner) {
        if (genesisWeightsHash_ == bytes32(0)) revert RewardsWeightsInvalidHash();
        _genesisWeightsHash = genesisWeightsHash_;
        _setWeightsHash(initialWeightsHash);
    }

    /// @inheritdoc IRewardsWeights
    function setWeightsHash(bytes32 newHash) external onlyOwner {
        _setWeightsHash(newHash);
    }

    /// @inheritdoc IRewardsWeights
    function weightsHash() external view returns (bytes32) {
        return _weightsHash;
    }

    /// @inheritdoc IRewardsWeights
    function genesisWeightsHash() external view returns (bytes32) {
        return _genesisWeightsHash;
    }

    /// @inheritdoc IRewardsWeights
    function inForce(uint256 epoch, bytes32 hash) external view returns (bool allowed, bytes32 current) {
        current = _weightsHash;
        allowed = hash == current || (epoch == 1 && hash == _genesisWeightsHash);
    }

    function _setWeightsHash(bytes32 newHash) private {
        if (newHash == bytes32(0)) revert RewardsWeightsInvalidHash();
        emit WeightsHashChanged(_weightsHash, newHash);
        _weightsHash = newHash;
    }
}
