// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {GuildToken} from "../../src/GuildToken.sol";
import {VoteEscrow} from "../../src/VoteEscrow.sol";
import {LicenseRegistry} from "../../src/LicenseRegistry.sol";
import {GuildGovernor} from "../../src/governance/GuildGovernor.sol";
import {RevenueDeclarations} from "../../src/licensing/RevenueDeclarations.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {LicenseTestBase} from "../utils/LicenseTestBase.sol";
import {InvariantCounts, InvariantHandler} from "../utils/InvariantHandler.sol";
import {ReentrantCompany} from "../utils/ReentrantCompany.sol";
import {console} from "forge-std/console.sol";
import {Ballots} from "../utils/Ballots.sol";

/**
 * @dev Drives the Governor the way members would, and the ways they might cheat. Eight voters: four lockers of
 * different sizes (each can propose at first), a dust lock and an account with no lock (zero power), an account that
 * buys its stake from the licence sale reserve, and a company contract that buys the same way and re-enters whoever
 * pays it ETH ({ReentrantCompany}). Proposals change the roadmap rules or pay the company ETH from the treasury.
 *
 * The handler records every voter's power at each proposal's snapshot itself: time moves only through {_advance},
 * which stops at each snapshot it passes and reads the escrow's current votes there. Those records are the ghost
 * weights the tallies must add up to, whatever is locked, bought or delegated afterwards. It also predicts each
 * proposal's state (pending, active, defeated unless quorate with more for than against, queued, executed), and
 * counts executions and the ETH they pay. Votes go through castVote, castVoteWithReason and castVoteBySig
 * (signatures from vm.sign, or the company's under ERC-1271); replayed or misdirected ballots are refused with
 * their selector.
 */
