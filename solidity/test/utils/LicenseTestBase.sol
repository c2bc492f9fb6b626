// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {RevenueDeclarations} from "../../src/licensing/RevenueDeclarations.sol";
import {GuildTestBase} from "./GuildTestBase.sol";

/// @dev Signs revenue declarations the way a wallet does, with the EIP-712 digest computed here from the type's text
/// (not by the registry), so the tests hold the contract to the standard rather than to itself.
abstract contract LicenseTestBase is GuildTestBase {
    string internal constant DECLARATION_TYPE = "RevenueDeclaration(address company,string legalName,uint16 fiscalYear,"
        "uint256 revenueUsd,string statementUri,bytes32 statementHash,uint256 nonce,uint256 deadline)";
    uint16 internal constant FY = 2026;
    uint256 internal constant NO_MAX = type(uint256).max;

    /// @dev A declaration of `company` for `revenueUsd` in `fiscalYear`, with its next nonce, usable for a day.
    function _declaration(LicenseRegistry on, address company, uint256 revenueUsd, uint16 fiscalYear)
        internal
        view
        returns (RevenueDeclarations.RevenueDeclaration memory)
    {
        return RevenueDeclarations.RevenueDeclaration({
            company: company,
            legalName: "Acme Robotics GmbH",
            fiscalYear: fiscalYear,
            revenueUsd: revenueUsd,
            statementUri: "https://acme.example/fy-report.pdf",
            statementHash: keccak256("annual report"),
            nonce: on.declarationNonce(company),
            deadline: block.timestamp + 1 days
        });
    }

    function _declaration(address company, uint256 revenueUsd)
        internal
        view
        returns (RevenueDeclarations.RevenueDeclaration memory)
    {
        return _declaration(registry, company, revenueUsd, FY);
    }

    /// @dev The EIP-712 digest of `decl` for the registry `on`, from first principles.
    function _digest(LicenseRegistry on, RevenueDeclarations.RevenueDeclaration memory decl)
        internal
        view
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Guild License Registry"),
                keccak256("1"),
                block.chainid,
                address(on)
            )
        );
        bytes memory head = abi.encode(
            keccak256(bytes(DECLARATION_TYPE)),
            decl.company,
            keccak256(bytes(decl.legalName)),
            decl.fiscalYear,
            decl.revenueUsd
        );
        bytes memory tail =
            abi.encode(keccak256(bytes(decl.statementUri)), decl.statementHash, decl.nonce, decl.deadline);
        return keccak256(abi.encodePacked("\x19\x01", domain, keccak256(bytes.concat(head, tail))));
    }

    function _sign(uint256 key, LicenseRegistry on, RevenueDeclarations.RevenueDeclaration memory decl)
        internal
        view
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(on, decl));
        return abi.encodePacked(r, s, v);
    }

    function _sign(uint256 key, RevenueDeclarations.RevenueDeclaration memory decl)
        internal
        view
        returns (bytes memory)
    {
        return _sign(key, registry, decl);
    }

    /// @dev For handlers that have no keys of their own: `key`'s signature of `decl` for `on`.
    function signDeclaration(uint256 key, LicenseRegistry on, RevenueDeclarations.RevenueDeclaration memory decl)
        external
        view
        returns (bytes memory)
    {
        return _sign(key, on, decl);
    }
}
