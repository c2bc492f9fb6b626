// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IVoteEscrowLocker} from "./interfaces/IVoteEscrowLocker.sol";
import {LicenseParameters} from "./licensing/LicenseParameters.sol";

/**
 * @title LicenseRegistry
 * @notice Sells and records commercial licences. A company declares its annual revenue (whole USD) and a hash of
 * the signed declaration; above the threshold it must hold `requiredStake(revenue)` $AGI locked in the
 * {VoteEscrow} for the licence term. It buys what it lacks from the sale reserve (this contract's $AGI balance),
 * paying in ETH or the stablecoin; the tokens are locked for it until the licence expires, and the payment goes to
 * the treasury. At or below the threshold the licence is a free, recorded attestation.
 *
 * @dev Payment: with ETH when `msg.value` is non-zero (any excess is refunded), otherwise with the stablecoin
 * (approve the registry first). Only the shortfall is bought: $AGI the company already has locked counts.
 * Parameters and scales are in {LicenseParameters}. A parameter change applies to existing licences at once;
 * a licence that no longer meets the requirement shows as unlicensed until it is topped up.
 */
contract LicenseRegistry is LicenseParameters, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    struct Licence {
        uint128 declaredRevenueUsd;
        uint48 expiry;
        bytes32 declarationHash;
    }

    IERC20 private immutable _token;
    IVoteEscrowLocker private immutable _escrow;
    address payable private immutable _treasury;
    mapping(address company => Licence) private _licences;

    /// @notice Emitted when `company` buys, tops up or renews a licence (`action`): `paid` in `currency`
    /// (zero address for ETH) bought `bought` $AGI, locked until `expiry`.
    /// @param company The licensee.
    /// @param action Purchase, top-up or renewal.
    /// @param declaredRevenueUsd Declared annual revenue (whole USD).
    /// @param declarationHash Hash of the signed revenue declaration.
    /// @param requiredStake The stake the revenue requires ($AGI wei).
    /// @param bought $AGI bought from the sale reserve (wei).
    /// @param currency The payment token, or zero for ETH.
    /// @param paid The amount paid, in that currency.
    /// @param expiry The licence expiry (seconds).
    event LicenseRecorded(
        address indexed company,
        LicenseAction indexed action,
        uint256 declaredRevenueUsd,
        bytes32 declarationHash,
        uint256 requiredStake,
        uint256 bought,
        address currency,
        uint256 paid,
        uint256 expiry
    );
    /// @notice Emitted when the owner takes `amount` of the sale reserve to `to`.
    /// @param to The recipient.
    /// @param amount The $AGI sent (wei).
    event ReserveWithdrawn(address indexed to, uint256 amount);

    enum LicenseAction {
        Purchase,
        TopUp,
        Renewal
    }

    /// @dev `company` holds a licence valid until `expiry`; use {topUp} or {renew}.
    error LicenseRegistryAlreadyLicensed(address company, uint256 expiry);
    /// @dev `company` has no licence (or, for {topUp}, an expired one).
    error LicenseRegistryNoLicence(address company);
    /// @dev The declared revenue `revenueUsd` is below the licence's `declaredUsd`.
    error LicenseRegistryRevenueDecreased(uint256 revenueUsd, uint256 declaredUsd);
    /// @dev `term` is outside [`minTerm`, `maxTerm`] (the licence would end too soon or too late to lock).
    error LicenseRegistryInvalidTerm(uint256 term, uint256 minTerm, uint256 maxTerm);
    /// @dev `sent` wei does not cover the price `cost`.
    error LicenseRegistryInsufficientPayment(uint256 sent, uint256 cost);
    /// @dev The sale reserve holds `available`, less than the `needed` $AGI.
    error LicenseRegistryReserveInsufficient(uint256 needed, uint256 available);

    /**
     * @dev `agi` is $AGI, `voteEscrow` the VoteEscrow (this contract must be its lock creator), `proceedsTo` the
     * treasury that receives payments (the Timelock). Parameters start at `initial`; `initialOwner` is the Timelock (or the deployer).
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
     * @notice Whether `company` holds a valid licence now: unexpired, and its locked $AGI covers the stake its
     * declared revenue requires under the current parameters, locked at least until the licence expires.
     * @param company The licensee.
     */
    function isLicensed(address company) public view returns (bool) {
        Licence memory licence = _licences[company];
        if (licence.expiry <= block.timestamp) return false;
        uint256 required = requiredStake(licence.declaredRevenueUsd);
        if (required == 0) return true;
        (uint256 amount, uint256 end,) = _escrow.lockOf(company);
        return amount >= required && end >= licence.expiry;
    }

    /**
     * @notice `company`'s licence: the $AGI it has locked in the VoteEscrow, its declared revenue (USD), the
     * declaration hash and the expiry (seconds). All zero if it never had one.
     * @param company The licensee.
     * @return locked $AGI locked in the VoteEscrow for the company (wei).
     * @return declaredRevenueUsd Declared annual revenue (whole USD).
     * @return declarationHash Hash of the signed revenue declaration.
     * @return expiry The licence expiry (seconds).
     */
    function licenceOf(address company)
        external
        view
        returns (uint256 locked, uint256 declaredRevenueUsd, bytes32 declarationHash, uint256 expiry)
    {
        Licence memory licence = _licences[company];
        (locked,,) = _escrow.lockOf(company);
        return (locked, licence.declaredRevenueUsd, licence.declarationHash, licence.expiry);
    }

    /**
     * @notice Buys a licence for the caller for `term` seconds, declaring `revenueUsd` (whole USD) with the signed
     * declaration's hash.
     * @dev The caller must not hold an unexpired licence. See the contract notes for payment. Emits
     * {LicenseRecorded}.
     * @param revenueUsd Declared annual revenue (whole USD).
     * @param term The licence term in seconds.
     * @param declarationHash Hash of the signed revenue declaration.
     */
    function purchase(uint256 revenueUsd, uint256 term, bytes32 declarationHash) external payable nonReentrant {
        uint256 expiry = _licences[msg.sender].expiry;
        if (expiry > block.timestamp) revert LicenseRegistryAlreadyLicensed(msg.sender, expiry);
        _record(LicenseAction.Purchase, revenueUsd, block.timestamp + _checkTerm(term), declarationHash);
    }

    /**
     * @notice Raises the caller's declared revenue to `revenueUsd` (or restates it after a parameter change) and
     * buys any extra stake, keeping the expiry.
     * @dev The licence must be unexpired and `revenueUsd` not below the declared revenue. Emits {LicenseRecorded}.
     * @param revenueUsd Declared annual revenue (whole USD).
     * @param declarationHash Hash of the signed revenue declaration.
     */
    function topUp(uint256 revenueUsd, bytes32 declarationHash) external payable nonReentrant {
        Licence memory licence = _licences[msg.sender];
        if (licence.expiry <= block.timestamp) revert LicenseRegistryNoLicence(msg.sender);
        if (revenueUsd < licence.declaredRevenueUsd) {
            revert LicenseRegistryRevenueDecreased(revenueUsd, licence.declaredRevenueUsd);
        }
        _record(LicenseAction.TopUp, revenueUsd, licence.expiry, declarationHash);
    }

    /**
     * @notice Extends the caller's licence by `term` seconds from its expiry (or from now if it has expired), with a
     * new revenue declaration, buying any extra stake.
     * @dev The caller must have had a licence. Emits {LicenseRecorded}.
     * @param revenueUsd Declared annual revenue (whole USD).
     * @param term The licence term in seconds.
     * @param declarationHash Hash of the signed revenue declaration.
     */
    function renew(uint256 revenueUsd, uint256 term, bytes32 declarationHash) external payable nonReentrant {
        uint256 expiry = _licences[msg.sender].expiry;
        if (expiry == 0) revert LicenseRegistryNoLicence(msg.sender);
        uint256 start = expiry > block.timestamp ? expiry : block.timestamp;
        uint256 newExpiry = start + _checkTerm(term);
        uint256 maxTerm = _escrowMaxLock();
        if (newExpiry - block.timestamp > maxTerm) {
            revert LicenseRegistryInvalidTerm(newExpiry - block.timestamp, minTerm(), maxTerm);
        }
        _record(LicenseAction.Renewal, revenueUsd, newExpiry, declarationHash);
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
     * @dev Records the caller's licence, takes payment for the stake it lacks and locks the bought $AGI until
     * `expiry` (or just extends its lock when nothing is lacking).
     */
    function _record(LicenseAction action, uint256 revenueUsd, uint256 expiry, bytes32 declarationHash) private {
        uint256 required = requiredStake(revenueUsd);
        uint256 bought;
        if (required != 0) {
            (uint256 locked,,) = _escrow.lockOf(msg.sender);
            if (required > locked) bought = required - locked;
        }
        if (bought != 0) {
            uint256 reserve = _token.balanceOf(address(this));
            if (bought > reserve) revert LicenseRegistryReserveInsufficient(bought, reserve);
        }
        _licences[msg.sender] = Licence(_toUint128(revenueUsd), uint48(expiry), declarationHash);

        (address currency, uint256 paid) = _collectPayment(bought);
        if (required != 0) _escrow.lockFor(msg.sender, bought, expiry);
        emit LicenseRecorded(msg.sender, action, revenueUsd, declarationHash, required, bought, currency, paid, expiry);
    }

    /// @dev Charges for `stake` $AGI in ETH (`msg.value` non-zero) or the stablecoin; refunds excess ETH.
    function _collectPayment(uint256 stake) private returns (address currency, uint256 paid) {
        (uint256 weiCost, uint256 stablecoinCost) = costOf(stake);
        if (msg.value != 0) {
            if (msg.value < weiCost) revert LicenseRegistryInsufficientPayment(msg.value, weiCost);
            if (weiCost != 0) Address.sendValue(_treasury, weiCost);
            if (msg.value > weiCost) Address.sendValue(payable(msg.sender), msg.value - weiCost);
            return (address(0), weiCost);
        }
        IERC20 coin = stablecoin();
        if (stablecoinCost != 0) coin.safeTransferFrom(msg.sender, _treasury, stablecoinCost);
        return (address(coin), stablecoinCost);
    }

    function _checkTerm(uint256 term) private view returns (uint256) {
        uint256 maxTerm = _escrowMaxLock();
        if (term < minTerm() || term > maxTerm) revert LicenseRegistryInvalidTerm(term, minTerm(), maxTerm);
        return term;
    }

    function _escrowMaxLock() private pure returns (uint256) {
        return 4 * 365 days;
    }
}
