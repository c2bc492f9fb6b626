// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StandardMerkleTree} from "../test/utils/StandardMerkleTree.sol";

/// @dev The 1,000 contributors and trees of the gas measurements (shared by GasCheck.s.sol).
abstract contract MerkleLeaves {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    StandardMerkleTree.Tree private _standard;
    StandardMerkleTree.Tree private _uniswap;

    function contributors() internal pure returns (address[] memory accounts, uint256[] memory amounts, uint256 total) {
        accounts = new address[](1000);
        amounts = new uint256[](1000);
        for (uint256 i = 0; i < 1000; i++) {
            accounts[i] = address(uint160(uint256(keccak256(abi.encode("contributor", i)))));
            amounts[i] = 1e18 + (uint256(keccak256(abi.encode("amount", i))) % 10_000e18);
            total += amounts[i];
        }
    }

    function buildStandard(address[] memory accounts, uint256[] memory amounts) internal returns (bytes32) {
        return _standard.build(accounts, amounts);
    }

    function standardProof(address account, uint256 amount) internal view returns (bytes32[] memory) {
        return _standard.proof(account, amount);
    }

    function buildUniswap(address[] memory accounts, uint256[] memory amounts) internal returns (bytes32) {
        bytes32[] memory leaves = new bytes32[](accounts.length);
        for (uint256 i = 0; i < accounts.length; i++) {
            leaves[i] = keccak256(abi.encodePacked(i, accounts[i], amounts[i]));
        }
        return _uniswap.buildFromLeaves(leaves);
    }

    function uniswapProof(uint256 index, address account, uint256 amount) internal view returns (bytes32[] memory) {
        return _uniswap.proofOfLeaf(keccak256(abi.encodePacked(index, account, amount)));
    }
}
