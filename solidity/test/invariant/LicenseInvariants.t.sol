// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {ILicenseRegistry} from "../../src/interfaces/ILicenseRegistry.sol";
import {RevenueDeclarations} from "../../src/licensing/RevenueDeclarations.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {LicenseTestBase} from "../utils/LicenseTestBase.sol";
import {InvariantCounts, InvariantHandler} from "../utils/InvariantHandler.sol";

/**
 * @dev Random purchases, top-ups and renewals (ETH with excess to refund, or stablecoin) under signed declarations,
 * withdrawals of the stake once its lock ends, parameter changes and time travel.
 *
 * The handler keeps its own model: the parameters it set, each company's licence and lock, and the stake and price
 * formulas written out here (not read from the registry). From it, it picks a company for which the call is valid and
 * predicts exactly what the call moves: the treasury receives the cost, the company pays exactly it, the reserve
 * falls by what is bought and the lock grows by it. `maxCost` is the predicted cost itself, so a registry charging a
 * wei more reverts, and a revert fails the run. When no company qualifies it makes the call anyway and expects the
 * registry's exact refusal.
 */
contract LicenseHandler is InvariantHandler {
    uint256 internal constant MAX_TERM = 4 * 365 days;
    uint256 internal constant RATE = 1e15; // X = 0.001, as deployed
    uint256 internal constant COIN_SCALE = 1e12; // the 6-decimal stablecoin
    uint256 public constant INITIAL_FUNDS = 1e30;

    LicenseRegistry internal immutable registry;
    VoteEscrow internal immutable escrow;
    GuildToken internal immutable token;
    TestStablecoin internal immutable usd;
    LicenseTestBase internal immutable signer;
    address internal immutable owner;
    address internal immutable treasury;

    address[] public companies;
    mapping(address company => uint256) internal keys;

    // The model's parameters: what the handler set.
    uint256 public threshold = 1_000_000;
    uint256 public agiPrice = 0.1e18;
    uint256 public ethPrice = 3000e18;
    uint256 public minTerm = 365 days;

    struct Licence {
        uint256 expiry;
        uint256 revenue;
        uint16 fiscalYear;
        uint256 declarations;
        uint256 locked;
        uint256 unlock;
    }

    mapping(address company => Licence) internal _licences;
    /// @dev The earliest time each company's lock may be withdrawn, by what it bought.
    mapping(address company => uint256) public boughtLockedUntil;
    mapping(address company => uint256) public ethSpent;
    mapping(address company => uint256) public coinSpent;

    uint256 public ethPaid;
    uint256 public coinPaid;
    uint256 public agiBought;
    uint256 public agiWithdrawn;

    constructor(
        LicenseRegistry registry_,
        VoteEscrow escrow_,
        GuildToken token_,
        TestStablecoin usd_,
        address owner_,
        LicenseTestBase signer_
    ) {
        (registry, escrow, token, usd, owner, signer) = (registry_, escrow_, token_, usd_, owner_, signer_);
        treasury = registry_.treasury();
        for (uint256 i = 0; i < 4; i++) {
            (address company, uint256 key) = makeAddrAndKey(string.concat("company", vm.toString(i)));
            companies.push(company);
            keys[company] = key;
            vm.deal(company, INITIAL_FUNDS);
            usd_.mint(company, INITIAL_FUNDS);
            vm.prank(company);
            usd_.approve(address(registry_), type(uint256).max);
        }
        _action(this.purchase.selector, "purchase", 2);
        _action(this.topUp.selector, "topUp", 2);
        _action(this.renew.selector, "renew", 2);
        _action(this.withdraw.selector, "withdraw", 2);
        _action(this.changePrice.selector, "changePrice", 1);
        _action(this.changeEthPrice.selector, "changeEthPrice", 1);
        _action(this.changeThreshold.selector, "changeThreshold", 1);
        _action(this.changeMinTerm.selector, "changeMinTerm", 1);
        _action(this.warp.selector, "warp", 2);
    }

    function companyCount() external view returns (uint256) {
        return companies.length;
    }

    function licenceOf(address company) external view returns (Licence memory) {
        return _licences[company];
    }

    // ---------------------------------------------------------------- actions

    /// @dev The first company from `who` on without an unexpired licence buys one; if all hold one, it is refused.
    function purchase(uint256 who, uint64 revenue, uint32 term, uint8 year, bool eth, uint64 excess) external {
        (address company, bool found) = _find(who, _unlicensed);
        Order memory o = _order(company, _bound(revenue, 0, 50_000_000), year, eth, excess);
        o.term = _bound(term, minTerm, MAX_TERM);
        if (!found) {
            o.refusal = abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryAlreadyLicensed.selector, company, _licences[company].expiry
            );
        }
        _send(o, block.timestamp + o.term);
    }

    /// @dev The first licensed company from `who` on raises its revenue, keeping the expiry; with none, refused.
    function topUp(uint256 who, uint64 extra, uint8 year, bool eth, uint64 excess) external {
        (address company, bool found) = _find(who, _licensed);
        Licence memory l = _licences[company];
        Order memory o = _order(company, l.revenue + _bound(extra, 0, 5_000_000), year, eth, excess);
        o.kind = Kind.TopUp;
        if (!found) {
            o.refusal = abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryNoLicence.selector, company);
        }
        _send(o, l.expiry);
    }

    /**
     * @dev The first company from `who` on that has had a licence and can still add a minimum term within the longest
     * lock renews it; with none, the renewal is refused (no licence, or a term past the longest lock).
     */
    function renew(uint256 who, uint64 revenue, uint32 term, uint8 year, bool eth, uint64 excess) external {
        (address company, bool found) = _find(who, _renewable);
        Licence memory l = _licences[company];
        Order memory o = _order(company, _bound(revenue, 0, 50_000_000), year, eth, excess);
        o.kind = Kind.Renewal;
        uint256 start = l.expiry > block.timestamp ? l.expiry : block.timestamp;
        if (found) {
            o.term = _bound(term, minTerm, MAX_TERM - (start - block.timestamp));
        } else {
            o.term = minTerm;
            o.refusal = l.expiry == 0
                ? abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryNoLicence.selector, company)
                : abi.encodeWithSelector(
                    ILicenseRegistry.LicenseRegistryInvalidTerm.selector,
                    start + minTerm - block.timestamp,
                    minTerm,
                    MAX_TERM
                );
        }
        _send(o, start + o.term);
    }

    /**
     * @dev The first company from `who` on whose lock has ended withdraws it. If none has and `wait`, time runs to the
     * earliest unlock first; otherwise the early withdrawal is refused.
     */
    function withdraw(uint256 who, bool wait) external {
        (address company, bool found) = _find(who, _withdrawable);
        if (!found && wait) {
            (company, found) = _earliestUnlock();
            if (found) _warpTo(_licences[company].unlock);
        }
        Licence storage l = _licences[company];
        uint256 balance = token.balanceOf(company);
        if (!found) {
            _refuse(
                "withdraw",
                l.locked == 0
                    ? abi.encodeWithSelector(VoteEscrow.VoteEscrowNoLock.selector, company)
                    : abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, company, l.unlock)
            );
        }
        vm.prank(company);
        escrow.withdraw();
        if (!found) return;
        assertEq(token.balanceOf(company) - balance, l.locked, "the company got its whole stake back");
        agiWithdrawn += l.locked;
        (l.locked, l.unlock) = (0, 0);
        _ok("withdraw");
    }

    function changePrice(uint64 price) external {
        agiPrice = _bound(price, 0.01e18, 1e18);
        vm.prank(owner);
        registry.setAgiPrice(agiPrice);
        _ok("changePrice");
    }

    function changeEthPrice(uint64 price) external {
        ethPrice = _bound(price, 1000e18, 5000e18);
        vm.prank(owner);
        registry.setEthPrice(ethPrice);
        _ok("changeEthPrice");
    }

    function changeThreshold(uint64 threshold_) external {
        threshold = _bound(threshold_, 0, 20_000_000);
        vm.prank(owner);
        registry.setRevenueThreshold(threshold);
        _ok("changeThreshold");
    }

    function changeMinTerm(uint32 term) external {
        minTerm = _bound(term, 365 days, 2 * 365 days);
        vm.prank(owner);
        registry.setMinTerm(minTerm);
        _ok("changeMinTerm");
    }

    function warp(uint32 seconds_) external {
        _warpTo(block.timestamp + _bound(seconds_, 1, 300 days));
        _ok("warp");
    }

    // ---------------------------------------------------------------- one purchase, top-up or renewal

    enum Kind {
        Purchase,
        TopUp,
        Renewal
    }

    struct Order {
        Kind kind;
        address company;
        uint256 revenue;
        uint16 fiscalYear;
        uint256 term;
        bool eth;
        uint256 excessWei;
        bytes refusal; // empty: the call must succeed
    }

    /// @dev An order at `revenue`, for a fiscal year the registry accepts: never earlier than the recorded one, and a
    /// later one when the revenue falls (only purchases and renewals may lower it).
    function _order(address company, uint256 revenue, uint8 year, bool eth, uint64 excess)
        private
        view
        returns (Order memory o)
    {
        Licence memory l = _licences[company];
        uint16 fiscalYear = l.expiry == 0 ? uint16(2025 + year % 4) : l.fiscalYear + year % 2;
        if (l.expiry != 0 && revenue < l.revenue && fiscalYear == l.fiscalYear) fiscalYear++;
        o = Order(Kind.Purchase, company, revenue, fiscalYear, 0, eth, 1 + _bound(excess, 0, 1e18), "");
    }

    /// @dev What the model predicts an order buys and costs.
    struct Quote {
        uint256 required;
        uint256 bought;
        uint256 weiCost;
        uint256 coinCost;
    }

    struct Before {
        uint256 treasuryEth;
        uint256 treasuryCoin;
        uint256 companyEth;
        uint256 companyCoin;
        uint256 reserve;
    }

    /// @dev Sends `o`, licensing until `expiry`, and checks every balance it moves against the model.
    function _send(Order memory o, uint256 expiry) private {
        string memory action = o.kind == Kind.Purchase ? "purchase" : o.kind == Kind.TopUp ? "topUp" : "renew";
        Licence storage l = _licences[o.company];
        Quote memory q;
        q.required = _requiredStake(o.revenue);
        assertEq(registry.requiredStake(o.revenue), q.required, "the stake formula");
        q.bought = q.required > l.locked ? q.required - l.locked : 0;
        (q.weiCost, q.coinCost) = _cost(q.bought);
        (uint256 weiQuote, uint256 coinQuote) = registry.costOf(q.bought);
        assertEq(weiQuote, q.weiCost, "the ETH price formula");
        assertEq(coinQuote, q.coinCost, "the stablecoin price formula");
        Before memory b = Before(
            treasury.balance,
            usd.balanceOf(treasury),
            o.company.balance,
            usd.balanceOf(o.company),
            registry.saleReserve()
        );
        if (o.refusal.length == 0 && q.bought > b.reserve) {
            o.refusal = abi.encodeWithSelector(
                ILicenseRegistry.LicenseRegistryReserveInsufficient.selector, q.bought, b.reserve
            );
        }
        _call(o, q, l.declarations, action);
        if (o.refusal.length != 0) return;

        // The treasury receives exactly the cost in the currency paid, the company pays exactly it (the excess ETH
        // comes back), the reserve falls by exactly what was bought, and the registry keeps nothing.
        uint256 weiPaid = o.eth ? q.weiCost : 0;
        uint256 coinPaid_ = o.eth ? 0 : q.coinCost;
        assertEq(treasury.balance - b.treasuryEth, weiPaid, "treasury ETH");
        assertEq(usd.balanceOf(treasury) - b.treasuryCoin, coinPaid_, "treasury stablecoin");
        assertEq(b.companyEth - o.company.balance, weiPaid, "company ETH");
        assertEq(b.companyCoin - usd.balanceOf(o.company), coinPaid_, "company stablecoin");
        assertEq(b.reserve - registry.saleReserve(), q.bought, "reserve");
        assertEq(address(registry).balance, 0, "the registry holds no ETH");
        (ethPaid, ethSpent[o.company]) = (ethPaid + weiPaid, ethSpent[o.company] + weiPaid);
        (coinPaid, coinSpent[o.company]) = (coinPaid + coinPaid_, coinSpent[o.company] + coinPaid_);
        agiBought += q.bought;

        // What is bought is locked until the licence expires and at least a minimum term from now.
        if (q.required != 0) {
            uint256 lockedUntil = expiry;
            if (q.bought != 0 && block.timestamp + minTerm > lockedUntil) lockedUntil = block.timestamp + minTerm;
            if (lockedUntil > l.unlock) l.unlock = lockedUntil;
            l.locked += q.bought;
        }
        if (q.bought != 0 && block.timestamp + minTerm > boughtLockedUntil[o.company]) {
            boughtLockedUntil[o.company] = block.timestamp + minTerm;
        }
        (l.expiry, l.revenue, l.fiscalYear) = (expiry, o.revenue, o.fiscalYear);
        l.declarations++;
        (uint256 locked, uint256 unlock,) = escrow.lockOf(o.company);
        assertEq(locked, l.locked, "the lock grew by what was bought");
        assertEq(unlock, l.unlock, "the lock ends when the model says");
        _ok(action);
    }

    /// @dev Signs `o`'s declaration (with the company's next nonce) and sends it, paying the predicted cost at most
    /// (and, in ETH, a little more, to be refunded); expects `o.refusal` if there is one.
    function _call(Order memory o, Quote memory q, uint256 nonce, string memory action) private {
        RevenueDeclarations.RevenueDeclaration memory decl = RevenueDeclarations.RevenueDeclaration(
            o.company, "Co", o.fiscalYear, o.revenue, "", 0, nonce, block.timestamp
        );
        bytes memory signature = signer.signDeclaration(keys[o.company], registry, decl);
        uint256 value = o.eth ? q.weiCost + o.excessWei : 0;
        uint256 maxCost = o.eth ? q.weiCost : q.coinCost;
        if (o.refusal.length != 0) _refuse(action, o.refusal);
        vm.prank(o.company);
        if (o.kind == Kind.Purchase) {
            registry.purchase{value: value}(decl, signature, o.term, maxCost, block.timestamp);
        } else if (o.kind == Kind.TopUp) {
            registry.topUp{value: value}(decl, signature, maxCost, block.timestamp);
        } else {
            registry.renew{value: value}(decl, signature, o.term, maxCost, block.timestamp);
        }
    }

    // ---------------------------------------------------------------- the model's formulas and predicates

    /// @dev X times the revenue above the threshold, at the $AGI price, rounded up (LicenseParameters' notes).
    function _requiredStake(uint256 revenue) private view returns (uint256) {
        if (revenue <= threshold) return 0;
        return Math.mulDiv(revenue - threshold, RATE * 1e18, agiPrice, Math.Rounding.Ceil);
    }

    /// @dev The USD price of `stake`, then in ETH wei and stablecoin units, each rounded up.
    function _cost(uint256 stake) private view returns (uint256 weiCost, uint256 coinCost) {
        if (stake == 0) return (0, 0);
        uint256 usdCost = Math.mulDiv(stake, agiPrice, 1e18, Math.Rounding.Ceil);
        return (Math.mulDiv(usdCost, 1e18, ethPrice, Math.Rounding.Ceil), Math.ceilDiv(usdCost, COIN_SCALE));
    }

    function _unlicensed(address company) private view returns (bool) {
        return _licences[company].expiry <= block.timestamp;
    }

    function _licensed(address company) private view returns (bool) {
        return _licences[company].expiry > block.timestamp;
    }

    function _renewable(address company) private view returns (bool) {
        uint256 expiry = _licences[company].expiry;
        uint256 start = expiry > block.timestamp ? expiry : block.timestamp;
        return expiry != 0 && start + minTerm - block.timestamp <= MAX_TERM;
    }

    function _withdrawable(address company) private view returns (bool) {
        return _licences[company].locked != 0 && _licences[company].unlock <= block.timestamp;
    }

    /// @dev The first company from `who` on that satisfies `ok`, or `who`'s own company if none does.
    function _find(uint256 who, function(address) view returns (bool) ok) private view returns (address, bool) {
        uint256 n = companies.length;
        for (uint256 k = 0; k < n; k++) {
            address company = companies[(who % n + k) % n];
            if (ok(company)) return (company, true);
        }
        return (companies[who % n], false);
    }

    function _earliestUnlock() private view returns (address company, bool found) {
        for (uint256 i = 0; i < companies.length; i++) {
            Licence storage l = _licences[companies[i]];
            if (l.locked != 0 && (!found || l.unlock < _licences[company].unlock)) {
                (company, found) = (companies[i], true);
            }
        }
    }

    function _warpTo(uint256 time) private {
        vm.warp(time);
        vm.roll(block.number + 1);
    }
}

