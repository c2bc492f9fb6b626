// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GuildDeployment} from "../../script/GuildDeployment.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";
import {RevenueDeclarations} from "../../src/licensing/RevenueDeclarations.sol";
import {StandardMerkleTree} from "../utils/StandardMerkleTree.sol";
import {UniswapMerkleDistributorPort} from "../baselines/UniswapMerkleDistributorPort.sol";
import {BaselineToken} from "../baselines/BaselineToken.sol";
import {BaselineVotesToken} from "../baselines/BaselineVotesToken.sol";
import {BaselineGovernor} from "../baselines/BaselineGovernor.sol";

interface IUniswapMerkleDistributor {
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external;
}

/**
 * @notice Receipt gas of the guild's hot paths and of the baselines, measured in one forge run.
 * @dev Run with isolation (`FOUNDRY_PROFILE=gas`, `isolate = true`): every top-level call is then its own
 * transaction with committed state and fresh warm sets, and `vm.lastCallGas()` is that transaction's gas used:
 * 21,000 + calldata (EIP-2028/7623) + execution, after refunds, i.e. the receipt's `gasUsed`. Values land in
 * `snapshots/GasReport.json`; `npm run gas` turns them into GAS.md.
 *
 * Trees have 1,000 leaves. A "first" claim pays a fresh recipient (its balance goes from zero); Uniswap's first
 * claim is also the first in its bitmap word, its later claim shares a word already written. Our later claim is
 * the same account claiming a later epoch's increase. Both claim against the latest root once its challenge window
 * (the default 3 days) has passed.
 */
