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

/**
 * @title GuildGovernor
 * @notice The guild's on-chain Governor: voting power from the {VoteEscrow}, quorum as a fraction of all voting
 * power at the snapshot, simple counting, and every action executed by the {TimelockController} that owns the
 * guild's parameters.
 *
 * @dev OpenZeppelin's Governor modules, with {GovernorCountingPacked} for counting and the clock read locally: the
 * VoteEscrow's ERC-6372 clock is the block number (checked at construction), so {clock} does not call the token.
 */
contract GuildGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingPacked,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    bytes32 private constant _BLOCK_NUMBER_MODE = keccak256("mode=blocknumber&from=default");

    /// @dev The voting token's clock mode is `mode`, not the block-number clock this Governor assumes.
    error GuildGovernorUnsupportedClock(string mode);

    /**
     * @dev `votingDelay` and `votingPeriod` are in blocks; `quorumNumerator` is a percentage of total voting power.
     */
    constructor(
        IVotes escrow,
        TimelockController timelock,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint256 initialProposalThreshold,
        uint256 quorumNumerator
    )
        Governor("GuildGovernor")
        GovernorSettings(initialVotingDelay, initialVotingPeriod, initialProposalThreshold)
        GovernorVotes(escrow)
        GovernorVotesQuorumFraction(quorumNumerator)
        GovernorTimelockControl(timelock)
    {
        string memory mode = IERC5805(address(escrow)).CLOCK_MODE();
        if (keccak256(bytes(mode)) != _BLOCK_NUMBER_MODE) revert GuildGovernorUnsupportedClock(mode);
    }

    /// @notice The current timepoint: the block number, as the VoteEscrow's clock.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.blockNumber();
    }

    // solhint-disable func-name-mixedcase
    /// @notice The ERC-6372 clock mode: block numbers.
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=blocknumber&from=default";
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
    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
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