contract GovernorHandler is InvariantHandler {
    uint256 public constant VOTERS = 8;
    uint256 public constant LOCKERS = 4; // voters 0..3; voter 4 holds a dust lock, voter 5 none
    uint256 internal constant BUYER = 6;
    uint256 internal constant COMPANY = 7;
    uint256 public constant QUORUM_FLOOR = 50e18;
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant MAX_PROPOSALS = 12; // the invariants read every proposal after every call
    uint256 public constant TREASURY_ETH = 100 ether;
    uint256 public constant COMPANY_ETH = 1000 ether;
    uint256 internal constant NO_PROPOSAL = uint256(keccak256("no such proposal"));

    GuildGovernor internal immutable governor;
    VoteEscrow internal immutable escrow;
    LicenseRegistry internal immutable registry;
    TimelockController internal immutable timelock;
    LicenseTestBase internal immutable signer;
    ReentrantCompany public immutable company;
    uint256 internal immutable companyKey;

    address[VOTERS] public voters;
    uint256[VOTERS] internal keys; // the company's is its owner's

    struct Proposal {
        uint256 id;
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        bytes32 descriptionHash;
        uint256 snapshot;
        uint256 deadline;
        uint256 eta;
        uint256 total; // all voting power at the snapshot, as recorded
        uint256 payout; // ETH it pays the company
        uint256 roadmapThreshold; // what it sets, for roadmap proposals
        uint256 executions;
    }

    Proposal[] internal _proposals;
    uint256 internal _nextToRecord;
    mapping(uint256 proposal => uint256[VOTERS]) internal _power; // ghost weights at the snapshot
    mapping(uint256 proposal => bool[VOTERS]) internal _voted;
    mapping(uint256 proposal => uint256[3]) internal _tally; // against, for, abstain

    struct Ballot {
        uint256 proposalId;
        uint8 support;
        address voter;
        bytes signature;
    }

    Ballot internal _lastBallot;
    bool internal _hasBallot;

    struct Licence {
        uint256 expiry;
        uint256 revenue;
        uint16 fiscalYear;
        uint256 declarations;
    }

    mapping(address buyer => Licence) internal _licences;

    uint256 public companyEth = COMPANY_ETH;
    uint256 public treasuryEth = TREASURY_ETH;
    uint256 public zeroPowerVotes;
    /// @dev Votes cast by an account with more power now than at the snapshot (bought, locked or delegated since).
    uint256 public votesIgnoringLaterPower;

    constructor(
        GuildGovernor governor_,
        VoteEscrow escrow_,
        GuildToken token_,
        LicenseRegistry registry_,
        TestStablecoin usd,
        address source,
        LicenseTestBase signer_
    ) {
        (governor, escrow, registry, signer) = (governor_, escrow_, registry_, signer_);
        timelock = TimelockController(payable(governor_.timelock()));
        string[VOTERS] memory names = ["whale", "mid", "small", "tiny", "dust", "nobody", "buyer", "companyOwner"];
        for (uint256 i = 0; i < VOTERS; i++) {
            (voters[i], keys[i]) = makeAddrAndKey(names[i]);
        }
        company = new ReentrantCompany(voters[COMPANY]);
        (voters[COMPANY], companyKey) = (address(company), keys[COMPANY]);
        vm.deal(address(company), COMPANY_ETH);

        // Four-year locks: about 120, 60, 30 and 12 votes against a quorum floor of 50 and a threshold of 10.
        uint96[LOCKERS + 1] memory amounts = [uint96(120e18), 60e18, 30e18, 12e18, 1e6];
        for (uint256 i = 0; i <= LOCKERS; i++) {
            vm.prank(source);
            token_.transfer(voters[i], 10_000e18);
            vm.startPrank(voters[i]);
            token_.approve(address(escrow_), type(uint256).max);
            escrow_.createLock(amounts[i], escrow_.MAX_LOCK_DURATION());
            vm.stopPrank();
        }
        vm.deal(voters[BUYER], 1000 ether);
        usd.mint(voters[BUYER], 1e30);
        vm.prank(voters[BUYER]);
        usd.approve(address(registry_), type(uint256).max);

        _action(this.propose.selector, "propose", 1);
        _action(this.castVote.selector, "castVote", 2);
        _action(this.castVoteWithReason.selector, "castVoteWithReason", 2);
        _action(this.castVoteBySig.selector, "castVoteBySig", 2);
        _refusingAction(this.replayBallot.selector, "replayBallot", 1);
        _action(this.buyVotes.selector, "buyVotes", 2);
        _action(this.relock.selector, "relock", 1);
        _action(this.delegate.selector, "delegate", 1);
        _action(this.queue.selector, "queue", 2);
        _action(this.execute.selector, "execute", 2);
        _refusingAction(this.reexecute.selector, "reexecute", 1);
        _action(this.warp.selector, "warp", 3);
    }

    // ---------------------------------------------------------------- what the invariants read

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    /// @dev Proposal `i` for the invariants, in one call: its id, tallies, executions, and per voter whether it voted
    /// and its recorded power at the snapshot.
    function ballotsOf(uint256 i)
        external
        view
        returns (
            uint256 id,
            uint256[3] memory tally,
            uint256 executions,
            bool[VOTERS] memory voted,
            uint256[VOTERS] memory power
        )
    {
        id = _proposals[i].id;
        return (id, _tally[id], _proposals[i].executions, _voted[id], _power[id]);
    }

    function allVoters() external view returns (address[VOTERS] memory) {
        return voters;
    }

    /// @dev The state the handler predicts from its own records.
    function expectedState(uint256 i) public view returns (IGovernor.ProposalState) {
        Proposal storage p = _proposals[i];
        if (p.executions != 0) return IGovernor.ProposalState.Executed;
        if (p.eta != 0) return IGovernor.ProposalState.Queued;
        if (block.timestamp <= p.snapshot) return IGovernor.ProposalState.Pending;
        if (block.timestamp <= p.deadline) return IGovernor.ProposalState.Active;
        return _winning(i) ? IGovernor.ProposalState.Succeeded : IGovernor.ProposalState.Defeated;
    }

    /// @dev Whether proposal `i`'s votes so far reach the quorum (the floor, or 4% of all power at the snapshot) with
    /// more for than against.
    function _winning(uint256 i) private view returns (bool) {
        Proposal storage p = _proposals[i];
        uint256[3] storage t = _tally[p.id];
        uint256 quorum = p.total * QUORUM_PERCENT / 100;
        if (quorum < QUORUM_FLOOR) quorum = QUORUM_FLOOR;
        return t[1] + t[2] >= quorum && t[1] > t[0];
    }

    // ---------------------------------------------------------------- proposals

    /**
     * @dev The first voter from `who` on with the threshold's power a second ago proposes a roadmap change or (`pay`)
     * an ETH payment to the company. With no such voter, or too many proposals already, the proposal is refused (too
     * little power, or the same proposal twice).
     */
    function propose(uint256 who, bool pay, uint256 amount) external {
        uint256 threshold = governor.proposalThreshold();
        (uint256 v, bool found) = _firstVoter(who, _canPropose);
        address proposer = voters[v];
        if (!found || _proposals.length >= MAX_PROPOSALS) {
            _refuseProposal(proposer, threshold, found);
            return;
        }
        _propose(proposer, pay, amount);
        _ok("propose");
    }

    /// @dev `proposer` proposes a roadmap change or (`pay`) an ETH payment to the company; returns its index.
    function _propose(address proposer, bool pay, uint256 amount) private returns (uint256) {
        Proposal storage p = _proposals.push();
        p.targets.push(pay ? address(company) : address(governor));
        p.values.push(pay ? _bound(amount, 1, 1 ether) : 0);
        p.roadmapThreshold = pay ? 0 : _bound(amount, 1, 1e24);
        p.calldatas.push(pay ? bytes("") : abi.encodeCall(governor.setRoadmapSettings, (p.roadmapThreshold, 1e18)));
        p.payout = p.values[0];
        string memory description = string.concat("proposal #", vm.toString(_proposals.length));
        p.descriptionHash = keccak256(bytes(description));
        vm.prank(proposer);
        p.id = governor.propose(p.targets, p.values, p.calldatas, description);
        p.snapshot = block.timestamp + governor.votingDelay();
        p.deadline = p.snapshot + governor.votingPeriod();
        assertEq(governor.proposalSnapshot(p.id), p.snapshot, "snapshot after the voting delay");
        assertEq(governor.proposalDeadline(p.id), p.deadline, "deadline after the voting period");
        return _proposals.length - 1;
    }

    /// @dev Refused: a proposer below the threshold, or (with a proposer above it) a proposal that already exists.
    function _refuseProposal(address proposer, uint256 threshold, bool found) private {
        if (!found) {
            uint256 votes = escrow.getPastVotes(proposer, block.timestamp - 1);
            _refuse(
                "propose",
                abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, proposer, votes, threshold)
            );
            address[] memory targets = new address[](1);
            vm.prank(proposer);
            governor.propose(targets, new uint256[](1), new bytes[](1), "too little power");
            return;
        }
        Proposal storage p = _proposals[_proposals.length - 1];
        IGovernor.ProposalState state = governor.state(p.id);
        string memory description = string.concat("proposal #", vm.toString(_proposals.length));
        _refuse(
            "propose",
            abi.encodeWithSelector(IGovernor.GovernorUnexpectedProposalState.selector, p.id, state, bytes32(0))
        );
        vm.prank(proposer);
        governor.propose(p.targets, p.values, p.calldatas, description);
    }

    // ---------------------------------------------------------------- votes

    function castVote(uint256 which, uint256 who, uint8 support, bool wait) external {
        _vote(which, who, support, 0, wait, "castVote");
    }

    function castVoteWithReason(uint256 which, uint256 who, uint8 support, bool wait) external {
        _vote(which, who, support, 1, wait, "castVoteWithReason");
    }

    function castVoteBySig(uint256 which, uint256 who, uint8 support, bool wait) external {
        _vote(which, who, support, 2, wait, "castVoteBySig");
    }

    /**
     * @dev The first active proposal from `which` on gets a vote from the first voter from `who` on that has not voted
     * on it; the weight must be that voter's recorded power at the snapshot (zero for the zero-power accounts). With no
     * such proposal and `wait`, time runs to the start of the vote on the first pending proposal (one is proposed if
     * none is pending); otherwise the vote is refused (not active, or every voter done).
     */
    function _vote(uint256 which, uint256 who, uint8 support, uint8 how, bool wait, string memory action) private {
        support = support % 5 >= 2 ? 1 : support % 5 == 0 ? 0 : 2; // against, abstain, for, for, for
        (uint256 i, bool active) = _firstOpen(which);
        if (!active && wait) (i, active) = _nextVote(which, who);
        uint256 id = _proposals.length == 0 ? NO_PROPOSAL : _proposals[i].id;
        (uint256 v, bool fresh) = _firstNotVoted(who, id);
        // A ballot is signed before any refusal is expected: the refusal is the next call's.
        bytes memory signature = how == 2 ? _signBallot(voters[v], id, support, governor.nonces(voters[v])) : bytes("");
        if (_proposals.length == 0) {
            _refuse(action, abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, id));
        } else if (expectedState(i) != IGovernor.ProposalState.Active) {
            _refuse(
                action,
                abi.encodeWithSelector(
                    IGovernor.GovernorUnexpectedProposalState.selector,
                    id,
                    expectedState(i),
                    _bit(1) /* Active */
                )
            );
        } else if (!fresh) {
            _refuse(action, abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voters[v]));
        }
        uint256 weight = _cast(id, voters[v], support, how, signature);
        if (!active) return;
        if (how == 2) (_lastBallot, _hasBallot) = (Ballot(id, support, voters[v], signature), true);
        if (escrow.getVotes(voters[v]) > weight) votesIgnoringLaterPower++;
        _counted(id, v, support, weight);
        _ok(action);
    }

    /// @dev Casts `voter`'s vote on `id` the way `how` says (by signature: sent by the handler).
    function _cast(uint256 id, address voter, uint8 support, uint8 how, bytes memory signature)
        private
        returns (uint256)
    {
        if (how == 2) return governor.castVoteBySig(id, support, voter, signature);
        vm.prank(voter);
        return how == 0 ? governor.castVote(id, support) : governor.castVoteWithReason(id, support, "because");
    }

    /// @dev Books a counted vote against the ghost weights.
    function _counted(uint256 id, uint256 v, uint8 support, uint256 weight) private {
        assertEq(weight, _power[id][v], "a vote weighs the voter's power at the snapshot");
        assertTrue(governor.hasVoted(id, voters[v]), "the vote is recorded");
        _voted[id][v] = true;
        _tally[id][support] += weight;
        if (weight == 0) zeroPowerVotes++;
    }

    /**
     * @dev A ballot signature works once, for its proposal, its voter and its support: the last one replayed, or sent
     * for another proposal, or a fresh one sent for a proposal it does not name or as another voter, is refused.
     */
    function replayBallot(uint256 which, uint256 who, uint8 mode) external {
        mode %= 4;
        Ballot memory b = _lastBallot;
        if (!_hasBallot || mode >= 2) {
            uint256 id = _proposals.length == 0 ? NO_PROPOSAL : _proposals[which % _proposals.length].id;
            address voter = voters[who % VOTERS];
            b = Ballot(id, 1, voter, _signBallot(voter, id, 1, governor.nonces(voter)));
            if (mode == 3) b.voter = voters[(who % VOTERS + 1) % VOTERS]; // signed by one voter, sent as another
            else b.proposalId = id ^ 1; // signed for one proposal, sent for another
        } else if (mode == 1) {
            uint256 id = _proposals[which % _proposals.length].id;
            b.proposalId = id == b.proposalId ? id ^ 1 : id;
        }
        _refuse("replayBallot", abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, b.voter));
        governor.castVoteBySig(b.proposalId, b.support, b.voter, b.signature);
    }

    // ---------------------------------------------------------------- power bought, moved, topped up

    /**
     * @dev The buyer or the company buys its stake from the licence sale reserve (a purchase, or a top-up while
     * licensed), which locks it at once. Proposals whose snapshot has passed do not see it: the past votes at each
     * snapshot stay what was recorded. The company pays in ETH and, when refunded, re-enters the registry (buy again,
     * top up, renew: each refused by the reentrancy guard) and votes twice on an active proposal (the first counts its
     * snapshot power, not what it just bought; the second is refused).
     */
    function buyVotes(bool byCompany, uint256 extra, uint32 term, bool eth) external {
        uint256 v = byCompany ? COMPANY : BUYER;
        Order memory o = _order(voters[v], byCompany ? companyKey : keys[BUYER], extra, term);
        if (byCompany) {
            uint256 doubleVote = _planCompanyReentry(o.decl, o.signature, o.term);
            company.execute(address(registry), o.weiCost + 1 gwei, o.call);
            _checkCompanyReentry(doubleVote);
            (companyEth, treasuryEth) = (companyEth - o.weiCost, treasuryEth + o.weiCost);
        } else {
            vm.prank(o.decl.company);
            (bool ok, bytes memory returned) = address(registry).call{value: eth ? o.weiCost + 1 gwei : 0}(o.call);
            if (!ok) _bubble(returned);
            if (eth) treasuryEth += o.weiCost;
        }
        Licence storage l = _licences[o.decl.company];
        if (!o.topUp) l.expiry = block.timestamp + o.term;
        (l.revenue, l.fiscalYear, l.declarations) = (o.decl.revenueUsd, o.decl.fiscalYear, l.declarations + 1);

        // What was just bought is invisible at every snapshot already taken.
        _checkPastVotes(v);
        _ok("buyVotes");
    }

    struct Order {
        RevenueDeclarations.RevenueDeclaration decl;
        bytes signature;
        bool topUp;
        uint256 term;
        uint256 weiCost;
        bytes call;
    }

    /// @dev `buyer`'s next purchase (or top-up, while licensed) of 10 to 200 $AGI more than it declared, signed.
    function _order(address buyer, uint256 key, uint256 extra, uint32 term) private returns (Order memory o) {
        Licence storage l = _licences[buyer];
        o.topUp = l.expiry > block.timestamp;
        uint256 revenue = (o.topUp ? l.revenue : registry.revenueThresholdUsd()) + _bound(extra, 1000, 20_000);
        // A purchase after expiry may declare less than before: for a later fiscal year.
        uint16 fiscalYear = l.expiry == 0 ? 2026 : o.topUp ? l.fiscalYear : l.fiscalYear + 1;
        o.decl = RevenueDeclarations.RevenueDeclaration(
            buyer, "Co", fiscalYear, revenue, "", 0, l.declarations, block.timestamp
        );
        o.signature = signer.signDeclaration(key, registry, o.decl);
        (uint256 locked,,) = escrow.lockOf(buyer);
        uint256 required = registry.requiredStake(revenue);
        (o.weiCost,) = registry.costOf(required > locked ? required - locked : 0);
        o.term = _bound(term, 365 days, 4 * 365 days);
        o.call = o.topUp
            ? abi.encodeCall(registry.topUp, (o.decl, o.signature, type(uint256).max, block.timestamp))
            : abi.encodeCall(registry.purchase, (o.decl, o.signature, o.term, type(uint256).max, block.timestamp));
    }

    /// @dev Plans the company's re-entries for its refund; returns 1 + the proposal it votes on (0: none active).
    function _planCompanyReentry(
        RevenueDeclarations.RevenueDeclaration memory decl,
        bytes memory signature,
        uint256 term
    ) private returns (uint256) {
        uint256 noMax = type(uint256).max;
        company.plan(
            address(registry), abi.encodeCall(registry.purchase, (decl, signature, term, noMax, block.timestamp))
        );
        company.plan(address(registry), abi.encodeCall(registry.topUp, (decl, signature, noMax, block.timestamp)));
        company.plan(address(registry), abi.encodeCall(registry.renew, (decl, signature, term, noMax, block.timestamp)));
        return _planDoubleVote();
    }

    /// @dev Plans the company's two votes for the first active proposal it has not voted on; returns 1 + that
    /// proposal (0: none).
    function _planDoubleVote() private returns (uint256) {
        for (uint256 i = 0; i < _proposals.length; i++) {
            uint256 id = _proposals[i].id;
            if (expectedState(i) != IGovernor.ProposalState.Active || _voted[id][COMPANY]) continue;
            company.plan(address(governor), abi.encodeCall(governor.castVote, (id, 1)));
            company.plan(address(governor), abi.encodeCall(governor.castVote, (id, 1)));
            return i + 1;
        }
        return 0;
    }

    /// @dev Every re-entry into the registry was refused by its guard; of the two votes, the first counted its
    /// snapshot weight and the second was refused.
    function _checkCompanyReentry(uint256 doubleVote) private {
        bytes memory guarded = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(company.outcomeCount(), doubleVote == 0 ? 3 : 5, "the company re-entered on its refund");
        for (uint256 k = 0; k < 3; k++) {
            ReentrantCompany.Outcome memory o = company.outcome(k);
            assertFalse(o.ok, "a re-entrant purchase, top-up or renewal went through");
            assertEq(o.returned, guarded, "refused by the reentrancy guard");
        }
        _checkDoubleVote(doubleVote, 3);
    }

    /// @dev Of the company's two votes (outcomes `index` and `index + 1`), the first counted its snapshot weight and the
    /// second was refused.
    function _checkDoubleVote(uint256 doubleVote, uint256 index) private {
        if (doubleVote == 0) return;
        uint256 id = _proposals[doubleVote - 1].id;
        ReentrantCompany.Outcome memory first = company.outcome(index);
        assertTrue(first.ok, "the first vote counts");
        _counted(id, COMPANY, 1, abi.decode(first.returned, (uint256)));
        ReentrantCompany.Outcome memory second = company.outcome(index + 1);
        assertFalse(second.ok, "a second vote went through");
        assertEq(second.returned, abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, address(company)));
    }

    /// @dev A locker tops up or extends its lock (more power for later proposals, none for those already snapshotted).
    function relock(uint256 who, uint256 amount, uint32 duration, bool extend) external {
        address locker = voters[who % LOCKERS];
        (, uint256 end,) = escrow.lockOf(locker);
        uint256 week = escrow.WEEK();
        uint256 max = escrow.MAX_LOCK_DURATION();
        uint256 shortest = (end / week + 1) * week;
        shortest = shortest > block.timestamp + 1 weeks ? shortest - block.timestamp : 1 weeks;
        if ((extend && shortest <= max) || end <= block.timestamp) {
            duration = uint32(_bound(duration, shortest, max));
            vm.prank(locker);
            escrow.extendLock(duration);
        } else {
            amount = _bound(amount, 1e18, 20e18);
            vm.prank(locker);
            escrow.increaseAmount(amount);
        }
        _checkPastVotes(who % LOCKERS);
        _ok("relock");
    }

    /// @dev A locker, the buyer or the company delegates to any voter.
    function delegate(uint256 who, uint256 to) external {
        uint256[6] memory delegators = [uint256(0), 1, 2, 3, BUYER, COMPANY];
        uint256 from = delegators[who % 6];
        address previous = escrow.delegates(voters[from]);
        vm.prank(voters[from]);
        escrow.delegate(voters[to % VOTERS]);
        // Neither side's past votes move: the delegator's, the old delegatee's (a voter, or itself) nor the new one's.
        _checkPastVotes(from);
        _checkPastVotes(to % VOTERS);
        for (uint256 v = 0; v < VOTERS; v++) {
            if (voters[v] == previous) _checkPastVotes(v);
        }
        _ok("delegate");
    }

    // ---------------------------------------------------------------- queue and execute

    /**
     * @dev The first proposal from `which` on that succeeded is queued. With none and `wait`, time runs to the end of
     * the vote on the first active proposal that is winning (quorate, more for than against), which is then queued;
     * otherwise queueing is refused.
     */
    function queue(uint256 which, bool wait) external {
        (uint256 i, bool found) = _firstSucceeded(which, wait);
        if (!found) {
            _refuseLifecycle("queue", i, _bit(4)); /* Succeeded */
            governor.queue(_targetsOf(i), _valuesOf(i), _calldatasOf(i), _descriptionOf(i));
            return;
        }
        _queue(i);
    }

    /// @dev The first proposal from `which` on that succeeded or, with `wait`, that wins once its vote ends.
    function _firstSucceeded(uint256 which, bool wait) private returns (uint256 i, bool found) {
        (i, found) = _firstProposal(which, IGovernor.ProposalState.Succeeded);
        if (!found && wait) {
            (i, found) = _firstWinning(which);
            if (found) _advance(_proposals[i].deadline + 1);
        }
    }

    function _queue(uint256 i) private {
        Proposal storage p = _proposals[i];
        governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
        p.eta = block.timestamp + timelock.getMinDelay();
        assertEq(governor.proposalEta(p.id), p.eta, "queued for the Timelock's delay");
        _ok("queue"); // whichever action queued it
    }

    /**
     * @dev The first queued proposal from `which` on is executed, after waiting for its eta (with none queued and
     * `wait`, the first that succeeded, or wins once its vote ends, is queued first). A payment re-enters as `mode`
     * says: 1, the company calls the Governor's execute again (refused: already executed) and votes twice on an active
     * proposal; 2, it calls the Timelock's executeBatch again, which runs but makes the outer execution revert
     * (nothing paid, still queued, executed later); 3, before the eta, the execution is refused; 4, anyone executes
     * it on the Timelock directly.
     */
    function execute(uint256 which, uint8 mode, bool wait) external {
        (uint256 i, bool found) = _firstProposal(which, IGovernor.ProposalState.Queued);
        if (!found && wait) {
            (i, found) = _firstSucceeded(which, true);
            if (found) _queue(i);
        }
        if (!found) {
            _refuseLifecycle("execute", i, _bit(5)); /* Queued */
            governor.execute(_targetsOf(i), _valuesOf(i), _calldatasOf(i), _descriptionOf(i));
            return;
        }
        Proposal storage p = _proposals[i];
        mode %= 5;
        if (mode == 3 && block.timestamp < p.eta) {
            _refuse("execute", _timelockRefusal(i));
            governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
            return;
        }
        if (block.timestamp < p.eta) _advance(p.eta);
        if (p.payout == 0) mode = 0; // only a payment reaches the company; a roadmap change runs only via execute
        if (mode == 2) {
            company.plan(address(timelock), _timelockCall(i));
            _refuse("execute", _timelockRefusal(i));
            governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
            company.clear(); // the whole execution reverted, the inner one included; it stays queued
            return;
        }
        uint256 doubleVote;
        if (mode == 1) {
            company.plan(
                address(governor),
                abi.encodeCall(governor.execute, (p.targets, p.values, p.calldatas, p.descriptionHash))
            );
            doubleVote = _planDoubleVote();
        }
        uint256 before = address(company).balance;
        if (mode == 4) timelock.executeBatch(p.targets, p.values, p.calldatas, 0, _salt(i));
        else governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
        p.executions++;
        assertEq(address(company).balance - before, p.payout, "paid once");
        (companyEth, treasuryEth) = (companyEth + p.payout, treasuryEth - p.payout);
        if (mode == 1) {
            ReentrantCompany.Outcome memory o = company.outcome(0);
            assertFalse(o.ok, "a proposal executed twice");
            assertEq(
                o.returned,
                abi.encodeWithSelector(
                    IGovernor.GovernorUnexpectedProposalState.selector,
                    p.id,
                    IGovernor.ProposalState.Executed,
                    _bit(5) /* Queued */
                )
            );
            _checkDoubleVote(doubleVote, 1);
        }
        if (p.payout == 0) assertEq(governor.roadmapProposalThreshold(), p.roadmapThreshold, "the change applied");
        _ok("execute");
    }

    /// @dev An executed proposal cannot be executed again, through the Governor or on the Timelock.
    /// With none executed yet, the execution of a proposal that does not exist is refused.
    function reexecute(uint256 which, bool onTimelock) external {
        (uint256 i, bool found) = _firstProposal(which, IGovernor.ProposalState.Executed);
        if (!found) {
            _refuse(
                "reexecute", abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, _noProposalId())
            );
            governor.execute(new address[](1), new uint256[](1), new bytes[](1), bytes32(0));
            return;
        }
        Proposal storage p = _proposals[i];
        if (onTimelock) {
            _refuse("reexecute", _timelockRefusal(i));
            timelock.executeBatch(p.targets, p.values, p.calldatas, 0, _salt(i));
        } else {
            _refuseLifecycle("reexecute", i, _bit(5)); /* Queued */
            governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
        }
    }

    function warp(uint32 seconds_) external {
        _advance(block.timestamp + _bound(seconds_, 10 minutes, 6 hours));
        _ok("warp");
    }

    // ---------------------------------------------------------------- time and snapshots

    /// @dev Moves time to `to`, stopping at each snapshot on the way to record every voter's power there.
    function _advance(uint256 to) private {
        while (_nextToRecord < _proposals.length) {
            Proposal storage p = _proposals[_nextToRecord];
            if (p.snapshot > to) break;
            vm.warp(p.snapshot);
            for (uint256 v = 0; v < VOTERS; v++) {
                _power[p.id][v] = escrow.getVotes(voters[v]);
            }
            p.total = escrow.getTotalVotes();
            _nextToRecord++;
            // Nothing else may happen at a snapshot once it is recorded.
            if (to <= p.snapshot) to = p.snapshot + 1;
        }
        vm.warp(to);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Voter `v`'s past votes at every snapshot taken are still what was recorded there.
    function _checkPastVotes(uint256 v) private view {
        for (uint256 i = 0; i < _nextToRecord; i++) {
            Proposal storage p = _proposals[i];
            assertEq(escrow.getPastVotes(voters[v], p.snapshot), _power[p.id][v], "power at a past snapshot changed");
        }
    }

    function _canPropose(uint256 v) private view returns (bool) {
        return escrow.getPastVotes(voters[v], block.timestamp - 1) >= governor.proposalThreshold();
    }

    /// @dev The first voter from `who` on that satisfies `ok`, or `who`'s own voter if none does.
    function _firstVoter(uint256 who, function(uint256) view returns (bool) ok) private view returns (uint256, bool) {
        for (uint256 k = 0; k < VOTERS; k++) {
            uint256 v = (who % VOTERS + k) % VOTERS;
            if (ok(v)) return (v, true);
        }
        return (who % VOTERS, false);
    }

    /// @dev The first voter from `who` on that has not voted on `id`.
    function _firstNotVoted(uint256 who, uint256 id) private view returns (uint256, bool) {
        for (uint256 k = 0; k < VOTERS; k++) {
            uint256 v = (who % VOTERS + k) % VOTERS;
            if (!_voted[id][v]) return (v, true);
        }
        return (who % VOTERS, false);
    }

    /// @dev The first proposal from `which` on in `state` (as predicted), or `which`'s own if none is.
    function _firstProposal(uint256 which, IGovernor.ProposalState state) private view returns (uint256, bool) {
        uint256 n = _proposals.length;
        for (uint256 k = 0; k < n; k++) {
            uint256 i = (which % n + k) % n;
            if (expectedState(i) == state) return (i, true);
        }
        return (n == 0 ? 0 : which % n, false);
    }

    /// @dev The first active proposal from `which` on that some voter has not voted on.
    function _firstOpen(uint256 which) private view returns (uint256 i, bool found) {
        uint256 n = _proposals.length;
        for (uint256 k = 0; k < n; k++) {
            i = (which % n + k) % n;
            if (expectedState(i) != IGovernor.ProposalState.Active) continue;
            (, found) = _firstNotVoted(0, _proposals[i].id);
            if (found) return (i, true);
        }
        (i, found) = _firstProposal(which, IGovernor.ProposalState.Active); // an active one with every voter done
        return (i, false);
    }

    /// @dev Opens the vote on the first pending proposal (proposing one if none is pending and the rules allow it).
    function _nextVote(uint256 which, uint256 who) private returns (uint256 i, bool found) {
        (i, found) = _firstProposal(which, IGovernor.ProposalState.Pending);
        if (!found) {
            (uint256 v, bool can) = _firstVoter(who, _canPropose);
            if (!can || _proposals.length >= MAX_PROPOSALS) return (i, false);
            (i, found) = (_propose(voters[v], who % 2 == 0, which), true);
        }
        _advance(_proposals[i].snapshot + 1);
    }

    /// @dev The first active proposal from `which` on that is winning so far.
    function _firstWinning(uint256 which) private view returns (uint256, bool) {
        uint256 n = _proposals.length;
        for (uint256 k = 0; k < n; k++) {
            uint256 i = (which % n + k) % n;
            if (expectedState(i) == IGovernor.ProposalState.Active && _winning(i)) return (i, true);
        }
        return (n == 0 ? 0 : which % n, false);
    }

    /// @dev Expects the Governor to refuse proposal `i` (or, with no proposals, an unknown one) for its state.
    function _refuseLifecycle(string memory action, uint256 i, bytes32 allowed) private {
        if (_proposals.length == 0) {
            _refuse(action, abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, _noProposalId()));
        } else {
            _refuse(
                action,
                abi.encodeWithSelector(
                    IGovernor.GovernorUnexpectedProposalState.selector, _proposals[i].id, expectedState(i), allowed
                )
            );
        }
    }

    // With no proposal yet, lifecycle calls name a proposal that does not exist: one empty action.
    function _targetsOf(uint256 i) private view returns (address[] memory) {
        return _proposals.length == 0 ? new address[](1) : _proposals[i].targets;
    }

    function _valuesOf(uint256 i) private view returns (uint256[] memory) {
        return _proposals.length == 0 ? new uint256[](1) : _proposals[i].values;
    }

    function _calldatasOf(uint256 i) private view returns (bytes[] memory) {
        return _proposals.length == 0 ? new bytes[](1) : _proposals[i].calldatas;
    }

    function _descriptionOf(uint256 i) private view returns (bytes32) {
        return _proposals.length == 0 ? bytes32(0) : _proposals[i].descriptionHash;
    }

    function _noProposalId() private view returns (uint256) {
        return governor.hashProposal(new address[](1), new uint256[](1), new bytes[](1), bytes32(0));
    }

    /// @dev The Timelock's executeBatch of proposal `i`, salted as the Governor salts it.
    function _timelockCall(uint256 i) private view returns (bytes memory) {
        Proposal storage p = _proposals[i];
        return abi.encodeCall(timelock.executeBatch, (p.targets, p.values, p.calldatas, 0, _salt(i)));
    }

    /// @dev What the Timelock says when proposal `i`'s operation is not ready (early, or already done).
    function _timelockRefusal(uint256 i) private view returns (bytes memory) {
        Proposal storage p = _proposals[i];
        bytes32 operation = timelock.hashOperationBatch(p.targets, p.values, p.calldatas, 0, _salt(i));
        return abi.encodeWithSelector(
            TimelockController.TimelockUnexpectedOperationState.selector,
            operation,
            _bit(2) /* Ready */
        );
    }

    function _salt(uint256 i) private view returns (bytes32) {
        return bytes20(address(governor)) ^ _proposals[i].descriptionHash;
    }

    function _bubble(bytes memory returned) private pure {
        assembly ("memory-safe") {
            revert(add(returned, 32), mload(returned))
        }
    }

    function _bit(uint8 state) private pure returns (bytes32) {
        return bytes32(1 << state);
    }

    /// @dev `voter`'s EIP-712 ballot, signed with its key (the company's owner's key for the company), from the
    /// standard's text rather than the Governor's helpers.
    function _signBallot(address voter, uint256 id, uint8 support, uint256 nonce) private view returns (bytes memory) {
        bytes32 digest = Ballots.digest(address(governor), id, support, voter, nonce);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf(voter), digest);
        return abi.encodePacked(r, s, v);
    }

    function _keyOf(address voter) private view returns (uint256) {
        for (uint256 v = 0; v < VOTERS; v++) {
            if (voters[v] == voter) return keys[v];
        }
        revert("unknown voter");
    }
}

