// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {GuildToken} from "../src/GuildToken.sol";
import {VoteEscrow} from "../src/VoteEscrow.sol";
import {RewardsDistributor} from "../src/RewardsDistributor.sol";
import {RewardsWeights} from "../src/RewardsWeights.sol";
import {LicenseRegistry} from "../src/LicenseRegistry.sol";
import {LicenseParameters} from "../src/licensing/LicenseParameters.sol";
import {GuildGovernor} from "../src/governance/GuildGovernor.sol";
import {TestStablecoin} from "../src/dev/TestStablecoin.sol";

/**
 * @title GuildDeployment
 * @notice Deploys and wires the guild's contracts; shared by `Deploy.s.sol` and the tests. The order and every
 * wiring call are listed in README.md (the .NET deployer repeats them).
 * @dev `deployer` is the account making the calls. It is a temporary admin of the token, the escrow, the
 * initial-distribution vesting wallet and the Timelock, and gives every one of those powers away before returning.
 */
abstract contract GuildDeployment {
    /// @dev 6 months: half of a 365-day year.
    uint64 internal constant DISTRIBUTION_VESTING = 365 days / 2;
    uint64 internal constant TREASURY_VESTING = 4 * 365 days;

    /// @dev The built-in weight sets' hashes (`guild-audit weights` prints them): the default set (`guild-default-2`),
    /// in force from deployment until governance puts another in force, and the genesis set (`guild-genesis-2`).
    bytes32 internal constant DEFAULT_WEIGHTS_HASH = 0x8c527ce41ba950c59491b53fe00b0e3c87af3ccb5afc6fd3e139e08aeccc923a;
    bytes32 internal constant GENESIS_WEIGHTS_HASH = 0xbe8b51c916d3a005ba21af9c955d77e41ae242cd60140a9017a104f514d44cd6;

    struct Config {
        uint64 genesis; // vesting start (seconds)
        uint256 timelockDelay; // seconds
        uint48 votingDelay; // seconds
        uint32 votingPeriod; // seconds
        uint256 proposalThreshold; // voting power
        uint256 quorumPercent; // of total voting power at the snapshot
        uint256 quorumFloor; // voting power: the quorum is never below it
        uint256 roadmapProposalThreshold; // voting power to open an off-chain roadmap proposal
        uint256 roadmapQuorum; // voting power a roadmap vote needs in total
        address publisher; // rewards root publisher
        uint64 challengePeriod; // seconds a published root waits (and can be vetoed) before it is claimable
        address guardian; // may veto pending roots and pause claims besides the Timelock; zero: none
        bytes32 weightsHash; // the weight set in force until governance changes it
        bytes32 genesisWeightsHash; // the weight set of the genesis epoch, fixed
        address stablecoin; // zero: deploy a TestStablecoin
        uint256 revenueThresholdUsd;
        uint256 rate; // 18 decimals
        uint256 agiPriceUsd; // 18 decimals
        uint256 ethPriceUsd; // 18 decimals
        uint256 minTerm; // seconds
    }

    struct Deployment {
        TimelockController timelock;
        VestingWallet distributionVesting;
        VestingWallet treasuryVesting;
        GuildToken token;
        VoteEscrow escrow;
        RewardsWeights weights;
        RewardsDistributor distributor;
        IERC20 stablecoin;
        LicenseRegistry registry;
        GuildGovernor governor;
    }

    /// @dev The AGI Guild's numbers, with `deployer` publishing roots until governance names another publisher.
    function defaultConfig(address deployer) internal view returns (Config memory) {
        return Config({
            genesis: uint64(block.timestamp),
            timelockDelay: 2 days,
            votingDelay: 1 days,
            votingPeriod: 1 weeks,
            // Dust must neither propose nor reach quorum (the 209-wei capture): one million $AGI of four-year power
            // to propose, and a quorum of at least 100,000,000 (1% of the supply locked for four years).
            proposalThreshold: 1_000_000e18,
            quorumPercent: 4,
            quorumFloor: 100_000_000e18,
            roadmapProposalThreshold: 10_000e18,
            roadmapQuorum: 1_000_000e18,
            publisher: deployer,
            challengePeriod: 3 days,
            guardian: address(0),
            weightsHash: DEFAULT_WEIGHTS_HASH,
            genesisWeightsHash: GENESIS_WEIGHTS_HASH,
            stablecoin: address(0),
            revenueThresholdUsd: 1_000_000,
            rate: 1e15, // X = 0.001
            agiPriceUsd: 0.1e18,
            ethPriceUsd: 3000e18,
            minTerm: 365 days
        });
    }

    function deployGuild(Config memory c, address deployer) internal returns (Deployment memory d) {
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0): anyone may execute a ready operation
        d.timelock = new TimelockController(c.timelockDelay, none, anyone, deployer);
        d.distributionVesting = new VestingWallet(deployer, c.genesis, DISTRIBUTION_VESTING);
        d.treasuryVesting = new VestingWallet(address(d.timelock), c.genesis, TREASURY_VESTING);
        d.token = new GuildToken(address(d.distributionVesting), address(d.treasuryVesting), deployer);
        d.escrow = new VoteEscrow(d.token, deployer);
        d.weights = new RewardsWeights(address(d.timelock), c.weightsHash, c.genesisWeightsHash);
        d.distributor =
            new RewardsDistributor(d.token, address(d.timelock), c.publisher, c.challengePeriod, c.guardian, d.weights);
        d.stablecoin = c.stablecoin == address(0) ? IERC20(address(new TestStablecoin())) : IERC20(c.stablecoin);
        d.registry = new LicenseRegistry(
            d.token,
            d.escrow,
            payable(address(d.timelock)),
            address(d.timelock),
            LicenseParameters.Parameters({
                revenueThresholdUsd: c.revenueThresholdUsd,
                rate: c.rate,
                agiPriceUsd: c.agiPriceUsd,
                ethPriceUsd: c.ethPriceUsd,
                minTerm: c.minTerm,
                stablecoin: d.stablecoin
            })
        );
        d.governor = new GuildGovernor(
            d.escrow,
            d.timelock,
            GuildGovernor.Rules({
                votingDelay: c.votingDelay,
                votingPeriod: c.votingPeriod,
                proposalThreshold: c.proposalThreshold,
                quorumPercent: c.quorumPercent,
                quorumFloor: c.quorumFloor,
                roadmapProposalThreshold: c.roadmapProposalThreshold,
                roadmapQuorum: c.roadmapQuorum
            })
        );

        // Wiring, then every temporary power of the deployer goes to the Timelock or is renounced.
        d.token.setRewardsPayer(address(d.distributor), true);
        d.token.transferOwnership(address(d.timelock));
        d.escrow.setLockCreator(address(d.registry), true);
        d.escrow.transferOwnership(address(d.timelock));
        d.distributionVesting.transferOwnership(address(d.distributor));
        d.timelock.grantRole(d.timelock.PROPOSER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.CANCELLER_ROLE(), address(d.governor));
        d.timelock.renounceRole(d.timelock.DEFAULT_ADMIN_ROLE(), deployer);
    }
}
