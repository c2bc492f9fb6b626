// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title LicenseParameters
 * @notice The governed parameters of the {LicenseRegistry} and the stake and price formulas that use them. The owner
 * is the Timelock.
 *
 * @dev Scales (money is integers):
 * - revenue and the threshold: whole US dollars (default threshold 1,000,000);
 * - `rate` (X): 18 decimals, so 0.001 is 1e15; at most 1e18;
 * - `agiPriceUsd`, `ethPriceUsd`: US dollars per whole token with 18 decimals (0.05 USD per $AGI is 5e16);
 * - stakes: $AGI wei; the stablecoin is taken at 1 USD per whole coin, in its own decimals (at most 18);
 * - `minTerm`: seconds (default 365 days, never below one year).
 *
 * `requiredStake(r) = ceil(X * max(0, r - threshold) * 1e18 / agiPriceUsd)` wei: X times the excess revenue, in
 * USD, converted to $AGI at the governance price. Every conversion rounds up, in the guild's favour.
 */
abstract contract LicenseParameters is Ownable {
    /// @dev Constructor input; see the scales above.
    struct Parameters {
        uint256 revenueThresholdUsd;
        uint256 rate;
        uint256 agiPriceUsd;
        uint256 ethPriceUsd;
        uint256 minTerm;
        IERC20 stablecoin;
    }

    struct Terms {
        uint128 revenueThresholdUsd;
        uint64 rate;
        uint64 minTerm;
    }

    struct Prices {
        uint128 agiPriceUsd;
        uint128 ethPriceUsd;
    }

    struct Stablecoin {
        IERC20 coin;
        uint64 scale; // 10 ** (18 - decimals): divides an 18-decimal USD amount into coin units
    }

    uint256 private constant _MAX_RATE = 1e18;
    /// @dev A licence lasts at least a year: governance cannot shorten the commitment below that.
    uint256 private constant _MIN_TERM_FLOOR = 365 days;
    /// @dev The longest licence term and minimum term: the VoteEscrow's longest lock.
    uint256 internal constant _MAX_TERM = 4 * 365 days;

    Terms private _terms;
    Prices private _prices;
    Stablecoin private _stablecoin;

    /// @notice Emitted when the revenue threshold changes.
    /// @param previousUsd The old value (whole USD).
    /// @param newUsd The new value (whole USD).
    event RevenueThresholdChanged(uint256 previousUsd, uint256 newUsd);
    /// @notice Emitted when the rate X changes.
    /// @param previousRate The old X (18 decimals).
    /// @param newRate X with 18 decimals.
    event RateChanged(uint256 previousRate, uint256 newRate);
    /// @notice Emitted when the $AGI price changes.
    /// @param previousPriceUsd The old price (USD, 18 decimals).
    /// @param newPriceUsd The new price (USD, 18 decimals).
    event AgiPriceChanged(uint256 previousPriceUsd, uint256 newPriceUsd);
    /// @notice Emitted when the ETH price changes.
    /// @param previousPriceUsd The old price (USD, 18 decimals).
    /// @param newPriceUsd The new price (USD, 18 decimals).
    event EthPriceChanged(uint256 previousPriceUsd, uint256 newPriceUsd);
    /// @notice Emitted when the minimum term changes.
    /// @param previousTerm The old minimum term (seconds).
    /// @param newTerm The new minimum term (seconds).
    event MinTermChanged(uint256 previousTerm, uint256 newTerm);
    /// @notice Emitted when the accepted stablecoin changes.
    /// @param previousCoin The old stablecoin.
    /// @param newCoin The new stablecoin.
    /// @param decimals The new stablecoin's decimals.
    event StablecoinChanged(address indexed previousCoin, address indexed newCoin, uint8 decimals);

    /// @dev `rate` is above 1e18 (X above 1).
    error LicenseParametersInvalidRate(uint256 rate);
    /// @dev A price of zero or above 2^128.
    error LicenseParametersInvalidPrice(uint256 price);
    /// @dev `threshold` does not fit 128 bits.
    error LicenseParametersInvalidThreshold(uint256 threshold);
    /// @dev `term` is outside one year to four years.
    error LicenseParametersInvalidMinTerm(uint256 term);
    /// @dev The stablecoin reports `decimals`, above 18.
    error LicenseParametersInvalidDecimals(uint8 decimals);
    /// @dev A required address is zero.
    error LicenseParametersInvalidAddress();
    /// @dev The declared revenue does not fit 128 bits.
    error LicenseParametersRevenueTooLarge(uint256 revenueUsd);

    constructor(address initialOwner, Parameters memory initial) Ownable(initialOwner) {
        _setRevenueThreshold(initial.revenueThresholdUsd);
        _setRate(initial.rate);
        _setAgiPrice(initial.agiPriceUsd);
        _setEthPrice(initial.ethPriceUsd);
        _setMinTerm(initial.minTerm);
        _setStablecoin(initial.stablecoin);
    }

    /// @notice The revenue (whole USD) up to which a licence is free.
    function revenueThresholdUsd() public view returns (uint256) {
        return _terms.revenueThresholdUsd;
    }

    /// @notice X, with 18 decimals.
    function rate() public view returns (uint256) {
        return _terms.rate;
    }

    /// @notice The shortest licence term, in seconds.
    function minTerm() public view returns (uint256) {
        return _terms.minTerm;
    }

    /// @notice USD per $AGI, 18 decimals.
    function agiPriceUsd() public view returns (uint256) {
        return _prices.agiPriceUsd;
    }

    /// @notice USD per ETH, 18 decimals.
    function ethPriceUsd() public view returns (uint256) {
        return _prices.ethPriceUsd;
    }

    /// @notice The accepted ERC-20 stablecoin.
    function stablecoin() public view returns (IERC20) {
        return _stablecoin.coin;
    }

    /**
     * @notice The $AGI (wei) a company declaring `revenueUsd` (whole USD) must hold locked: X times the revenue above
     * the threshold, at the $AGI price, rounded up. Zero at or below the threshold.
     * @param revenueUsd Declared annual revenue (whole USD).
     */
    function requiredStake(uint256 revenueUsd) public view returns (uint256) {
        Terms memory terms = _terms;
        if (revenueUsd <= terms.revenueThresholdUsd) return 0;
        return Math.mulDiv(
            revenueUsd - terms.revenueThresholdUsd, uint256(terms.rate) * 1e18, _prices.agiPriceUsd, Math.Rounding.Ceil
        );
    }

    /// @notice The price of `stake` $AGI wei in ETH wei and in stablecoin units, each rounded up.
    /// @param stake An amount of $AGI (wei).
    /// @return weiCost The price in ETH (wei).
    /// @return stablecoinCost The price in stablecoin units.
    function costOf(uint256 stake) public view returns (uint256 weiCost, uint256 stablecoinCost) {
        if (stake == 0) return (0, 0);
        Prices memory prices = _prices;
        uint256 usd = Math.mulDiv(stake, prices.agiPriceUsd, 1e18, Math.Rounding.Ceil);
        weiCost = Math.mulDiv(usd, 1e18, prices.ethPriceUsd, Math.Rounding.Ceil);
        stablecoinCost = Math.ceilDiv(usd, _stablecoin.scale);
    }

    /// @notice Sets the free-licence revenue threshold (whole USD). Only the owner. Emits {RevenueThresholdChanged}.
    /// @param thresholdUsd The threshold (whole USD).
    function setRevenueThreshold(uint256 thresholdUsd) external onlyOwner {
        _setRevenueThreshold(thresholdUsd);
    }

    /// @notice Sets X (18 decimals, at most 1e18). Only the owner. Emits {RateChanged}.
    /// @param newRate X with 18 decimals.
    function setRate(uint256 newRate) external onlyOwner {
        _setRate(newRate);
    }

    /// @notice Sets the $AGI price (USD, 18 decimals). Only the owner. Emits {AgiPriceChanged}.
    /// @param priceUsd The price (USD, 18 decimals).
    function setAgiPrice(uint256 priceUsd) external onlyOwner {
        _setAgiPrice(priceUsd);
    }

    /// @notice Sets the ETH price (USD, 18 decimals). Only the owner. Emits {EthPriceChanged}.
    /// @param priceUsd The price (USD, 18 decimals).
    function setEthPrice(uint256 priceUsd) external onlyOwner {
        _setEthPrice(priceUsd);
    }

    /// @notice Sets the minimum licence term (seconds, one year to four years). Only the owner. Emits {MinTermChanged}.
    /// @param term The licence term in seconds.
    function setMinTerm(uint256 term) external onlyOwner {
        _setMinTerm(term);
    }

    /// @notice Sets the accepted stablecoin (at most 18 decimals). Only the owner. Emits {StablecoinChanged}.
    /// @param coin The stablecoin.
    function setStablecoin(IERC20 coin) external onlyOwner {
        _setStablecoin(coin);
    }

    function _toUint128(uint256 revenueUsd) internal pure returns (uint128) {
        if (revenueUsd > type(uint128).max) revert LicenseParametersRevenueTooLarge(revenueUsd);
        return uint128(revenueUsd);
    }

    function _setRevenueThreshold(uint256 thresholdUsd) private {
        if (thresholdUsd > type(uint128).max) revert LicenseParametersInvalidThreshold(thresholdUsd);
        emit RevenueThresholdChanged(_terms.revenueThresholdUsd, thresholdUsd);
        _terms.revenueThresholdUsd = uint128(thresholdUsd);
    }

    function _setRate(uint256 newRate) private {
        if (newRate > _MAX_RATE) revert LicenseParametersInvalidRate(newRate);
        emit RateChanged(_terms.rate, newRate);
        _terms.rate = uint64(newRate);
    }

    function _setAgiPrice(uint256 priceUsd) private {
        _checkPrice(priceUsd);
        emit AgiPriceChanged(_prices.agiPriceUsd, priceUsd);
        _prices.agiPriceUsd = uint128(priceUsd);
    }

    function _setEthPrice(uint256 priceUsd) private {
        _checkPrice(priceUsd);
        emit EthPriceChanged(_prices.ethPriceUsd, priceUsd);
        _prices.ethPriceUsd = uint128(priceUsd);
    }

    function _setMinTerm(uint256 term) private {
        if (term < _MIN_TERM_FLOOR || term > _MAX_TERM) revert LicenseParametersInvalidMinTerm(term);
        emit MinTermChanged(_terms.minTerm, term);
        _terms.minTerm = uint64(term);
    }

    function _setStablecoin(IERC20 coin) private {
        if (address(coin) == address(0)) revert LicenseParametersInvalidAddress();
        uint8 decimals = IERC20Metadata(address(coin)).decimals();
        if (decimals > 18) revert LicenseParametersInvalidDecimals(decimals);
        emit StablecoinChanged(address(_stablecoin.coin), address(coin), decimals);
        _stablecoin = Stablecoin(coin, uint64(10 ** (18 - decimals)));
    }

    function _checkPrice(uint256 price) private pure {
        if (price == 0 || price > type(uint128).max) revert LicenseParametersInvalidPrice(price);
    }
}