contract GovernorInvariantsTest is LicenseTestBase, InvariantCounts {
    GovernorHandler internal handler;

    function setUp() public override {
        super.setUp();
        _stockReserve(10_000_000e18);
        handler = new GovernorHandler(
            governor, escrow, token, registry, usd, address(d.treasuryVesting), LicenseTestBase(this)
        );
        vm.deal(address(timelock), handler.TREASURY_ETH());
        vm.warp(block.timestamp + 1); // the locks are in the past: the lockers may propose
        _target(handler);
    }

    /**
     * @dev For every proposal, each tally is the sum of the recorded snapshot weights of the distinct voters who cast
     * it (whatever was bought, locked or delegated since: the handler checks each vote's weight, and after each
     * purchase, lock or delegation that the past votes at every snapshot taken are unchanged), and the Governor
     * knows exactly who voted.
     */
    function invariant_TalliesAreSnapshotWeightsOfDistinctVoters() public view {
        address[8] memory voters = handler.allVoters();
        for (uint256 i = 0; i < handler.proposalCount(); i++) {
            (uint256 id, uint256[3] memory ghost,, bool[8] memory voted, uint256[8] memory power) = handler.ballotsOf(i);
            (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
            assertEq(against, ghost[0], "against");
            assertEq(forVotes, ghost[1], "for");
            assertEq(abstain, ghost[2], "abstain");
            uint256 weights;
            for (uint256 v = 0; v < voters.length; v++) {
                assertEq(governor.hasVoted(id, voters[v]), voted[v], "who voted");
                if (voted[v]) weights += power[v];
            }
            assertEq(against + forVotes + abstain, weights, "the tallies are the voters' snapshot weights");
        }
    }

    /// @dev Every proposal is in the state the handler predicts: none below the quorum floor (or without more for
    /// than against) ever succeeds, is queued or is executed.
    function invariant_OnlyQuorateMajoritiesSucceed() public view {
        for (uint256 i = 0; i < handler.proposalCount(); i++) {
            (uint256 id, uint256[3] memory t,,,) = handler.ballotsOf(i);
            IGovernor.ProposalState state = governor.state(id);
            assertEq(uint8(state), uint8(handler.expectedState(i)), "proposal state");
            if (
                state == IGovernor.ProposalState.Succeeded || state == IGovernor.ProposalState.Queued
                    || state == IGovernor.ProposalState.Executed
            ) {
                assertGe(t[1] + t[2], handler.QUORUM_FLOOR(), "a proposal below the quorum floor passed");
                assertGt(t[1], t[0], "a proposal without a majority passed");
            }
        }
    }

    /// @dev Each proposal executes at most once, and the ETH it pays leaves the treasury and reaches the company once.
    function invariant_ExecutedOnceAndPaidOnce() public view {
        for (uint256 i = 0; i < handler.proposalCount(); i++) {
            (,, uint256 executions,,) = handler.ballotsOf(i);
            assertLe(executions, 1, "executed twice");
        }
        assertEq(address(handler.company()).balance, handler.companyEth(), "the company's ETH");
        assertEq(address(timelock).balance, handler.treasuryEth(), "the treasury's ETH");
        assertEq(address(governor).balance, 0, "the Governor holds no ETH");
        assertEq(address(registry).balance, 0, "the registry holds no ETH");
    }

    function afterInvariant() external view {
        _assertEachActionRan(handler);
        console.log("zero-power votes: %s", handler.zeroPowerVotes());
        console.log("votes that ignored power gained after the snapshot: %s", handler.votesIgnoringLaterPower());
        assertGt(handler.zeroPowerVotes(), 0, "no zero-power vote was cast");
    }
}
