// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The EIP-712 digest a voter signs for `castVoteBySig`, written from the standard's text rather than the
/// Governor's own helpers, so a test signing with it checks the Governor's domain and type hash too.
library Ballots {
    bytes32 internal constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)");

    function digest(address governor, uint256 id, uint8 support, address voter, uint256 nonce)
        internal
        view
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("GuildGovernor"),
                keccak256("1"),
                block.chainid,
                governor
            )
        );
        return keccak256(
            abi.encodePacked("\x19\x01", domain, keccak256(abi.encode(BALLOT_TYPEHASH, id, support, voter, nonce)))
        );
    }
}
