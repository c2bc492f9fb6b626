// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {GovernorCountingPacked} from "./GovernorCountingPacked.sol";
import {GovernorQuorumFloor} from "./GovernorQuorumFloor.sol";
import {GovernorRoadmapSettings} from "./GovernorRoadmapSettings.sol";

/**
 * @title GuildGovernor
 * @notice The guild's on-chain Governor: decaying voting power from the {VoteEscrow}, a proposal threshold, a quorum
 * that is a fraction of all voting power at the snapshot but never below a floor, simple counting, and every action
 * executed by the {TimelockController} that owns the guild's parameters. It also keeps the roadmap (off-chain) vote
 * rules, so they change only through it.
 *
 * @dev OpenZeppelin's Governor modules, with {GovernorCountingPacked} for counting, {GovernorQuorumFloor} for the
 * quorum and the clock read locally: the VoteEscrow's ERC-6372 clock is the timestamp (checked at construction), so
 * {clock} does not call the token. Voting delay and period are therefore in seconds.
 *
 * Capture: with nothing locked at launch, a threshold of zero and a pure fraction quorum let 209 wei locked for a week
 * pass a proposal that empties the treasury. A non-zero threshold stops dust from proposing and the floor stops dust
 * from reaching quorum (see test/GovernorCapture.t.sol).
 */
contract GuildGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingPacked,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorQuorumFloor,
    GovernorRoadmapSettings,
    GovernorTimelockControl
{
    /// @dev The starting rules. Times in seconds, thresholds and floors in voting power (wei), quorum in percent.
    struct Rules {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
        uint256 quorumFloor;
        uint256 roadmapProposalThreshold;
        uint256 roadmapQuorum;
    }

    bytes32 private constant _TIMESTAMP_MODE = keccak256("mode=timestamp");

    /// @dev The voting token's clock mode is `mode`, not the timestamp clock this Governor assumes.
    error GuildGovernorUnsupportedClock(string mode);

    /// @dev Votes with `escrow`'s power, executes through `timelock`, starts with `rules`.
    constructor(IVotes escrow, TimelockController timelock, Rules memory rules)
        Governor("GuildGovernor")
        GovernorSettings(rules.votingDelay, rules.votingPeriod, rules.proposalThreshold)
        GovernorVotes(escrow)
        GovernorVotesQuorumFraction(rules.quorumPercent)
        GovernorQuorumFloor(rules.quorumFloor)
        GovernorRoadmapSettings(rules.roadmapProposalThreshold, rules.roadmapQuorum)
        GovernorTimelockControl(timelock)
    {
        string memory mode = IERC5805(address(escrow)).CLOCK_MODE();
        if (keccak256(bytes(mode)) != _TIMESTAMP_MODE) revert GuildGovernorUnsupportedClock(mode);
    }

    /// @notice The current timepoint: the block timestamp, as the VoteEscrow's clock.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    // solhint-disable func-name-mixedcase
    /// @notice The ERC-6372 clock mode: timestamps.
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=timestamp";
    }

    // solhint-enable func-name-mixedcase

    /// @inheritdoc Governor
    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    /// @inheritdoc Governor
    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function quorum(uint256 timepoint)
        public
        view
        override(Governor, GovernorVotesQuorumFraction, GovernorQuorumFloor)
        returns (uint256)
    {
        return super.quorum(timepoint);
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override(Governor, GovernorCountingPacked) returns (uint256) {
        return super._propose(targets, values, calldatas, description, proposer);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
