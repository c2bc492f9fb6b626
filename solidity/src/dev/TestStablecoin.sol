// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestStablecoin
 * @notice A 6-decimal USD stand-in for local chains and tests. Anyone can mint: never deploy it to a real network.
 */
contract TestStablecoin is ERC20 {
    constructor() ERC20("Test USD", "tUSD") {}

    /// @notice Mints `amount` (6 decimals) to `to`. Emits a {Transfer} event.
    /// @param to The recipient.
    /// @param amount The amount (6 decimals).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
