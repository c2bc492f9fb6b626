// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script, console} from "forge-std/Script.sol";
import {GuildDeployment} from "./GuildDeployment.sol";

/**
 * @title Deploy
 * @notice Deploys and wires the guild: `forge script script/Deploy.s.sol --rpc-url <url> --broadcast
 * --private-key <key>`. Optional environment variables override the defaults of {GuildDeployment-defaultConfig}:
 * GENESIS_TIMESTAMP, TIMELOCK_DELAY, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT, QUORUM_FLOOR,
 * ROADMAP_PROPOSAL_THRESHOLD, ROADMAP_QUORUM, PUBLISHER, CHALLENGE_PERIOD, GUARDIAN, WEIGHTS_HASH, GENESIS_WEIGHTS_HASH,
 * STABLECOIN, REVENUE_THRESHOLD_USD, RATE, AGI_PRICE_USD, ETH_PRICE_USD, MIN_TERM. Outside the local development chain
 * (31337) GUARDIAN and STABLECOIN are required: the test stablecoin is for local chains only.
 * @dev The broadcasting account is the deployer (and, unless PUBLISHER is set, the root publisher). It ends with no
 * power over any contract.
 */
contract Deploy is Script, GuildDeployment {
    /// @dev Outside a development chain a guardian must be named: governance is slower than a challenge window, so
    /// without one nobody could veto a bad root in time.
    error DeployGuardianRequired(uint256 chainId);
    /// @dev Outside a development chain STABLECOIN must name a real stablecoin: the test one mints to anyone.
    error DeployStablecoinRequired(uint256 chainId);

    function run() external returns (Deployment memory d) {
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        Config memory c = defaultConfig(deployer);
        c.genesis = uint64(vm.envOr("GENESIS_TIMESTAMP", uint256(c.genesis)));
        c.timelockDelay = vm.envOr("TIMELOCK_DELAY", c.timelockDelay);
        c.votingDelay = uint48(vm.envOr("VOTING_DELAY", uint256(c.votingDelay)));
        c.votingPeriod = uint32(vm.envOr("VOTING_PERIOD", uint256(c.votingPeriod)));
        c.proposalThreshold = vm.envOr("PROPOSAL_THRESHOLD", c.proposalThreshold);
        c.quorumPercent = vm.envOr("QUORUM_PERCENT", c.quorumPercent);
        c.quorumFloor = vm.envOr("QUORUM_FLOOR", c.quorumFloor);
        c.roadmapProposalThreshold = vm.envOr("ROADMAP_PROPOSAL_THRESHOLD", c.roadmapProposalThreshold);
        c.roadmapQuorum = vm.envOr("ROADMAP_QUORUM", c.roadmapQuorum);
        c.publisher = vm.envOr("PUBLISHER", c.publisher);
        c.challengePeriod = uint64(vm.envOr("CHALLENGE_PERIOD", uint256(c.challengePeriod)));
        c.guardian = vm.envOr("GUARDIAN", c.guardian);
        if (c.guardian == address(0) && block.chainid != 31337) revert DeployGuardianRequired(block.chainid);
        c.weightsHash = vm.envOr("WEIGHTS_HASH", c.weightsHash);
        c.genesisWeightsHash = vm.envOr("GENESIS_WEIGHTS_HASH", c.genesisWeightsHash);
        c.stablecoin = vm.envOr("STABLECOIN", c.stablecoin);
        if (c.stablecoin == address(0) && block.chainid != 31337) revert DeployStablecoinRequired(block.chainid);
        c.revenueThresholdUsd = vm.envOr("REVENUE_THRESHOLD_USD", c.revenueThresholdUsd);
        c.rate = vm.envOr("RATE", c.rate);
        c.agiPriceUsd = vm.envOr("AGI_PRICE_USD", c.agiPriceUsd);
        c.ethPriceUsd = vm.envOr("ETH_PRICE_USD", c.ethPriceUsd);
        c.minTerm = vm.envOr("MIN_TERM", c.minTerm);

        d = deployGuild(c, deployer);
        vm.stopBroadcast();

        console.log("TimelockController  ", address(d.timelock));
        console.log("DistributionVesting ", address(d.distributionVesting));
        console.log("TreasuryVesting     ", address(d.treasuryVesting));
        console.log("GuildToken          ", address(d.token));
        console.log("VoteEscrow          ", address(d.escrow));
        console.log("RewardsWeights      ", address(d.weights));
        console.log("RewardsDistributor  ", address(d.distributor));
        console.log("Stablecoin          ", address(d.stablecoin));
        console.log("LicenseRegistry     ", address(d.registry));
        console.log("GuildGovernor       ", address(d.governor));
    }
}
