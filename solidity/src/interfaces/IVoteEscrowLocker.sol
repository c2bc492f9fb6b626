// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IVoteEscrowLocker
/// @notice The part of {VoteEscrow} the {LicenseRegistry} uses.
interface IVoteEscrowLocker {
    /**
     * @notice Locks `amount` of the caller's $AGI for `account` until at least `end`.
     * @dev Creates `account`'s lock, or adds to it and moves its end to `end` when that is later; `amount` may be
     * zero to only extend an existing lock.
     * @param account The account.
     * @param amount An amount of $AGI (wei).
     * @param end The unlock time (seconds).
     */
    function lockFor(address account, uint256 amount, uint256 end) external;

    /// @notice `account`'s lock: the locked amount, the unlock time (seconds) and its voting power.
    /// @param account The account.
    /// @return amount An amount of $AGI (wei).
    /// @return end The unlock time (seconds).
    /// @return power The voting power.
    function lockOf(address account) external view returns (uint256 amount, uint256 end, uint256 power);
}
