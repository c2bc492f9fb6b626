// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IVoteEscrowLocker} from "./interfaces/IVoteEscrowLocker.sol";
import {LicenseParameters} from "./licensing/LicenseParameters.sol";
import {LicenseBook} from "./licensing/LicenseBook.sol";
import {RevenueDeclarations} from "./licensing/RevenueDeclarations.sol";

/**
 * @title LicenseRegistry
 * @notice Sells and records commercial licences. A company declares its annual revenue (whole USD) in a declaration
 * it signs (see {RevenueDeclarations}); above the threshold it must hold `requiredStake(revenue)` $AGI locked in the
 * {VoteEscrow} for the licence term. It buys what it lacks from the sale reserve (this contract's $AGI balance),
 * paying in ETH or the stablecoin; the tokens are locked for it, and the payment goes to the treasury. At or below the
 * threshold the licence is a free, recorded attestation. Governance (the owner) can revoke a licence whose declaration
 * it finds false.
 *
 * @dev Payment: with ETH when `msg.value` is non-zero (any excess is refunded, last), otherwise with the stablecoin
 * (approve the registry first). Every purchase names the most it may cost (`maxCost`, in the currency paid) and a
 * `deadline`, so a parameter change between quote and execution cannot overcharge. Only the shortfall is bought: $AGI
 * the company already has locked counts. Whatever is bought stays locked until the licence expires and at least the
 * minimum term from the moment it is bought. Lowering the declared revenue takes a declaration for a later fiscal
 * year, and a top-up never lowers it. Parameters and scales are in {LicenseParameters}. A parameter change applies to
 * existing licences at once; a licence that no longer meets the requirement shows as unlicensed until topped up.
 */
