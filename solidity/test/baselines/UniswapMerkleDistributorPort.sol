// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/**
 * @title UniswapMerkleDistributorPort
 * @notice Gas baseline only: a faithful minimal re-implementation of Uniswap's MerkleDistributor (merkle-distributor
 * v1.0.1, `contracts/MerkleDistributor.sol`) for solc 0.8 and OpenZeppelin 5. The npm package (uniswap's
 * merkle-distributor 1.0.1) ships only solc 0.6.11 build output, no sources, so it cannot be compiled here;
 * GasReport.t.sol also deploys that published bytecode as a second baseline.
 * @dev Same logic as upstream: immutable token and root, a packed claimed bitmap, leaf
 * `keccak256(abi.encodePacked(index, account, amount))`, `MerkleProof.verify` over a memory copy of the proof, a
 * checked `transfer`, and a `Claimed(index, account, amount)` event.
 */
contract UniswapMerkleDistributorPort {
    address public immutable token;
    bytes32 public immutable merkleRoot;

    mapping(uint256 => uint256) private claimedBitMap;

    event Claimed(uint256 index, address account, uint256 amount);

    constructor(address token_, bytes32 merkleRoot_) {
        token = token_;
        merkleRoot = merkleRoot_;
    }

    function isClaimed(uint256 index) public view returns (bool) {
        uint256 claimedWordIndex = index / 256;
        uint256 claimedBitIndex = index % 256;
        uint256 claimedWord = claimedBitMap[claimedWordIndex];
        uint256 mask = (1 << claimedBitIndex);
        return claimedWord & mask == mask;
    }

    function _setClaimed(uint256 index) private {
        uint256 claimedWordIndex = index / 256;
        uint256 claimedBitIndex = index % 256;
        claimedBitMap[claimedWordIndex] = claimedBitMap[claimedWordIndex] | (1 << claimedBitIndex);
    }

    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
        require(!isClaimed(index), "MerkleDistributor: Drop already claimed.");
        bytes32 node = keccak256(abi.encodePacked(index, account, amount));
        require(MerkleProof.verify(merkleProof, merkleRoot, node), "MerkleDistributor: Invalid proof.");
        _setClaimed(index);
        require(IERC20(token).transfer(account, amount), "MerkleDistributor: Transfer failed.");
        emit Claimed(index, account, amount);
    }
}
