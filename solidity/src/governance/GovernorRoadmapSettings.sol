// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";

/**
 * @title GovernorRoadmapSettings
 * @notice The rules of the guild's off-chain (gasless) roadmap votes, kept on-chain so only governance changes them:
 * the voting power a member needs to open a roadmap proposal, and the voting power a roadmap vote needs to count.
 *
 * @dev The portal reads both at a proposal's creation and applies them to it; a change affects later proposals only.
 */
abstract contract GovernorRoadmapSettings is Governor {
    uint256 private _roadmapProposalThreshold;
    uint256 private _roadmapQuorum;

    /// @notice Emitted when governance changes the roadmap rules.
    /// @param proposalThreshold Voting power needed to open a roadmap proposal.
    /// @param quorum Voting power a roadmap vote needs in total for its result to stand.
    event RoadmapSettingsSet(uint256 proposalThreshold, uint256 quorum);

    /// @dev Both in voting power.
    constructor(uint256 initialProposalThreshold, uint256 initialQuorum) {
        _setRoadmapSettings(initialProposalThreshold, initialQuorum);
    }

    /// @notice The voting power needed to open a roadmap proposal.
    function roadmapProposalThreshold() public view virtual returns (uint256) {
        return _roadmapProposalThreshold;
    }

    /// @notice The voting power a roadmap vote needs in total for its result to stand.
    function roadmapQuorum() public view virtual returns (uint256) {
        return _roadmapQuorum;
    }

    /**
     * @notice Sets the roadmap rules.
     * @dev Only through governance. Emits {RoadmapSettingsSet}.
     * @param proposalThreshold Voting power needed to open a roadmap proposal.
     * @param quorum_ Voting power a roadmap vote needs in total.
     */
    function setRoadmapSettings(uint256 proposalThreshold, uint256 quorum_) public virtual onlyGovernance {
        _setRoadmapSettings(proposalThreshold, quorum_);
    }

    function _setRoadmapSettings(uint256 proposalThreshold, uint256 quorum_) internal virtual {
        _roadmapProposalThreshold = proposalThreshold;
        _roadmapQuorum = quorum_;
        emit RoadmapSettingsSet(proposalThreshold, quorum_);
    }
}
