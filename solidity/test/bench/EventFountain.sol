// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EventFountain
/// @notice Benchmark helper, never deployed by the guild: emits many `Claimed` events (the RewardsDistributor's exact
/// signature) per transaction, so the C# event indexer's throughput can be measured over 100,000 real logs on anvil.
contract EventFountain {
    /// @notice Same signature as {RewardsDistributor-Claimed}.
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);

    /// @notice Emits `count` events for consecutive synthetic accounts starting at `firstAccount`.
    /// @param firstAccount The first account number (accounts are `address(uint160(firstAccount + i))`).
    /// @param count How many events to emit.
    function emitClaims(uint256 firstAccount, uint256 count) external {
        for (uint256 i = 0; i < count; ++i) {
            uint256 n = firstAccount + i;
            emit Claimed(address(uint160(n)), n, n * 2);
        }
    }
}
