// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {GuildTestBase} from "../utils/GuildTestBase.sol";
import {InvariantCounts, InvariantHandler} from "../utils/InvariantHandler.sol";

/// @dev A contract that holds $AGI (nothing about a plain ERC-20 transfer calls it).
contract Vault {}

/**
 * @dev Transfers, approvals and transferFrom, permits (and their replay), reward payments from the two payers, payers
 * allowed and disallowed, vesting releases and time travel, among every address that can hold $AGI in this suite:
 * the two vesting wallets, their beneficiaries (the distributor, itself a payer, and the Timelock), a second payer,
 * four people and a contract. The handler keeps the rewards ledger it expects: it moves only through payRewards, by
 * exactly the amount paid, on the recipient's and the payer's side.
 */
contract TokenHandler is InvariantHandler {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    GuildToken internal immutable token;
    address internal immutable owner;
    VestingWallet[2] internal pools;

    /// @dev Every address that can hold $AGI here; the invariants sum them.
    address[] public holders;
    /// @dev Holders that start transfers (the vesting wallets only release).
    address[] internal senders;
    /// @dev Holders that can receive rewards (everyone but the payers and the vesting wallets).
    address[] internal recipients;
    address[] public people;
    address[] public payers;
    mapping(address person => uint256) internal keys;

    /// @dev The expected ledger.
    mapping(address account => uint256) public received;
    mapping(address payer => uint256) public paid;
    mapping(address payer => bool) public allowed;
    uint256 public totalRewards;

    constructor(GuildToken token_, address owner_, VestingWallet distribution, VestingWallet treasury) {
        (token, owner) = (token_, owner_);
        pools = [distribution, treasury];
        address distributor = distribution.owner(); // the distributor owns (and receives) the distribution pool
        address secondPayer = makeAddr("secondPayer");
        address vault = address(new Vault());
        vm.prank(owner_);
        token_.setRewardsPayer(secondPayer, true);
        payers.push(distributor);
        payers.push(secondPayer);
        (allowed[distributor], allowed[secondPayer]) = (true, true);
        for (uint256 i = 0; i < 4; i++) {
            (address person, uint256 key) = makeAddrAndKey(string.concat("holder", vm.toString(i)));
            people.push(person);
            keys[person] = key;
        }
        address[6] memory all = [address(distribution), address(treasury), distributor, owner_, secondPayer, vault];
        for (uint256 i = 0; i < all.length; i++) {
            holders.push(all[i]);
            if (i >= 2) senders.push(all[i]);
        }
        recipients.push(owner_);
        recipients.push(vault);
        for (uint256 i = 0; i < people.length; i++) {
            holders.push(people[i]);
            senders.push(people[i]);
            recipients.push(people[i]);
        }
        // The treasury pool funds everyone but the distributor, which the distribution pool funds as it vests.
        for (uint256 i = 3; i < holders.length; i++) {
            vm.prank(address(treasury));
            token_.transfer(holders[i], 100_000_000e18);
        }

        _action(this.transfer.selector, "transfer", 3);
        _action(this.approveAndTransferFrom.selector, "transferFrom", 2);
        _action(this.permitAndTransferFrom.selector, "permit", 2);
        _refusingAction(this.refusedTransfer.selector, "refusedTransfer", 1);
        _action(this.payRewards.selector, "payRewards", 3);
        _refusingAction(this.refusedPayment.selector, "refusedPayment", 1);
        _eitherAction(this.setPayer.selector, "setPayer", 1);
        _action(this.release.selector, "release", 1);
        _action(this.warp.selector, "warp", 1);
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function payerCount() external view returns (uint256) {
        return payers.length;
    }

    // ---------------------------------------------------------------- ordinary transfers

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address sender = senders[from % senders.length];
        address receiver = holders[to % holders.length];
        amount = _bound(amount, 0, token.balanceOf(sender));
        _moves(sender, receiver, amount);
        vm.prank(sender);
        assertTrue(token.transfer(receiver, amount));
        _moved(sender, receiver, amount);
        _ok("transfer");
    }

    /// @dev `holder` approves `spender` (sometimes without limit), who moves part of it to `to`.
    function approveAndTransferFrom(uint256 holder, uint256 spender, uint256 to, uint256 allowance, uint256 amount)
        external
    {
        address from = senders[holder % senders.length];
        address by = people[spender % people.length];
        address receiver = holders[to % holders.length];
        uint256 balance = token.balanceOf(from);
        allowance = allowance % 4 == 0 ? type(uint256).max : _bound(allowance, 0, 2 * balance);
        vm.prank(from);
        assertTrue(token.approve(by, allowance));
        amount = _bound(amount, 0, allowance < balance ? allowance : balance);
        _spend(from, by, receiver, amount, allowance);
        _ok("transferFrom");
    }

    /**
     * @dev A person signs a permit that anyone submits; the spender then moves part of it. The same signature
     * submitted again is refused: the nonce it signed is used, so it recovers to another signer.
     */
    function permitAndTransferFrom(uint256 holder, uint256 spender, uint256 to, uint256 value, uint256 amount)
        external
    {
        address from = people[holder % people.length];
        address by = people[spender % people.length];
        uint256 balance = token.balanceOf(from);
        value = _bound(value, 0, 2 * balance);
        _permitAndReplay(from, by, value);
        _spend(from, by, holders[to % holders.length], _bound(amount, 0, value < balance ? value : balance), value);
        _ok("permit");
    }

    /// @dev `from` signs a permit of `value` for `by`, which anyone submits once; submitted again, it is refused.
    function _permitAndReplay(address from, address by, uint256 value) private {
        uint256 nonce = token.nonces(from);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[from], _permitDigest(from, by, value, nonce, deadline));
        token.permit(from, by, value, deadline, v, r, s);
        assertEq(token.allowance(from, by), value, "the permit set the allowance");
        assertEq(token.nonces(from), nonce + 1, "the permit used its nonce");
        address recovered = ecrecover(_permitDigest(from, by, value, nonce + 1, deadline), v, r, s);
        _refuse("permit", abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, from));
        token.permit(from, by, value, deadline, v, r, s);
    }

    /// @dev What must be refused: more than the balance, a transfer to the zero address, more than the allowance,
    /// an expired permit.
    function refusedTransfer(uint256 from, uint256 extra, uint8 kind) external {
        address sender = senders[from % senders.length];
        address person = people[from % people.length];
        uint256 balance = token.balanceOf(sender);
        kind %= 4;
        if (kind == 0) {
            uint256 amount = balance + _bound(extra, 1, 1e30);
            _refuse(
                "refusedTransfer",
                abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, sender, balance, amount)
            );
            vm.prank(sender);
            token.transfer(person, amount);
        } else if (kind == 1) {
            _refuse("refusedTransfer", abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
            vm.prank(sender);
            token.transfer(address(0), 0);
        } else if (kind == 2) {
            uint256 allowance = token.allowance(sender, person);
            if (allowance == type(uint256).max) {
                vm.prank(sender);
                token.approve(person, allowance = _bound(extra, 0, balance));
            }
            _refuse(
                "refusedTransfer",
                abi.encodeWithSelector(
                    IERC20Errors.ERC20InsufficientAllowance.selector, person, allowance, allowance + 1
                )
            );
            vm.prank(person);
            token.transferFrom(sender, person, allowance + 1);
        } else {
            uint256 deadline = block.timestamp - _bound(extra, 1, 1 days);
            bytes32 digest = _permitDigest(person, sender, 1, token.nonces(person), deadline);
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[person], digest);
            _refuse("refusedTransfer", abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
            token.permit(person, sender, 1, deadline, v, r, s);
        }
    }

    // ---------------------------------------------------------------- rewards

    /**
     * @dev The first allowed payer from `by` on pays a recipient up to a new cumulative amount (within its balance),
     * or, when `stale`, names a cumulative amount already paid, which pays nothing. With no payer allowed, refused.
     */
    function payRewards(uint256 by, uint256 to, uint256 amount, bool stale) external {
        (address payer, bool found) = _allowedPayer(by);
        address recipient = recipients[to % recipients.length];
        uint256 balance = token.balanceOf(payer);
        uint256 due = stale ? 0 : _bound(amount, 0, balance);
        uint256 cumulative = stale ? _bound(amount, 0, received[recipient]) : received[recipient] + due;
        uint256 recipientBalance = token.balanceOf(recipient);
        if (!found) {
            _refuse("payRewards", abi.encodeWithSelector(GuildToken.GuildTokenUnauthorizedPayer.selector, payer));
        }
        vm.prank(payer);
        (uint256 paidNow, uint256 totalPaid) = token.payRewards(recipient, cumulative);
        if (!found) return;
        assertEq(paidNow, due, "pays the difference");
        assertEq(totalPaid, paid[payer] + due, "returns the payer's new total");
        assertEq(balance - token.balanceOf(payer), due, "the payer's balance fell by what it paid");
        assertEq(token.balanceOf(recipient) - recipientBalance, due, "the recipient's rose by it");
        (received[recipient], paid[payer], totalRewards) = (received[recipient] + due, totalPaid, totalRewards + due);
        _ok("payRewards");
    }

    /// @dev What a payment must never do: pay a payer, pay beyond the payer's balance, be made by a stranger.
    function refusedPayment(uint256 by, uint256 to, uint256 extra, uint8 kind) external {
        (address payer, bool found) = _allowedPayer(by);
        address recipient = recipients[to % recipients.length];
        kind %= 3;
        bytes memory refusal;
        uint256 cumulative = received[recipient] + token.balanceOf(payer) + _bound(extra, 1, 1e24);
        if (kind == 0 || !found) {
            // A person is no payer, whoever the recipient.
            payer = people[by % people.length];
            refusal = abi.encodeWithSelector(GuildToken.GuildTokenUnauthorizedPayer.selector, payer);
        } else if (kind == 1) {
            recipient = payers[to % payers.length];
            refusal = abi.encodeWithSelector(GuildToken.GuildTokenPayerCannotReceive.selector, recipient);
        } else {
            uint256 balance = token.balanceOf(payer);
            refusal = abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, payer, balance, cumulative - received[recipient]
            );
        }
        _refuse("refusedPayment", refusal);
        vm.prank(payer);
        token.payRewards(recipient, cumulative);
    }

    /**
     * @dev The Timelock allows or disallows a payer (a payer allowed again keeps its total); or, when `recipient`,
     * tries to make a person who has received rewards a payer, which is refused.
     */
    function setPayer(uint256 which, bool allow, bool recipient) external {
        if (recipient) {
            for (uint256 i = 0; i < people.length; i++) {
                address person = people[(which % people.length + i) % people.length];
                if (received[person] == 0) continue;
                _refuse("setPayer", abi.encodeWithSelector(GuildToken.GuildTokenRecipientCannotPay.selector, person));
                vm.prank(owner);
                token.setRewardsPayer(person, true);
                return;
            }
        }
        address payer = payers[which % payers.length];
        vm.prank(owner);
        token.setRewardsPayer(payer, allow);
        allowed[payer] = allow;
        _ok("setPayer");
    }

    // ---------------------------------------------------------------- vesting and time

    /// @dev A vesting wallet releases what has vested to its beneficiary (the distributor, or the Timelock).
    function release(uint256 which) external {
        VestingWallet pool = pools[which % 2];
        address beneficiary = pool.owner();
        uint256 amount = pool.releasable(address(token));
        uint256 before = token.balanceOf(beneficiary);
        pool.release(address(token));
        assertEq(token.balanceOf(beneficiary) - before, amount, "the beneficiary received what had vested");
        _ok("release");
    }

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1 hours, 30 days));
        _ok("warp");
    }

    // ---------------------------------------------------------------- helpers

    struct Ledger {
        uint256 fromReceived;
        uint256 fromPaid;
        uint256 toReceived;
        uint256 toPaid;
        uint256 fromBalance;
        uint256 toBalance;
    }

    Ledger internal _before;

    /// @dev Notes the ledgers and balances of both sides before an ordinary transfer.
    function _moves(address from, address to, uint256) private {
        _before = Ledger(
            token.rewardsReceived(from),
            token.rewardsPaid(from),
            token.rewardsReceived(to),
            token.rewardsPaid(to),
            token.balanceOf(from),
            token.balanceOf(to)
        );
    }

    /// @dev An ordinary transfer moved `amount` and left both ledgers as they were.
    function _moved(address from, address to, uint256 amount) private view {
        Ledger memory b = _before;
        assertEq(token.rewardsReceived(from), b.fromReceived, "a transfer never touches the ledger");
        assertEq(token.rewardsPaid(from), b.fromPaid, "a transfer never touches the ledger");
        assertEq(token.rewardsReceived(to), b.toReceived, "a transfer never touches the ledger");
        assertEq(token.rewardsPaid(to), b.toPaid, "a transfer never touches the ledger");
        if (from == to) {
            assertEq(token.balanceOf(from), b.fromBalance, "a transfer to oneself changes nothing");
        } else {
            assertEq(b.fromBalance - token.balanceOf(from), amount, "the sender's balance fell by the amount");
            assertEq(token.balanceOf(to) - b.toBalance, amount, "the receiver's rose by it");
        }
    }

    /// @dev `by` moves `amount` of `from`'s tokens to `to` under an allowance of `allowance`.
    function _spend(address from, address by, address to, uint256 amount, uint256 allowance) private {
        _moves(from, to, amount);
        vm.prank(by);
        assertTrue(token.transferFrom(from, to, amount));
        _moved(from, to, amount);
        uint256 left = allowance == type(uint256).max ? allowance : allowance - amount;
        assertEq(token.allowance(from, by), left, "the allowance fell by what was spent (unless unlimited)");
    }

    function _allowedPayer(uint256 by) private view returns (address, bool) {
        for (uint256 i = 0; i < payers.length; i++) {
            address payer = payers[(by % payers.length + i) % payers.length];
            if (allowed[payer]) return (payer, true);
        }
        return (payers[by % payers.length], false);
    }

    /// @dev The EIP-2612 digest, from the standard's text rather than the token's helpers.
    function _permitDigest(address holder, address spender, uint256 value, uint256 nonce, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Guild"),
                keccak256("1"),
                block.chainid,
                address(token)
            )
        );
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }
}

