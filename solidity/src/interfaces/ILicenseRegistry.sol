// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ILicenseRegistry
 * @notice The events and errors of the {LicenseRegistry}: licences bought, topped up, renewed and revoked, each
 * backed by a revenue declaration the company signed (EIP-712, see {RevenueDeclarations}).
 */
interface ILicenseRegistry {
    /// @notice What a {LicenseRecorded} event records.
    enum LicenseAction {
        Purchase,
        TopUp,
        Renewal
    }

    /// @notice Emitted when `company` buys, tops up or renews a licence (`action`) under the declaration
    /// `declarationHash`: `paid` in `currency` (zero address for ETH) bought `bought` $AGI, locked until `lockedUntil`.
    /// @param company The licensee.
    /// @param action Purchase, top-up or renewal.
    /// @param declaredRevenueUsd Declared annual revenue (whole USD).
    /// @param fiscalYear The fiscal year the revenue was declared for.
    /// @param declarationHash The EIP-712 hash of the signed revenue declaration (it names the company).
    /// @param requiredStake The stake the revenue requires ($AGI wei).
    /// @param bought $AGI bought from the sale reserve (wei).
    /// @param currency The payment token, or zero for ETH.
    /// @param paid The amount paid, in that currency.
    /// @param expiry The licence expiry (seconds).
    /// @param lockedUntil The end of the company's lock after this action (seconds): at least `expiry`, and at least
    /// the minimum term after now when anything was bought.
    event LicenseRecorded(
        address indexed company,
        LicenseAction indexed action,
        uint256 declaredRevenueUsd,
        uint256 fiscalYear,
        bytes32 declarationHash,
        uint256 requiredStake,
        uint256 bought,
        address currency,
        uint256 paid,
        uint256 expiry,
        uint256 lockedUntil
    );
    /// @notice Emitted when governance revokes `company`'s licence for a false declaration.
    /// @param company The licensee.
    /// @param declarationHash The declaration found false.
    /// @param reason Why (a reference to the proposal or the evidence).
    event LicenseRevoked(address indexed company, bytes32 declarationHash, string reason);
    /// @notice Emitted when governance lifts a revocation.
    /// @param company The licensee.
    /// @param reason Why.
    event LicenseReinstated(address indexed company, string reason);
    /// @notice Emitted when the owner takes `amount` of the sale reserve to `to`.
    /// @param to The recipient.
    /// @param amount The $AGI sent (wei).
    event ReserveWithdrawn(address indexed to, uint256 amount);

    /// @dev `company` holds a licence valid until `expiry`; use {LicenseRegistry-topUp} or {LicenseRegistry-renew}.
    error LicenseRegistryAlreadyLicensed(address company, uint256 expiry);
    /// @dev `company` has no licence (or, for a top-up, an expired one).
    error LicenseRegistryNoLicence(address company);
    /// @dev `company`'s licence was revoked by governance: it cannot be bought, topped up or renewed until reinstated.
    error LicenseRegistryLicenceRevoked(address company);
    /// @dev `company`'s licence is not revoked.
    error LicenseRegistryLicenceNotRevoked(address company);
    /// @dev The declared revenue `revenueUsd` is below the licence's `declaredUsd`: a top-up never lowers it, and
    /// anything else lowers it only with a declaration for a later fiscal year.
    error LicenseRegistryRevenueDecreased(uint256 revenueUsd, uint256 declaredUsd);
    /// @dev The declaration is for `fiscalYear`, before the licence's `recordedYear`.
    error LicenseRegistryFiscalYearOutdated(uint256 fiscalYear, uint256 recordedYear);
    /// @dev `term` is outside [`minTerm`, `maxTerm`] (the licence would end too soon or too late to lock).
    error LicenseRegistryInvalidTerm(uint256 term, uint256 minTerm, uint256 maxTerm);
    /// @dev `sent` wei does not cover the price `cost`.
    error LicenseRegistryInsufficientPayment(uint256 sent, uint256 cost);
    /// @dev The price `cost` (in the currency paid) is above the caller's `maxCost`: the parameters changed since the
    /// quote.
    error LicenseRegistryCostAboveMaximum(uint256 cost, uint256 maxCost);
    /// @dev The transaction's `deadline` passed (`timestamp` is the block's time).
    error LicenseRegistryDeadlinePassed(uint256 deadline, uint256 timestamp);
    /// @dev The sale reserve holds `available`, less than the `needed` $AGI.
    error LicenseRegistryReserveInsufficient(uint256 needed, uint256 available);
}
