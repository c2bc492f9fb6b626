// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title TestSmartWallet
 * @notice A minimal smart-contract wallet with one owner, for local chains and tests: it accepts a signature under
 * EIP-1271 when its owner signed the hash, and runs calls its owner sends. It stands in for a Safe when the portal
 * links a contract wallet. Never deploy it to a real network.
 * @dev NOTE: the owner signs the hash as it is, so the same signature is also the owner's own (EOA) signature of that
 * hash. A production wallet wraps the hash in its own EIP-712 domain (Safe's `SafeMessage`, ERC-7739) to prevent that
 * replay; a Sign-In with Ethereum message names the account it links, which is enough for the tests this serves.
 */
contract TestSmartWallet is IERC1271 {
    /// @notice The account whose signatures this wallet accepts and whose calls it runs.
    address public immutable owner;

    /// @dev The wallet needs an owner: with none, nobody could ever sign for it or move what it holds.
    error TestSmartWalletZeroOwner();

    /// @dev `caller` is not the owner.
    error TestSmartWalletUnauthorized(address caller);

    /// @notice Creates a wallet for `owner_`.
    /// @param owner_ The owner (an EOA).
    constructor(address owner_) {
        if (owner_ == address(0)) revert TestSmartWalletZeroOwner();
        owner = owner_;
    }

    /// @notice Accepts plain ETH, like any wallet.
    receive() external payable {}

    /**
     * @notice Runs a call from the wallet (e.g. moves tokens it was paid), for the owner only.
     * @dev Bubbles up the callee's revert. Requirements: the caller is {owner}.
     * @param target The contract or account to call.
     * @param value The wei to send with the call.
     * @param data The calldata.
     * @return result What the call returned.
     */
    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != owner) revert TestSmartWalletUnauthorized(msg.sender);
        return Address.functionCallWithValue(target, data, value);
    }

    /**
     * @inheritdoc IERC1271
     * @dev Valid when `signature` is a 65-byte ECDSA signature of `hash` by {owner}; any other input, malformed
     * signatures included, returns `0xffffffff` instead of reverting.
     */
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(hash, signature);
        return recoverError == ECDSA.RecoverError.NoError && signer == owner
            ? IERC1271.isValidSignature.selector
            : bytes4(0xffffffff);
    }
}
