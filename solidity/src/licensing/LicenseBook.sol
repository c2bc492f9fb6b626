// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseRegistry} from "../interfaces/ILicenseRegistry.sol";
import {LicenseParameters} from "./LicenseParameters.sol";

/**
 * @title LicenseBook
 * @notice The {LicenseRegistry}'s record of licences, and governance's power to revoke one whose declaration it finds
 * false (a Timelock action with a reason) and to reinstate it.
 * @dev A revoked licence stops counting as licensed and cannot be bought, topped up or renewed until reinstated; the
 * stake it locked stays locked until the lock ends.
 */
abstract contract LicenseBook is ILicenseRegistry, LicenseParameters {
    /// @dev One word and the declaration hash: revenue, expiry, fiscal year, the declarations used and the flag.
    struct Licence {
        uint128 declaredRevenueUsd;
        uint48 expiry;
        uint16 fiscalYear;
        uint32 declarations;
        bool revoked;
        bytes32 declarationHash;
    }

    mapping(address company => Licence) internal _licences;

    /// @notice The nonce `company`'s next revenue declaration must carry (the number it has used).
    /// @param company The licensee.
    function declarationNonce(address company) external view returns (uint256) {
        return _licences[company].declarations;
    }

    /**
     * @notice Revokes `company`'s licence for a false declaration.
     * @dev Only the owner (the Timelock). Emits {LicenseRevoked}.
     * @param company The licensee.
     * @param reason Why (a reference to the proposal or the evidence).
     */
    function revoke(address company, string calldata reason) external onlyOwner {
        Licence storage licence = _licences[company];
        if (licence.expiry == 0) revert LicenseRegistryNoLicence(company);
        if (licence.revoked) revert LicenseRegistryLicenceRevoked(company);
        licence.revoked = true;
        emit LicenseRevoked(company, licence.declarationHash, reason);
    }

    /**
     * @notice Lifts the revocation of `company`'s licence.
     * @dev Only the owner (the Timelock). Emits {LicenseReinstated}.
     * @param company The licensee.
     * @param reason Why.
     */
    function reinstate(address company, string calldata reason) external onlyOwner {
        Licence storage licence = _licences[company];
        if (!licence.revoked) revert LicenseRegistryLicenceNotRevoked(company);
        licence.revoked = false;
        emit LicenseReinstated(company, reason);
    }
}
