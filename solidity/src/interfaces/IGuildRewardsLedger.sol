// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title IGuildRewardsLedger
 * @notice The part of {GuildToken} the {RewardsDistributor} uses: an ERC-20 that records, per account, the
 * cumulative rewards it has received, so a cumulative claim pays only the difference.
 */
interface IGuildRewardsLedger is IERC20 {
    /**
     * @notice Pays `account` up to `cumulativeAmount` in total rewards, from the caller's balance.
     * @dev Moves `cumulativeAmount - rewardsReceived(account)` tokens from the caller to `account`, records
     * `cumulativeAmount` as received and adds the payment to the caller's total paid. Pays nothing and changes
     * nothing when `cumulativeAmount` is not above what `account` already received. Only accounts the owner marked
     * as rewards payers may call it.
     * @return paid The amount transferred.
     * @return totalPaid The caller's cumulative rewards paid, this payment included.
     * @param account The recipient.
     * @param cumulativeAmount The account's total earned up to the latest epoch (wei).
     */
    function payRewards(address account, uint256 cumulativeAmount) external returns (uint256 paid, uint256 totalPaid);

    /// @notice The cumulative rewards `account` has received through {payRewards} (zero for a payer).
    /// @param account The recipient.
    function rewardsReceived(address account) external view returns (uint256);

    /// @notice The cumulative rewards `payer` has paid through {payRewards} (zero for a non-payer).
    /// @param payer The rewards payer.
    function rewardsPaid(address payer) external view returns (uint256);

    /// @notice Whether `account` may call {payRewards}.
    /// @param account The account.
    function isRewardsPayer(address account) external view returns (bool);
}