contract GasReport is Test, GuildDeployment {
    using StandardMerkleTree for StandardMerkleTree.Tree;

    uint256 internal constant LEAVES = 1000;

    Deployment internal d;
    StandardMerkleTree.Tree internal epoch1;
    StandardMerkleTree.Tree internal epoch2;
    StandardMerkleTree.Tree internal uniswapTree;
    address[] internal accounts;

    BaselineToken internal dropToken;
    BaselineToken internal dropTokenNpm;
    UniswapMerkleDistributorPort internal uniswapPort;
    address internal uniswapNpm;

    BaselineVotesToken internal votesToken;
    BaselineGovernor internal baselineGovernor;
    uint256 internal baselineProposal;
    uint256 internal guildProposal;

    address internal voterA = makeAddr("voterA");
    address internal voterB = makeAddr("voterB");
    address internal delegator = makeAddr("delegator");
    address internal companyEth;
    uint256 internal companyEthKey;
    address internal companyUsd;
    uint256 internal companyUsdKey;
    address internal companyFree;
    uint256 internal companyFreeKey;

    function setUp() public {
        // Without isolation, lastCallGas excludes the intrinsic 21,000: these numbers would be wrong, so skip.
        BaselineToken probe = new BaselineToken(address(this), 1);
        probe.approve(address(1), 0); // a few thousand gas of execution, but at least 21,000 as a transaction
        vm.skip(vm.lastCallGas().gasTotalUsed < 21_000);
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        Config memory c = defaultConfig(address(this));
        c.votingDelay = 1; // seconds: the escrow's clock is the timestamp
        c.votingPeriod = 1 days;
        c.proposalThreshold = 100_000e18; // the voters hold a million each, locked for four years
        d = deployGuild(c, address(this));

        _setUpClaims();
        _setUpUniswap();
        _setUpGuildVotes();
        _setUpBaselineVotes();
        _setUpLicences();
        vm.roll(block.number + 2); // the baseline's block clock
        vm.warp(block.timestamp + 2); // ours: the timestamp
    }

    function test_Gas_RewardsClaim() public {
        address first = accounts[5];
        uint256 amount = _epoch2Amount(5);
        _claim(first, amount);
        _snap("claim_first", "RewardsDistributor.claim, first claim (fresh recipient)");
        address again = accounts[1];
        _claim(again, _epoch2Amount(1));
        _snap("claim_later", "RewardsDistributor.claim, later claim (same account, next epoch)");
    }

    function test_Gas_UniswapClaim() public {
        _uniswapClaim(address(uniswapPort), 300); // word 1: untouched
        _snap("uniswap_port_claim_first", "Uniswap MerkleDistributor port: first in its bitmap word");
        _uniswapClaim(address(uniswapPort), 2); // word 0: index 1 claimed in setUp
        _snap("uniswap_port_claim_later", "Uniswap MerkleDistributor port: later in its word");
        _uniswapClaim(uniswapNpm, 300);
        _snap("uniswap_npm_claim_first", "Uniswap MerkleDistributor (npm 1.0.1 bytecode, solc 0.6.11): first");
        _uniswapClaim(uniswapNpm, 2);
        _snap("uniswap_npm_claim_later", "Uniswap MerkleDistributor (npm 1.0.1 bytecode, solc 0.6.11): later");
    }

    function test_Gas_CastVote() public {
        vm.prank(voterA);
        d.governor.castVote(guildProposal, 1);
        _snap("castVote_first", "GuildGovernor.castVote, first vote on the proposal");
        vm.prank(voterB);
        d.governor.castVote(guildProposal, 1);
        _snap("castVote_later", "GuildGovernor.castVote, later vote");

        vm.prank(voterA);
        baselineGovernor.castVote(baselineProposal, 1);
        _snap("oz_castVote_first", "OZ Governor over ERC20Votes castVote, first");
        vm.prank(voterB);
        baselineGovernor.castVote(baselineProposal, 1);
        _snap("oz_castVote_later", "OZ Governor over ERC20Votes castVote, later");
    }

    function test_Gas_Propose() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _proposalBody(address(d.registry));
        vm.prank(voterB);
        d.governor.propose(targets, values, calls, "Second proposal");
        _snap("propose", "GuildGovernor.propose (creates the two tally words)");
        vm.prank(voterB);
        baselineGovernor.propose(targets, values, calls, "Second proposal");
        _snap("oz_propose", "OZ Governor propose");
    }

    function test_Gas_Delegate() public {
        vm.prank(delegator);
        d.escrow.delegate(voterA);
        _snap("delegate", "VoteEscrow.delegate to another account (self-delegation is implicit)");
        vm.prank(delegator);
        votesToken.delegate(delegator);
        _snap("oz_delegate", "ERC20Votes.delegate, first delegation");
    }

    function test_Gas_LicencePurchase() public {
        (uint256 weiCost,) = d.registry.costOf(d.registry.requiredStake(11_000_000));
        (RevenueDeclarations.RevenueDeclaration memory decl, bytes memory signature) =
            _declaration(companyEthKey, 11_000_000);
        vm.prank(companyEth);
        d.registry.purchase{value: weiCost + 0.5 ether}(decl, signature, 365 days, weiCost, block.timestamp);
        _snap("purchase_eth", "LicenseRegistry.purchase, ETH with refund of the excess");
        (decl, signature) = _declaration(companyUsdKey, 11_000_000);
        vm.prank(companyUsd);
        d.registry.purchase(decl, signature, 365 days, 10_000e6, block.timestamp);
        _snap("purchase_stablecoin", "LicenseRegistry.purchase, stablecoin");
        (decl, signature) = _declaration(companyFreeKey, 900_000);
        vm.prank(companyFree);
        d.registry.purchase(decl, signature, 365 days, 0, block.timestamp);
        _snap("purchase_free", "LicenseRegistry.purchase, free attestation (revenue at or below the threshold)");
    }

    // ---------------------------------------------------------------- setup

    function _setUpClaims() private {
        uint256[] memory amounts1 = new uint256[](LEAVES);
        uint256[] memory amounts2 = new uint256[](LEAVES);
        uint256 total1;
        uint256 total2;
        for (uint256 i = 0; i < LEAVES; i++) {
            accounts.push(address(uint160(uint256(keccak256(abi.encode("contributor", i))))));
            amounts1[i] = _epoch1Amount(i);
            amounts2[i] = _epoch2Amount(i);
            total1 += amounts1[i];
            total2 += amounts2[i];
        }
        bytes32 root1 = epoch1.build(accounts, amounts1);
        bytes32 root2 = epoch2.build(accounts, amounts2);
        vm.prank(address(d.treasuryVesting));
        d.token.transfer(address(d.distributor), total2);
        // Each root is measured the way contributors meet it: after its challenge window has passed. Epoch 2 is
        // then the matured pending root (claims read it instead of the active root: still two words).
        d.distributor.publishRoot(1, root1, total1, keccak256("report-1"), DEFAULT_WEIGHTS_HASH);
        vm.warp(block.timestamp + d.distributor.challengePeriod());
        _claim(accounts[1], amounts1[1]);
        d.distributor.publishRoot(2, root2, total2, keccak256("report-2"), DEFAULT_WEIGHTS_HASH);
        vm.warp(block.timestamp + d.distributor.challengePeriod());
    }

    function _setUpUniswap() private {
        dropToken = new BaselineToken(address(this), 1e30);
        dropTokenNpm = new BaselineToken(address(this), 1e30);
        bytes32[] memory leaves = new bytes32[](LEAVES);
        for (uint256 i = 0; i < LEAVES; i++) {
            leaves[i] = keccak256(abi.encodePacked(i, accounts[i], _epoch1Amount(i)));
        }
        bytes32 root = uniswapTree.buildFromLeaves(leaves);
        uniswapPort = new UniswapMerkleDistributorPort(address(dropToken), root);
        string memory artifact = vm.readFile("node_modules/@uniswap/merkle-distributor/build/MerkleDistributor.json");
        bytes memory code = vm.parseBytes(string.concat("0x", vm.parseJsonString(artifact, ".bytecode")));
        bytes memory init = abi.encodePacked(code, abi.encode(address(dropTokenNpm), root));
        address deployed;
        assembly ("memory-safe") {
            deployed := create(0, add(init, 0x20), mload(init))
        }
        require(deployed != address(0), "npm MerkleDistributor deployment failed");
        uniswapNpm = deployed;
        dropToken.transfer(address(uniswapPort), 1e29);
        dropTokenNpm.transfer(uniswapNpm, 1e29);
        _uniswapClaim(address(uniswapPort), 1);
        _uniswapClaim(uniswapNpm, 1);
    }

    function _setUpGuildVotes() private {
        address[3] memory lockers = [voterA, voterB, delegator];
        for (uint256 i = 0; i < lockers.length; i++) {
            vm.prank(address(d.treasuryVesting));
            d.token.transfer(lockers[i], 1_000_000e18);
            vm.startPrank(lockers[i]);
            d.token.approve(address(d.escrow), 1_000_000e18);
            d.escrow.createLock(1_000_000e18, 4 * 365 days);
            vm.stopPrank();
        }
        vm.warp(block.timestamp + 1);
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _proposalBody(address(d.registry));
        vm.prank(voterA);
        guildProposal = d.governor.propose(targets, values, calls, "Lower the licence threshold");
    }

    function _setUpBaselineVotes() private {
        votesToken = new BaselineVotesToken(address(this), 1e27);
        TimelockController timelock = new TimelockController(1 days, new address[](0), new address[](1), address(this));
        baselineGovernor = new BaselineGovernor(votesToken, timelock);
        address[3] memory holders = [voterA, voterB, delegator];
        for (uint256 i = 0; i < holders.length; i++) {
            votesToken.transfer(holders[i], 1_000_000e18);
            if (holders[i] != delegator) {
                vm.prank(holders[i]);
                votesToken.delegate(holders[i]);
            }
        }
        vm.roll(block.number + 1);
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _proposalBody(address(d.registry));
        vm.prank(voterA);
        baselineProposal = baselineGovernor.propose(targets, values, calls, "Lower the licence threshold");
    }

    function _setUpLicences() private {
        (companyEth, companyEthKey) = makeAddrAndKey("companyEth");
        (companyUsd, companyUsdKey) = makeAddrAndKey("companyUsd");
        (companyFree, companyFreeKey) = makeAddrAndKey("companyFree");
        vm.prank(address(d.treasuryVesting));
        d.token.transfer(address(d.registry), 10_000_000e18);
        vm.deal(companyEth, 100 ether);
        TestStablecoin usd = TestStablecoin(address(d.stablecoin));
        usd.mint(companyUsd, 1_000_000e6);
        vm.prank(companyUsd);
        usd.approve(address(d.registry), type(uint256).max);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev A signed declaration of the company with `key` (a typical legal name, no statement link).
    function _declaration(uint256 key, uint256 revenueUsd)
        private
        view
        returns (RevenueDeclarations.RevenueDeclaration memory decl, bytes memory signature)
    {
        address company = vm.addr(key);
        decl = RevenueDeclarations.RevenueDeclaration(
            company, "Acme Robotics GmbH", 2026, revenueUsd, "", bytes32(0), 0, block.timestamp + 30 days
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, d.registry.hashDeclaration(decl));
        signature = abi.encodePacked(r, s, v);
    }

    function _claim(address account, uint256 amount) private {
        bytes32[] memory proof = (d.distributor.claimableEpoch() == 1 ? epoch1 : epoch2).proof(account, amount);
        d.distributor.claim(account, amount, proof);
    }

    function _uniswapClaim(address distributor, uint256 index) private {
        bytes32[] memory proof =
            uniswapTree.proofOfLeaf(keccak256(abi.encodePacked(index, accounts[index], _epoch1Amount(index))));
        IUniswapMerkleDistributor(distributor).claim(index, accounts[index], _epoch1Amount(index), proof);
    }

    function _epoch1Amount(uint256 i) private pure returns (uint256) {
        return 1e18 + (uint256(keccak256(abi.encode("amount", i))) % 10_000e18);
    }

    function _epoch2Amount(uint256 i) private pure returns (uint256) {
        return _epoch1Amount(i) + 1e18 + (uint256(keccak256(abi.encode("increase", i))) % 1_000e18);
    }

    function _proposalBody(address registry)
        private
        pure
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calls)
    {
        targets = new address[](1);
        values = new uint256[](1);
        calls = new bytes[](1);
        targets[0] = registry;
        calls[0] = abi.encodeWithSignature("setRevenueThreshold(uint256)", 500_000);
    }

    function _snap(string memory name, string memory) private {
        vm.snapshotValue("GasReport", name, vm.lastCallGas().gasTotalUsed);
    }
}
