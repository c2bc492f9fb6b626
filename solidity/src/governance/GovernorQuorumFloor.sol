// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

/**
 * @title GovernorQuorumFloor
 * @notice A quorum that is a fraction of the total voting power at the snapshot, but never below a fixed floor.
 *
 * @dev A fraction alone is captured when little is locked: at launch, with nothing locked, 4% of 209 wei of power is
 * nothing, and a dust lock passes any proposal. The floor is absolute voting power, so a capture costs at least that
 * much locked $AGI whatever the rest of the electorate does. Governance changes it with {setQuorumFloor}.
 *
 * The floor is checkpointed by timepoint, as OpenZeppelin checkpoints the quorum fraction: a proposal is held to the
 * floor in force at its snapshot. Read as it is now, lowering the floor would turn proposals already defeated for want
 * of quorum into succeeded ones that anyone could queue and execute.
 */
abstract contract GovernorQuorumFloor is GovernorVotesQuorumFraction {
    using Checkpoints for Checkpoints.Trace208;

    Checkpoints.Trace208 private _quorumFloorHistory;

    /// @notice Emitted when governance changes the quorum floor.
    /// @param oldQuorumFloor The floor before (voting power).
    /// @param newQuorumFloor The floor after (voting power).
    event QuorumFloorSet(uint256 oldQuorumFloor, uint256 newQuorumFloor);

    /// @dev `initialQuorumFloor` is voting power (wei of a four-year lock's $AGI).
    constructor(uint256 initialQuorumFloor) {
        _setQuorumFloor(initialQuorumFloor);
    }

    /// @notice The smallest quorum now, in voting power.
    function quorumFloor() public view virtual returns (uint256) {
        return _quorumFloorHistory.latest();
    }

    /**
     * @notice The smallest quorum in force at `timepoint`, in voting power.
     * @param timepoint A timestamp (the floor set last at or before it applies).
     */
    function quorumFloorAt(uint256 timepoint) public view virtual returns (uint256) {
        // Proposals are usually recent: search from the newest checkpoint first.
        return _quorumFloorHistory.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /**
     * @notice The quorum at `timepoint`: the larger of the floor then and the fraction of all voting power then.
     * @param timepoint A past timestamp.
     */
    function quorum(uint256 timepoint) public view virtual override returns (uint256) {
        uint256 fraction = super.quorum(timepoint);
        uint256 floor = quorumFloorAt(timepoint);
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
        (uint256 oldQuorumFloor,) = _quorumFloorHistory.push(clock(), SafeCast.toUint208(newQuorumFloor));
        emit QuorumFloorSet(oldQuorumFloor, newQuorumFloor);
    }
}
