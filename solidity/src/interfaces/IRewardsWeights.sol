// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IRewardsWeights
 * @notice The governed scoring weights of the rewards: the hash of the weight-set document in force, set by the owner
 * (the Timelock) after a vote, and the genesis set's hash, fixed at deployment for the genesis epoch.
 * @dev A weight-set hash is the SHA-256 of the document's canonical JSON (`guild-weights/2`; `guild-audit weights`
 * prints it). The {RewardsDistributor} publishes a root only with the hash of the set in force (see {inForce}).
 */
interface IRewardsWeights {
    /// @notice Emitted when the weight set in force changes (at deployment from zero).
    /// @param previousHash The hash in force before.
    /// @param newHash The hash in force from now on.
    event WeightsHashChanged(bytes32 previousHash, bytes32 newHash);

    /// @dev A weight-set hash would be zero.
    error RewardsWeightsInvalidHash();

    /**
     * @notice Puts the weight set with hash `newHash` in force for roots published from now on.
     * @dev Only the owner (the Timelock), so a change is a governance decision. A root already published keeps the set
     * it was computed with. Emits a {WeightsHashChanged} event.
     * @param newHash The SHA-256 of the weight set's canonical JSON; not zero.
     */
    function setWeightsHash(bytes32 newHash) external;

    /// @notice The hash of the weight set in force: the one every new root must be computed with.
    function weightsHash() external view returns (bytes32);

    /// @notice The hash of the genesis weight set, which only the first epoch may be computed with; fixed at deployment.
    function genesisWeightsHash() external view returns (bytes32);

    /**
     * @notice Whether a root of `epoch` computed with weight set `hash` may be published: `hash` is in force, or
     * `epoch` is the first and `hash` the genesis set's.
     * @param epoch The epoch number (from 1).
     * @param hash The hash of the weight set the root was computed with.
     * @return allowed Whether it may be published.
     * @return current The hash in force.
     */
    function inForce(uint256 epoch, bytes32 hash) external view returns (bool allowed, bytes32 current);
}
