// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor, Governor} from "@openzeppelin/contracts/governance/Governor.sol";

/**
 * @title GovernorCountingPacked
 * @notice Simple (Governor Bravo) vote counting, like OpenZeppelin's `GovernorCountingSimple`, with the tallies kept
 * in two packed words that {propose} creates.
 *
 * @dev With the tally words created at proposal time, the first vote on a proposal updates an existing word
 * instead of paying for a new one (20,000 gas), so every voter pays the same and the proposer pays once (two new
 * words) for all of them. Tallies are 96-bit: voting power is bounded by the $AGI cap (1e28 < 2^96).
 */
abstract contract GovernorCountingPacked is Governor {
    /// @dev Supported vote types. Matches Governor Bravo ordering.
    enum VoteType {
        Against,
        For,
        Abstain
    }

    struct Tally {
        // word 0
        uint96 againstVotes;
        uint96 forVotes;
        bool created;
        // word 1
        uint96 abstainVotes;
        bool abstainCreated;
    }

    mapping(uint256 proposalId => Tally) private _tallies;
    mapping(uint256 proposalId => mapping(address voter => bool)) private _hasVoted;

    // solhint-disable func-name-mixedcase
    /// @inheritdoc IGovernor
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=bravo&quorum=for,abstain";
    }

    // solhint-enable func-name-mixedcase

    /// @inheritdoc IGovernor
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _hasVoted[proposalId][account];
    }

    /// @notice The vote counts of `proposalId`, as in `GovernorCountingSimple`.
    /// @param proposalId The proposal.
    /// @return againstVotes Votes against.
    /// @return forVotes Votes for.
    /// @return abstainVotes Abstentions.
    function proposalVotes(uint256 proposalId)
        public
        view
        virtual
        returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
    {
        Tally storage tally = _tallies[proposalId];
        return (tally.againstVotes, tally.forVotes, tally.abstainVotes);
    }

    /// @dev See {Governor-_propose}. Also creates the proposal's tally words.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal virtual override returns (uint256 proposalId) {
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        Tally storage tally = _tallies[proposalId];
        tally.created = true;
        tally.abstainCreated = true;
    }

    /// @notice Whether the for and abstain votes reach the quorum at the snapshot. See {Governor-_quorumReached}.
    /// @param proposalId The proposal.
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        Tally storage tally = _tallies[proposalId];
        return quorum(proposalSnapshot(proposalId)) <= uint256(tally.forVotes) + tally.abstainVotes;
    }

    /// @dev See {Governor-_voteSucceeded}. The for votes must be strictly over the against votes.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        Tally storage tally = _tallies[proposalId];
        return tally.forVotes > tally.againstVotes;
    }

    /// @dev See {Governor-_countVote}. `support` follows {VoteType}.
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    )
        internal
        virtual
        override
        returns (uint256)
    {
        mapping(address => bool) storage voted = _hasVoted[proposalId];
        if (voted[account]) revert GovernorAlreadyCastVote(account);
        voted[account] = true;

        Tally storage tally = _tallies[proposalId];
        uint96 weight = uint96(totalWeight); // voting power is bounded by the token cap, below 2^96
        if (support == uint8(VoteType.Against)) {
            tally.againstVotes += weight;
        } else if (support == uint8(VoteType.For)) {
            tally.forVotes += weight;
        } else if (support == uint8(VoteType.Abstain)) {
            tally.abstainVotes += weight;
        } else {
            revert GovernorInvalidVoteType();
        }
        return totalWeight;
    }
}
