// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {VoteHistory} from "./VoteHistory.sol";

/**
 * @title EscrowVotes
 * @notice Delegation and vote checkpoints for a contract whose voting units are not token balances (the
 * {VoteEscrow}'s lock power). Implements ERC-5805 (IVotes with an ERC-6372 block-number clock).
 *
 * @dev Follows OpenZeppelin's `Votes` (same events, signature format and lookup rules) with two differences:
 *
 * - Every account delegates to itself until it chooses otherwise, so locked tokens vote without a separate
 *   `delegate` transaction. `delegates(account)` never returns the zero address, and delegating to the zero
 *   address is refused: delegate to yourself to take your votes back.
 * - Checkpoints use {VoteHistory}, whose latest value is one storage read.
 *
 * Inheriting contracts report every change of an account's units through {_moveVotingUnits} and implement
 * {_votingUnits}.
 */
abstract contract EscrowVotes is IERC5805, EIP712, Nonces {
    using VoteHistory for VoteHistory.History;

    bytes32 private constant _DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    mapping(address account => address delegatee) private _delegatees;
    mapping(address delegatee => VoteHistory.History) private _delegateHistory;
    VoteHistory.History private _totalHistory;

    /// @dev `timepoint` is not in the past (the clock reads `clock`).
    error EscrowVotesFutureLookup(uint256 timepoint, uint48 clock);
    /// @dev Delegation to the zero address; delegate to yourself instead.
    error EscrowVotesInvalidDelegatee();

    /// @inheritdoc IERC6372
    function clock() public view virtual returns (uint48) {
        return Time.blockNumber();
    }

    // solhint-disable func-name-mixedcase
    /// @inheritdoc IERC6372
    function CLOCK_MODE() public view virtual returns (string memory) {
        return "mode=blocknumber&from=default";
    }

    // solhint-enable func-name-mixedcase

    /// @inheritdoc IVotes
    function getVotes(address account) public view virtual returns (uint256) {
        return _delegateHistory[account].latest();
    }

    /// @inheritdoc IVotes
    function getPastVotes(address account, uint256 timepoint) public view virtual returns (uint256) {
        return _delegateHistory[account].upperLookup(_validateTimepoint(timepoint));
    }

    /// @inheritdoc IVotes
    function getPastTotalSupply(uint256 timepoint) public view virtual returns (uint256) {
        return _totalHistory.upperLookup(_validateTimepoint(timepoint));
    }

    /// @notice The total voting power now.
    function getTotalVotes() public view virtual returns (uint256) {
        return _totalHistory.latest();
    }

    /// @inheritdoc IVotes
    function delegates(address account) public view virtual returns (address) {
        address delegatee = _delegatees[account];
        return delegatee == address(0) ? account : delegatee;
    }

    /// @inheritdoc IVotes
    function delegate(address delegatee) public virtual {
        _delegate(msg.sender, delegatee);
    }

    /// @inheritdoc IVotes
    function delegateBySig(address delegatee, uint256 nonce, uint256 expiry, uint8 v, bytes32 r, bytes32 s)
        public
        virtual
    {
        if (block.timestamp > expiry) revert VotesExpiredSignature(expiry);
        address signer = ECDSA.recover(
            _hashTypedDataV4(keccak256(abi.encode(_DELEGATION_TYPEHASH, delegatee, nonce, expiry))), v, r, s
        );
        _useCheckedNonce(signer, nonce);
        _delegate(signer, delegatee);
    }

    /// @dev Moves all of `account`'s units to `delegatee`. Emits {DelegateChanged} and {DelegateVotesChanged}.
    function _delegate(address account, address delegatee) internal virtual {
        if (delegatee == address(0)) revert EscrowVotesInvalidDelegatee();
        address previous = delegates(account);
        // Self-delegation is the default, stored as zero.
        _delegatees[account] = delegatee == account ? address(0) : delegatee;
        emit DelegateChanged(account, previous, delegatee);
        if (previous != delegatee) {
            uint256 units = _votingUnits(account);
            if (units != 0) {
                _updateDelegate(previous, units, false);
                _updateDelegate(delegatee, units, true);
            }
        }
    }

    /// @dev Adds (`increase`) or removes `units` of `account`'s voting units, for its delegate and the total.
    function _moveVotingUnits(address account, uint256 units, bool increase) internal virtual {
        if (units == 0) return;
        _updateDelegate(delegates(account), units, increase);
        VoteHistory.History storage total = _totalHistory;
        uint256 current = total.latest();
        total.push(clock(), increase ? current + units : current - units);
    }

    /// @dev The voting units `account` holds now (before delegation).
    function _votingUnits(address account) internal view virtual returns (uint256);

    function _updateDelegate(address delegatee, uint256 units, bool increase) private {
        VoteHistory.History storage history = _delegateHistory[delegatee];
        uint256 current = history.latest();
        (uint256 oldVotes, uint256 newVotes) = history.push(clock(), increase ? current + units : current - units);
        emit DelegateVotesChanged(delegatee, oldVotes, newVotes);
    }

    function _validateTimepoint(uint256 timepoint) private view returns (uint48) {
        uint48 currentTimepoint = clock();
        if (timepoint >= currentTimepoint) revert EscrowVotesFutureLookup(timepoint, currentTimepoint);
        return uint48(timepoint);
    }
}
