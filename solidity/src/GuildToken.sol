// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGuildRewardsLedger} from "./interfaces/IGuildRewardsLedger.sol";

/**
 * @title GuildToken ($AGI)
 * @notice The guild's ERC-20: 10,000,000,000 tokens minted once at deployment, 20% to the initial-distribution
 * pool and 80% to the DAO treasury (each a vesting wallet). There is no mint function, so the supply can never
 * exceed {CAP}.
 *
 * @dev Note: this token keeps OpenZeppelin's ERC20 and ERC20Permit logic (allowances, permit, errors, events) but
 * stores balances itself, in one word per account:
 *
 *   bits   0..95   balance                       (the cap, 1e28 wei, is below 2^96)
 *   bits  96..191  rewards ledger: for a recipient, the cumulative rewards received; for a rewards payer, the
 *                  cumulative rewards paid (written only by {payRewards})
 *   bit   192      rewards payer, active         (set and cleared by the owner, the Timelock)
 *   bit   193      rewards payer, ever           (set with bit 192, never cleared: a payer never receives rewards)
 *
 * Keeping the ledger in the balance words lets a contributor's first reward claim write one fresh storage slot
 * instead of two (balance and claimed amount), and lets a claim update the payer's total paid and check its flag
 * at no extra cost, since the payer's word is loaded and written for the debit anyway. Invariants an override
 * must never break: the sum of balances equals {totalSupply}; a balance never exceeds {CAP}, so adding to the low
 * 96 bits never carries into the ledger bits; only {payRewards} writes bits 96..191.
 */
