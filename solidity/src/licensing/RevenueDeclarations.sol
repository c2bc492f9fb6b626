// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/**
 * @title RevenueDeclarations
 * @notice Revenue declarations a company signs with its wallet as EIP-712 typed data (`eth_signTypedData_v4`). The
 * domain is `name = "Guild License Registry"`, `version = "1"`, the chain id and the registry's address, so a
 * declaration is good for one registry on one chain only.
 *
 * @dev A declaration names its company; only that company may use it, and only with a valid signature of that
 * company (an ECDSA signature of an externally owned account, or ERC-1271 for a contract wallet such as a Safe). Each
 * company's declarations carry a sequential nonce (see {LicenseRegistry-declarationNonce}), so each is used once and a
 * signed but unused declaration is superseded by the next one used. Its hash ({hashDeclaration}, the EIP-712 digest)
 * is what the registry records: it binds the licence to the company and to exactly what it declared.
 */
abstract contract RevenueDeclarations is EIP712 {
    /// @notice A company's declaration of its annual revenue.
    /// @dev `revenueUsd` in whole US dollars; `statementUri` and `statementHash` optionally point at the financial
    /// statement (empty and zero when not given); `deadline` is the last second the declaration may be used. Field
    /// order is the signed type's, and the struct only ever lives in calldata, so its packing costs nothing.
    // solhint-disable-next-line gas-struct-packing
    struct RevenueDeclaration {
        address company;
        string legalName;
        uint16 fiscalYear;
        uint256 revenueUsd;
        string statementUri;
        bytes32 statementHash;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The EIP-712 type hash of {RevenueDeclaration}.
    bytes32 public constant REVENUE_DECLARATION_TYPEHASH = keccak256(
        "RevenueDeclaration(address company,string legalName,uint16 fiscalYear,uint256 revenueUsd,"
        "string statementUri,bytes32 statementHash,uint256 nonce,uint256 deadline)"
    );

    /// @dev The declaration names `company`, but `caller` submitted it: a declaration is its company's only.
    error RevenueDeclarationNotForCaller(address company, address caller);
    /// @dev The declaration could be used until `deadline`; it is now `timestamp`.
    error RevenueDeclarationExpired(uint256 deadline, uint256 timestamp);
    /// @dev The declaration carries `nonce`; `company`'s next declaration must carry `expected`.
    error RevenueDeclarationInvalidNonce(address company, uint256 nonce, uint256 expected);
    /// @dev The signature is not `company`'s signature of the declaration `declarationHash`.
    error RevenueDeclarationInvalidSignature(address company, bytes32 declarationHash);

    constructor() EIP712("Guild License Registry", "1") {}

    /**
     * @notice The EIP-712 digest of `declaration` in this registry's domain: what the company signs and what the
     * registry records as the licence's declaration hash.
     * @param declaration The declaration.
     */
    function hashDeclaration(RevenueDeclaration calldata declaration) public view returns (bytes32) {
        // Two halves keep the legacy code generator within its stack; the encoding is the standard `encodeData`.
        bytes memory head = abi.encode(
            REVENUE_DECLARATION_TYPEHASH,
            declaration.company,
            keccak256(bytes(declaration.legalName)),
            declaration.fiscalYear,
            declaration.revenueUsd
        );
        bytes memory tail = abi.encode(
            keccak256(bytes(declaration.statementUri)),
            declaration.statementHash,
            declaration.nonce,
            declaration.deadline
        );
        return _hashTypedDataV4(keccak256(bytes.concat(head, tail)));
    }

    /**
     * @dev Checks that `declaration` may be used by the caller now: it names the caller, is unexpired, carries
     * `expectedNonce` and is signed by its company. Returns its hash.
     */
    function _verifyDeclaration(
        RevenueDeclaration calldata declaration,
        bytes calldata signature,
        uint256 expectedNonce
    ) internal view returns (bytes32 declarationHash) {
        address company = declaration.company;
        if (company != msg.sender) revert RevenueDeclarationNotForCaller(company, msg.sender);
        if (block.timestamp > declaration.deadline) {
            revert RevenueDeclarationExpired(declaration.deadline, block.timestamp);
        }
        if (declaration.nonce != expectedNonce) {
            revert RevenueDeclarationInvalidNonce(company, declaration.nonce, expectedNonce);
        }
        declarationHash = hashDeclaration(declaration);
        if (!SignatureChecker.isValidSignatureNowCalldata(company, declarationHash, signature)) {
            revert RevenueDeclarationInvalidSignature(company, declarationHash);
        }
    }
}