contract LicenseRegistry is LicenseBook, RevenueDeclarations, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    IERC20 private immutable _token;
    IVoteEscrowLocker private immutable _escrow;
    address payable private immutable _treasury;

    /**
     * @dev `agi` is $AGI, `voteEscrow` the VoteEscrow (this contract must be its lock creator), `proceedsTo` the
     * treasury that receives payments (the Timelock). Parameters start at `initial`; `initialOwner` is the Timelock
     * (or the deployer).
     */
    constructor(
        IERC20 agi,
        IVoteEscrowLocker voteEscrow,
        address payable proceedsTo,
        address initialOwner,
        Parameters memory initial
    ) LicenseParameters(initialOwner, initial) {
        if (proceedsTo == address(0)) revert LicenseParametersInvalidAddress();
        _token = agi;
        _escrow = voteEscrow;
        _treasury = proceedsTo;
        agi.forceApprove(address(voteEscrow), type(uint256).max);
    }

    /// @notice The treasury that receives licence payments.
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @notice $AGI available for sale.
    function saleReserve() external view returns (uint256) {
        return _token.balanceOf(address(this));
    }

    /**
     * @notice Whether `company` holds a valid licence now: not revoked, unexpired, and its locked $AGI covers the stake
     * its declared revenue requires under the current parameters, locked at least until the licence expires.
     * @param company The licensee.
     */
    function isLicensed(address company) public view returns (bool) {
        Licence memory licence = _licences[company];
        if (licence.revoked || licence.expiry <= block.timestamp) return false;
        uint256 required = requiredStake(licence.declaredRevenueUsd);
        if (required == 0) return true;
        (uint256 amount, uint256 end,) = _escrow.lockOf(company);
        return amount >= required && end >= licence.expiry;
    }

    /**
     * @notice `company`'s licence. All zero if it never had one.
     * @param company The licensee.
     * @return locked $AGI locked in the VoteEscrow for the company (wei).
     * @return declaredRevenueUsd Declared annual revenue (whole USD).
     * @return declarationHash The EIP-712 hash of the signed revenue declaration.
     * @return expiry The licence expiry (seconds).
     * @return fiscalYear The fiscal year of the declaration.
     * @return revoked Whether governance revoked the licence.
     */
    function licenceOf(address company)
        external
        view
        returns (
            uint256 locked,
            uint256 declaredRevenueUsd,
            bytes32 declarationHash,
            uint256 expiry,
            uint256 fiscalYear,
            bool revoked
        )
    {
        Licence memory licence = _licences[company];
        (locked,,) = _escrow.lockOf(company);
        return (
            locked,
            licence.declaredRevenueUsd,
            licence.declarationHash,
            licence.expiry,
            licence.fiscalYear,
            licence.revoked
        );
    }

    /**
     * @notice Buys a licence for the caller for `term` seconds under its signed `declaration`.
     * @dev The caller must be the declaration's company and hold no unexpired licence. See the contract notes for
     * payment. Emits {LicenseRecorded}.
     * @param declaration The caller's revenue declaration.
     * @param signature The company's EIP-712 signature of it.
     * @param term The licence term in seconds.
     * @param maxCost The most the purchase may cost, in the currency paid (wei or stablecoin units).
     * @param deadline The last second (block time) the transaction may execute.
     */
    function purchase(
        RevenueDeclaration calldata declaration,
        bytes calldata signature,
        uint256 term,
        uint256 maxCost,
        uint256 deadline
    ) external payable nonReentrant {
        _checkDeadline(deadline);
        Licence memory licence = _licences[msg.sender];
        if (licence.expiry > block.timestamp) revert LicenseRegistryAlreadyLicensed(msg.sender, licence.expiry);
        bytes32 declarationHash = _acceptDeclaration(licence, declaration, signature);
        _record(LicenseAction.Purchase, declaration, declarationHash, block.timestamp + _checkTerm(term), maxCost);
    }

    /**
     * @notice Raises the caller's declared revenue under a new signed `declaration` (or restates it after a parameter
     * change) and buys any extra stake, keeping the expiry.
     * @dev The licence must be unexpired and the revenue not below the declared one. Emits {LicenseRecorded}.
     * @param declaration The caller's revenue declaration.
     * @param signature The company's EIP-712 signature of it.
     * @param maxCost The most the top-up may cost, in the currency paid (wei or stablecoin units).
     * @param deadline The last second (block time) the transaction may execute.
     */
    function topUp(RevenueDeclaration calldata declaration, bytes calldata signature, uint256 maxCost, uint256 deadline)
        external
        payable
        nonReentrant
    {
        _checkDeadline(deadline);
        Licence memory licence = _licences[msg.sender];
        if (licence.expiry <= block.timestamp) revert LicenseRegistryNoLicence(msg.sender);
        if (declaration.revenueUsd < licence.declaredRevenueUsd) {
            revert LicenseRegistryRevenueDecreased(declaration.revenueUsd, licence.declaredRevenueUsd);
        }
        bytes32 declarationHash = _acceptDeclaration(licence, declaration, signature);
        _record(LicenseAction.TopUp, declaration, declarationHash, licence.expiry, maxCost);
    }

    /**
     * @notice Extends the caller's licence by `term` seconds from its expiry (or from now if it has expired) under a
     * new signed `declaration`, buying any extra stake.
     * @dev The caller must have had a licence; a lower revenue needs a declaration for a later fiscal year. Emits
     * {LicenseRecorded}.
     * @param declaration The caller's revenue declaration.
     * @param signature The company's EIP-712 signature of it.
     * @param term The licence term in seconds.
     * @param maxCost The most the renewal may cost, in the currency paid (wei or stablecoin units).
     * @param deadline The last second (block time) the transaction may execute.
     */
    function renew(
        RevenueDeclaration calldata declaration,
        bytes calldata signature,
        uint256 term,
        uint256 maxCost,
        uint256 deadline
    ) external payable nonReentrant {
        _checkDeadline(deadline);
        Licence memory licence = _licences[msg.sender];
        if (licence.expiry == 0) revert LicenseRegistryNoLicence(msg.sender);
        uint256 start = licence.expiry > block.timestamp ? licence.expiry : block.timestamp;
        uint256 newExpiry = start + _checkTerm(term);
        if (newExpiry - block.timestamp > _MAX_TERM) {
            revert LicenseRegistryInvalidTerm(newExpiry - block.timestamp, minTerm(), _MAX_TERM);
        }
        bytes32 declarationHash = _acceptDeclaration(licence, declaration, signature);
        _record(LicenseAction.Renewal, declaration, declarationHash, newExpiry, maxCost);
    }

    /**
     * @notice Sends `amount` of the unsold reserve to `to`.
     * @dev Only the owner (the Timelock). Emits {ReserveWithdrawn}.
     * @param to The recipient.
     * @param amount The $AGI to send (wei).
     */
    function withdrawReserve(address to, uint256 amount) external onlyOwner nonReentrant {
        emit ReserveWithdrawn(to, amount);
        _token.safeTransfer(to, amount);
    }

    /**
     * @dev Checks the caller's signed `declaration` against its licence: not revoked, a valid declaration of the
     * caller with the next nonce, no earlier fiscal year, and a lower revenue only for a later fiscal year.
     */
    function _acceptDeclaration(
        Licence memory licence,
        RevenueDeclaration calldata declaration,
        bytes calldata signature
    ) private view returns (bytes32 declarationHash) {
        if (licence.revoked) revert LicenseRegistryLicenceRevoked(msg.sender);
        declarationHash = _verifyDeclaration(declaration, signature, licence.declarations);
        if (licence.expiry != 0) {
            if (declaration.fiscalYear < licence.fiscalYear) {
                revert LicenseRegistryFiscalYearOutdated(declaration.fiscalYear, licence.fiscalYear);
            }
            if (declaration.revenueUsd < licence.declaredRevenueUsd && declaration.fiscalYear == licence.fiscalYear) {
                revert LicenseRegistryRevenueDecreased(declaration.revenueUsd, licence.declaredRevenueUsd);
            }
        }
    }

    /**
     * @dev Records the caller's licence, takes payment for the stake it lacks, locks the bought $AGI until `expiry`
     * (and at least the minimum term from now) or just extends its lock when nothing is lacking, then refunds excess
     * ETH.
     */
    function _record(
        LicenseAction action,
        RevenueDeclaration calldata declaration,
        bytes32 declarationHash,
        uint256 expiry,
        uint256 maxCost
    ) private {
        uint256 required = requiredStake(declaration.revenueUsd);
        uint256 bought;
        uint256 lockedUntil = expiry;
        if (required != 0) {
            (uint256 locked,,) = _escrow.lockOf(msg.sender);
            if (required > locked) {
                bought = required - locked;
                uint256 reserve = _token.balanceOf(address(this));
                if (bought > reserve) revert LicenseRegistryReserveInsufficient(bought, reserve);
                // A top-up near expiry must not be withdrawable soon after: what is bought serves a full minimum term.
                uint256 termEnd = block.timestamp + minTerm();
                if (termEnd > lockedUntil) lockedUntil = termEnd;
            }
        }
        Licence storage licence = _licences[msg.sender];
        _licences[msg.sender] = Licence(
            _toUint128(declaration.revenueUsd),
            uint48(expiry),
            declaration.fiscalYear,
            licence.declarations + 1,
            false,
            declarationHash
        );

        (address currency, uint256 paid) = _collectPayment(bought, maxCost);
        if (required != 0) _escrow.lockFor(msg.sender, bought, lockedUntil);
        _emitRecorded(action, declaration, declarationHash, required, bought, currency, paid, expiry, lockedUntil);
        if (msg.value > paid) Address.sendValue(payable(msg.sender), msg.value - paid);
    }

    function _emitRecorded(
        LicenseAction action,
        RevenueDeclaration calldata declaration,
        bytes32 declarationHash,
        uint256 required,
        uint256 bought,
        address currency,
        uint256 paid,
        uint256 expiry,
        uint256 lockedUntil
    ) private {
        emit LicenseRecorded(
            msg.sender,
            action,
            declaration.revenueUsd,
            declaration.fiscalYear,
            declarationHash,
            required,
            bought,
            currency,
            paid,
            expiry,
            lockedUntil
        );
    }

    /// @dev Charges for `stake` $AGI in ETH (`msg.value` non-zero) or the stablecoin, at most `maxCost`.
    function _collectPayment(uint256 stake, uint256 maxCost) private returns (address currency, uint256 paid) {
        (uint256 weiCost, uint256 stablecoinCost) = costOf(stake);
        if (msg.value != 0) {
            if (weiCost > maxCost) revert LicenseRegistryCostAboveMaximum(weiCost, maxCost);
            if (msg.value < weiCost) revert LicenseRegistryInsufficientPayment(msg.value, weiCost);
            if (weiCost != 0) Address.sendValue(_treasury, weiCost);
            return (address(0), weiCost);
        }
        if (stablecoinCost > maxCost) revert LicenseRegistryCostAboveMaximum(stablecoinCost, maxCost);
        IERC20 coin = stablecoin();
        if (stablecoinCost != 0) coin.safeTransferFrom(msg.sender, _treasury, stablecoinCost);
        return (address(coin), stablecoinCost);
    }

    function _checkDeadline(uint256 deadline) private view {
        if (block.timestamp > deadline) revert LicenseRegistryDeadlinePassed(deadline, block.timestamp);
    }

    function _checkTerm(uint256 term) private view returns (uint256) {
        if (term < minTerm() || term > _MAX_TERM) revert LicenseRegistryInvalidTerm(term, minTerm(), _MAX_TERM);
        return term;
    }
}
