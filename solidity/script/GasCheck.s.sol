// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script} from "forge-std/Script.sol";
import {GuildDeployment} from "./GuildDeployment.sol";
import {MerkleLeaves} from "./MerkleLeaves.sol";
import {BaselineToken} from "../test/baselines/BaselineToken.sol";
import {UniswapMerkleDistributorPort} from "../test/baselines/UniswapMerkleDistributorPort.sol";

/**
 * @title GasCheck
 * @notice Cross-checks the isolated-forge gas method against real receipts: broadcast to a local anvil, then
 * `node tools/gas-check.mjs` reads the receipts. Same trees and accounts as test/gas/GasReport.t.sol.
 * @dev `anvil` then `forge script script/GasCheck.s.sol --rpc-url http://127.0.0.1:8545 --broadcast --slow
 * --private-key <anvil key 0>`.
 */
contract GasCheck is Script, GuildDeployment, MerkleLeaves {
    function run() external {
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        Config memory c = defaultConfig(deployer);
        c.genesis = uint64(block.timestamp - 365 days); // the distribution pool has fully vested
        c.challengePeriod = 0; // anvil cannot be warped from a broadcast: roots are claimable at once
        Deployment memory d = deployGuild(c, deployer);
        d.distributionVesting.release(address(d.token));

        (address[] memory accounts, uint256[] memory amounts, uint256 total) = contributors();
        bytes32 root = buildStandard(accounts, amounts);
        d.distributor.publishRoot(1, root, total, bytes32(0), DEFAULT_WEIGHTS_HASH);
        d.distributor.claim(accounts[1], amounts[1], standardProof(accounts[1], amounts[1])); // tx: claim_setup
        d.distributor.claim(accounts[5], amounts[5], standardProof(accounts[5], amounts[5])); // tx: claim_first

        BaselineToken drop = new BaselineToken(deployer, 1e30);
        bytes32 uniRoot = buildUniswap(accounts, amounts);
        UniswapMerkleDistributorPort port = new UniswapMerkleDistributorPort(address(drop), uniRoot);
        drop.transfer(address(port), 1e29);
        port.claim(1, accounts[1], amounts[1], uniswapProof(1, accounts[1], amounts[1]));
        port.claim(300, accounts[300], amounts[300], uniswapProof(300, accounts[300], amounts[300])); // first
        port.claim(2, accounts[2], amounts[2], uniswapProof(2, accounts[2], amounts[2])); // later
        vm.stopBroadcast();
    }
}
