// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/**
 * @title StandardMerkleTree
 * @notice Test helper: builds OpenZeppelin StandardMerkleTree trees of `[address, uint256]` leaves in Solidity, with
 * the npm package's layout (leaves sorted by hash, array-form complete binary tree), so roots and proofs match
 * `StandardMerkleTree.of(values, ["address", "uint256"])`.
 */
library StandardMerkleTree {
    struct Tree {
        bytes32[] nodes; // nodes[0] is the root; leaves fill the end, in reverse sorted order
        mapping(bytes32 leaf => uint256 index) indexOf;
    }

    function leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    /// @dev Builds the tree of `(accounts[i], amounts[i])` into `tree` and returns the root.
    function build(Tree storage tree, address[] memory accounts, uint256[] memory amounts) internal returns (bytes32) {
        uint256 n = accounts.length;
        require(n == amounts.length, "StandardMerkleTree: bad input");
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            leaves[i] = leaf(accounts[i], amounts[i]);
        }
        return buildFromLeaves(tree, leaves);
    }

    /// @dev Builds a tree over already-hashed `leaves` (sorted in place), with the same layout.
    function buildFromLeaves(Tree storage tree, bytes32[] memory leaves) internal returns (bytes32) {
        uint256 n = leaves.length;
        require(n > 0, "StandardMerkleTree: no leaves");
        _sort(leaves);
        uint256 size = 2 * n - 1;
        bytes32[] memory nodes = new bytes32[](size);
        for (uint256 i = 0; i < n; i++) {
            nodes[size - 1 - i] = leaves[i];
        }
        for (uint256 i = size - n; i > 0; i--) {
            nodes[i - 1] = Hashes.commutativeKeccak256(nodes[2 * i - 1], nodes[2 * i]);
        }
        delete tree.nodes;
        for (uint256 i = 0; i < size; i++) {
            tree.nodes.push(nodes[i]);
        }
        for (uint256 i = size - n; i < size; i++) {
            tree.indexOf[nodes[i]] = i;
        }
        return nodes[0];
    }

    function root(Tree storage tree) internal view returns (bytes32) {
        return tree.nodes[0];
    }

    /// @dev The proof for `(account, amount)`, which must be in the tree.
    function proof(Tree storage tree, address account, uint256 amount) internal view returns (bytes32[] memory) {
        return proofOfLeaf(tree, leaf(account, amount));
    }

    /// @dev The proof for the leaf hash `l`, which must be in the tree.
    function proofOfLeaf(Tree storage tree, bytes32 l) internal view returns (bytes32[] memory) {
        uint256 index = tree.indexOf[l];
        require(tree.nodes.length > 0 && tree.nodes[index] == l, "StandardMerkleTree: unknown leaf");
        uint256 depth = 0;
        for (uint256 i = index; i > 0; i = (i - 1) / 2) {
            depth++;
        }
        bytes32[] memory siblings = new bytes32[](depth);
        uint256 k = 0;
        for (uint256 i = index; i > 0; i = (i - 1) / 2) {
            siblings[k++] = tree.nodes[i % 2 == 1 ? i + 1 : i - 1];
        }
        return siblings;
    }

    function _sort(bytes32[] memory a) private pure {
        if (a.length > 1) _quickSort(a, 0, int256(a.length - 1));
    }

    function _quickSort(bytes32[] memory a, int256 lo, int256 hi) private pure {
        while (lo < hi) {
            bytes32 pivot = a[uint256(lo + (hi - lo) / 2)];
            int256 i = lo;
            int256 j = hi;
            while (i <= j) {
                while (a[uint256(i)] < pivot) i++;
                while (a[uint256(j)] > pivot) j--;
                if (i <= j) {
                    (a[uint256(i)], a[uint256(j)]) = (a[uint256(j)], a[uint256(i)]);
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                _quickSort(a, lo, j);
                lo = i;
            } else {
                _quickSort(a, i, hi);
                hi = j;
            }
        }
    }
}