contract GuildToken is ERC20, ERC20Permit, Ownable, IGuildRewardsLedger {
    /// @notice The hard cap on supply: 10,000,000,000 $AGI (18 decimals).
    uint256 public constant CAP = 10_000_000_000e18;
    /// @notice The share minted to the initial-distribution pool: 20% of {CAP}.
    uint256 public constant DISTRIBUTION_SHARE = 2_000_000_000e18;
    /// @notice The share minted to the DAO treasury: 80% of {CAP}.
    uint256 public constant TREASURY_SHARE = 8_000_000_000e18;

    uint256 private constant _AMOUNT_MASK = (1 << 96) - 1;
    uint256 private constant _REWARDS_SHIFT = 96;
    uint256 private constant _LEDGER_MASK = _AMOUNT_MASK << _REWARDS_SHIFT;
    uint256 private constant _PAYER_FLAG = 1 << 192;
    uint256 private constant _PAYER_EVER_FLAG = 1 << 193;

    mapping(address account => uint256 word) private _words;
    uint256 private _supply;

    /// @notice Emitted when the owner allows or disallows `payer` to call {payRewards}.
    /// @param payer The rewards payer.
    /// @param allowed Whether it is allowed.
    event RewardsPayerSet(address indexed payer, bool allowed);

    /// @dev A mint would take the supply from `supply` above `cap`.
    error GuildTokenCapExceeded(uint256 supply, uint256 cap);
    /// @dev `caller` is not an allowed rewards payer.
    error GuildTokenUnauthorizedPayer(address caller);
    /// @dev `account` is or was a rewards payer, so it cannot receive rewards.
    error GuildTokenPayerCannotReceive(address account);
    /// @dev `account` has received rewards, so it cannot become a rewards payer.
    error GuildTokenRecipientCannotPay(address account);
    /// @dev `amount` does not fit the 96-bit rewards ledger.
    error GuildTokenRewardsOverflow(uint256 amount);

    /**
     * @dev Mints {DISTRIBUTION_SHARE} to `distributionPool` and {TREASURY_SHARE} to `treasury`; `initialOwner`
     * (the deployer during wiring, then the Timelock) may set rewards payers.
     */
    constructor(address distributionPool, address treasury, address initialOwner)
        ERC20("Guild", "AGI")
        ERC20Permit("Guild")
        Ownable(initialOwner)
    {
        _mint(distributionPool, DISTRIBUTION_SHARE);
        _mint(treasury, TREASURY_SHARE);
    }

    /// @notice The hard cap on total supply. See {CAP}.
    function cap() external pure returns (uint256) {
        return CAP;
    }

    /// @inheritdoc ERC20
    function totalSupply() public view override(ERC20, IERC20) returns (uint256) {
        return _supply;
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view override(ERC20, IERC20) returns (uint256) {
        return _words[account] & _AMOUNT_MASK;
    }

    /// @inheritdoc IGuildRewardsLedger
    function rewardsReceived(address account) external view returns (uint256) {
        uint256 word = _words[account];
        return word & _PAYER_EVER_FLAG == 0 ? (word >> _REWARDS_SHIFT) & _AMOUNT_MASK : 0;
    }

    /// @inheritdoc IGuildRewardsLedger
    function rewardsPaid(address payer) external view returns (uint256) {
        uint256 word = _words[payer];
        return word & _PAYER_EVER_FLAG != 0 ? (word >> _REWARDS_SHIFT) & _AMOUNT_MASK : 0;
    }

    /// @inheritdoc IGuildRewardsLedger
    function isRewardsPayer(address account) external view returns (bool) {
        return _words[account] & _PAYER_FLAG != 0;
    }

    /**
     * @notice Allows or disallows `payer` (the RewardsDistributor) to pay rewards from its own balance.
     * @dev Only the owner (the Timelock). An account that has received rewards cannot become a payer, and a payer
     * (even a disallowed one) can never receive rewards; a payer allowed again keeps its total paid.
     * Emits a {RewardsPayerSet} event.
     * @param payer The rewards payer.
     * @param allowed Whether it is allowed.
     */
    function setRewardsPayer(address payer, bool allowed) external onlyOwner {
        uint256 word = _words[payer];
        if (allowed) {
            if (word & _PAYER_EVER_FLAG == 0 && word & _LEDGER_MASK != 0) revert GuildTokenRecipientCannotPay(payer);
            word |= _PAYER_FLAG | _PAYER_EVER_FLAG;
        } else {
            word &= ~_PAYER_FLAG;
        }
        _words[payer] = word;
        emit RewardsPayerSet(payer, allowed);
    }

    /**
     * @inheritdoc IGuildRewardsLedger
     * @dev Requirements: the caller is a rewards payer holding at least the difference; `account` is not a payer
     * and not the zero address. Emits a {Transfer} event from the caller to `account` when something is paid.
     */
    function payRewards(address account, uint256 cumulativeAmount) external returns (uint256 paid, uint256 totalPaid) {
        uint256 payerWord = _words[msg.sender];
        totalPaid = (payerWord >> _REWARDS_SHIFT) & _AMOUNT_MASK;
        if (payerWord & _PAYER_FLAG == 0) revert GuildTokenUnauthorizedPayer(msg.sender);
        if (account == address(0)) revert ERC20InvalidReceiver(address(0));
        if (cumulativeAmount > _AMOUNT_MASK) revert GuildTokenRewardsOverflow(cumulativeAmount);

        uint256 word = _words[account];
        if (word & _PAYER_EVER_FLAG != 0) revert GuildTokenPayerCannotReceive(account);
        uint256 received = (word >> _REWARDS_SHIFT) & _AMOUNT_MASK;
        if (cumulativeAmount <= received) return (0, totalPaid);

        paid = cumulativeAmount - received;
        uint256 payerBalance = payerWord & _AMOUNT_MASK;
        if (payerBalance < paid) revert ERC20InsufficientBalance(msg.sender, payerBalance, paid);
        totalPaid += paid;
        if (totalPaid > _AMOUNT_MASK) revert GuildTokenRewardsOverflow(totalPaid);
        unchecked {
            // No borrow: payerBalance >= paid. No carry: a balance plus `paid` stays within the supply (< 2^96).
            _words[msg.sender] = ((payerWord & ~_LEDGER_MASK) | (totalPaid << _REWARDS_SHIFT)) - paid;
            _words[account] = ((word & ~_LEDGER_MASK) | (cumulativeAmount << _REWARDS_SHIFT)) + paid;
        }
        emit Transfer(msg.sender, account, paid);
    }

    /**
     * @dev Moves `value` between balance words (mints when `from` is zero, burns when `to` is zero), keeping the
     * ledger bits. See {ERC20-_update}. Mints past {CAP} revert with {GuildTokenCapExceeded}.
     */
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0)) {
            uint256 newSupply = _supply + value;
            if (newSupply > CAP) revert GuildTokenCapExceeded(newSupply, CAP);
            _supply = newSupply;
        } else {
            uint256 fromWord = _words[from];
            uint256 fromBalance = fromWord & _AMOUNT_MASK;
            if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
            unchecked {
                _words[from] = fromWord - value;
            }
        }

        unchecked {
            if (to == address(0)) {
                _supply -= value;
            } else {
                // No carry into the ledger bits: every balance is at most the supply, which is at most CAP < 2^96.
                _words[to] += value;
            }
        }
        emit Transfer(from, to, value);
    }
}
