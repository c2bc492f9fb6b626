// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Gas baseline only: a plain OpenZeppelin ERC20 funding the Uniswap distributor baselines.
contract BaselineToken is ERC20 {
    constructor(address holder, uint256 supply) ERC20("Drop", "DROP") {
        _mint(holder, supply);
    }
}