contract TokenInvariantsTest is GuildTestBase, InvariantCounts {
    TokenHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new TokenHandler(token, address(timelock), d.distributionVesting, d.treasuryVesting);
        _target(handler);
    }

    /// @dev Every token is somewhere: the balances of all the addresses that can hold $AGI add up to the supply.
    function invariant_BalancesSumToTheSupply() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.holderCount(); i++) {
            sum += token.balanceOf(handler.holders(i));
        }
        assertEq(sum, token.totalSupply(), "the sum of balances is the supply");
        assertEq(token.totalSupply(), token.CAP(), "no mint, no burn");
    }

    /// @dev The rewards ledger is what payRewards wrote and nothing else: transfers, approvals, permits and
    /// releases never touch it, and what was received equals what was paid.
    function invariant_LedgerMovesOnlyByPayRewards() public view {
        uint256 receivedSum;
        uint256 paidSum;
        for (uint256 i = 0; i < handler.holderCount(); i++) {
            address holder = handler.holders(i);
            assertEq(token.rewardsReceived(holder), handler.received(holder), "rewards received");
            assertEq(token.rewardsPaid(holder), handler.paid(holder), "rewards paid");
            receivedSum += token.rewardsReceived(holder);
            paidSum += token.rewardsPaid(holder);
        }
        for (uint256 i = 0; i < handler.payerCount(); i++) {
            address payer = handler.payers(i);
            assertEq(token.isRewardsPayer(payer), handler.allowed(payer), "payer allowed");
            assertEq(token.rewardsReceived(payer), 0, "a payer never receives rewards");
        }
        assertEq(receivedSum, handler.totalRewards(), "received adds up to what was paid");
        assertEq(paidSum, handler.totalRewards(), "paid adds up to what was paid");
    }

    function afterInvariant() external view {
        _assertEachActionRan(handler);
    }
}