contract LicenseInvariantsTest is LicenseTestBase, InvariantCounts {
    uint256 internal constant RESERVE = 1_000_000_000e18;
    LicenseHandler internal handler;

    function setUp() public override {
        super.setUp();
        _stockReserve(RESERVE);
        handler = new LicenseHandler(registry, escrow, token, usd, address(timelock), this);
        _target(handler);
    }

    /// @dev The registry records what the model says, and a licensed company holds the stake its revenue requires.
    function invariant_LicensedMeansStakedAndLocked() public view {
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            LicenseHandler.Licence memory m = handler.licenceOf(company);
            (uint256 locked, uint256 revenue,, uint256 expiry, uint256 fiscalYear, bool revoked) =
                registry.licenceOf(company);
            assertEq(expiry, m.expiry, "expiry");
            assertEq(revenue, m.revenue, "declared revenue");
            assertEq(fiscalYear, m.fiscalYear, "fiscal year");
            assertEq(registry.declarationNonce(company), m.declarations, "declarations used");
            assertEq(locked, m.locked, "locked stake");
            if (!registry.isLicensed(company)) continue;
            uint256 required = registry.requiredStake(revenue);
            assertFalse(revoked);
            assertGe(locked, required, "locked >= requiredStake(declared revenue)");
            assertGt(expiry, block.timestamp);
            if (required != 0) {
                (, uint256 end,) = escrow.lockOf(company);
                assertGe(end, block.timestamp, "unlock >= now");
                assertGe(end, expiry, "locked for the whole term");
            }
        }
        assertLe(d.token.totalSupply(), d.token.CAP());
    }

    /**
     * @dev Every payment reached the treasury and came from a company, every token bought left the reserve and is
     * locked or was withdrawn by its company, and the registry keeps neither ETH nor stablecoin.
     */
    function invariant_MoneyAddsUp() public view {
        assertEq(address(timelock).balance, handler.ethPaid(), "the treasury received exactly the ETH costs");
        assertEq(
            usd.balanceOf(address(timelock)), handler.coinPaid(), "the treasury received exactly the stablecoin costs"
        );
        assertEq(registry.saleReserve(), RESERVE - handler.agiBought(), "the reserve fell by exactly what was bought");
        assertEq(address(registry).balance, 0, "the registry holds no ETH");
        assertEq(usd.balanceOf(address(registry)), 0, "the registry holds no stablecoin");
        uint256 held;
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            assertEq(company.balance, handler.INITIAL_FUNDS() - handler.ethSpent(company), "company ETH");
            assertEq(usd.balanceOf(company), handler.INITIAL_FUNDS() - handler.coinSpent(company), "company coin");
            held += token.balanceOf(company);
        }
        assertEq(held, handler.agiWithdrawn(), "companies hold what they withdrew");
        assertEq(
            token.balanceOf(address(escrow)),
            handler.agiBought() - handler.agiWithdrawn(),
            "the escrow holds what was bought and not withdrawn"
        );
    }

    function invariant_WhatIsBoughtStaysLockedAMinimumTerm() public view {
        for (uint256 i = 0; i < handler.companyCount(); i++) {
            address company = handler.companies(i);
            (uint256 amount, uint256 end,) = escrow.lockOf(company);
            if (amount != 0) assertGe(end, handler.boughtLockedUntil(company));
        }
    }

    function afterInvariant() external view {
        _assertEachActionRan(handler);
    }
}
