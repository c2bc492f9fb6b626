// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";

/**
 * @title GovernorQuorumFloor
 * @notice A quorum that is a fraction of the total voting power at the snapshot, but never below a fixed floor.
 *
 * @dev A fraction alone is captured when little is locked: at launch, with nothing locked, 4% of 209 wei of power is
 * nothing, and a dust lock passes any proposal. The floor is absolute voting power, so a capture costs at least that
 * much locked $AGI whatever the rest of the electorate does. Governance changes it with {setQuorumFloor}.
 */
abstract contract GovernorQuorumFloor is GovernorVotesQuorumFraction {
    uint256 private _quorumFloor;

    /// @notice Emitted when governance changes the quorum floor.
    /// @param oldQuorumFloor The floor before (voting power).
    /// @param newQuorumFloor The floor after (voting power).
    event QuorumFloorSet(uint256 oldQuorumFloor, uint256 newQuorumFloor);

    /// @dev `initialQuorumFloor` is voting power (wei of a four-year lock's $AGI).
    constructor(uint256 initialQuorumFloor) {
        _setQuorumFloor(initialQuorumFloor);
    }

    /// @notice The smallest quorum, in voting power.
    function quorumFloor() public view virtual returns (uint256) {
        return _quorumFloor;
    }

    /**
     * @notice The quorum at `timepoint`: the larger of the floor and the fraction of all voting power then.
     * @param timepoint A past timestamp.
     */
    function quorum(uint256 timepoint) public view virtual override returns (uint256) {
        uint256 fraction = super.quorum(timepoint);
        uint256 floor = _quorumFloor;
        return fraction > floor ? fraction : floor;
    }

    /**
     * @notice Sets the quorum floor.
     * @dev Only through governance (the Timelock executing a proposal). Emits {QuorumFloorSet}.
     * @param newQuorumFloor The new floor (voting power).
     */
    function setQuorumFloor(uint256 newQuorumFloor) public virtual onlyGovernance {
        _setQuorumFloor(newQuorumFloor);
    }

    function _setQuorumFloor(uint256 newQuorumFloor) internal virtual {
        emit QuorumFloorSet(_quorumFloor, newQuorumFloor);
        _quorumFloor = newQuorumFloor;
    }
}
