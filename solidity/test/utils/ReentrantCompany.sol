// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @dev A company that is a contract, and a hostile one: it signs declarations and ballots under ERC-1271 (with its
 * owner's key), and whenever ETH reaches it (a licence refund, a Governor payout) it makes the calls it was told to
 * make, re-entering whoever paid it, and records how each one ended instead of reverting, so the payment goes through
 * and the test can check what the re-entries achieved.
 */
contract ReentrantCompany is IERC1271 {
    struct Reentry {
        address target;
        bytes data;
    }

    struct Outcome {
        bool ok;
        bytes returned; // the return data, or the revert data
    }

    address public immutable owner;
    address public immutable controller;

    Reentry[] internal _plan;
    Outcome[] internal _outcomes;
    uint256 public payments;

    error ReentrantCompanyUnauthorized(address caller);

    constructor(address owner_) {
        (owner, controller) = (owner_, msg.sender);
    }

    modifier onlyController() {
        if (msg.sender != controller) revert ReentrantCompanyUnauthorized(msg.sender);
        _;
    }

    /// @dev On the next payment, call `target` with `data` (after the re-entries planned before it).
    function plan(address target, bytes calldata data) external onlyController {
        _plan.push(Reentry(target, data));
        delete _outcomes;
    }

    /// @dev Forgets the planned re-entries (after a payment that reverted with them).
    function clear() external onlyController {
        delete _plan;
    }

    /// @dev Makes a call as the company, bubbling up its revert.
    function execute(address target, uint256 value, bytes calldata data)
        external
        onlyController
        returns (bytes memory)
    {
        return Address.functionCallWithValue(target, data, value);
    }

    function outcomeCount() external view returns (uint256) {
        return _outcomes.length;
    }

    function outcome(uint256 i) external view returns (Outcome memory) {
        return _outcomes[i];
    }

    function planned() external view returns (uint256) {
        return _plan.length;
    }

    /// @dev Runs the plan once (a payment made by a re-entry finds it empty) and keeps every outcome.
    receive() external payable {
        payments++;
        Reentry[] memory reentries = _plan;
        delete _plan;
        for (uint256 i = 0; i < reentries.length; i++) {
            (bool ok, bytes memory returned) = reentries[i].target.call(reentries[i].data);
            _outcomes.push(Outcome(ok, returned));
        }
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(hash, signature);
        return
            recoverError == ECDSA.RecoverError.NoError && signer == owner
                ? IERC1271.isValidSignature.selector
                : bytes4(0);
    }
}
