// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {VoteHistory} from "../src/votes/VoteHistory.sol";

/// @dev VoteHistory must answer exactly like OpenZeppelin's Checkpoints.Trace208 for any push sequence.
contract VoteHistoryTest is Test {
    using VoteHistory for VoteHistory.History;
    using Checkpoints for Checkpoints.Trace208;

    VoteHistory.History internal history;
    Checkpoints.Trace208 internal oracle;

    function testFuzz_MatchesOpenZeppelinCheckpoints(uint256 seed, uint8 pushes) public {
        uint48 key = uint48(bound(seed, 0, 1000));
        uint256 n = bound(pushes, 0, 40);
        for (uint256 i = 0; i < n; i++) {
            key += uint48(uint256(keccak256(abi.encode(seed, i, "step"))) % 3); // repeats keys sometimes
            uint208 value = uint208(uint256(keccak256(abi.encode(seed, i))) % 1e30);
            history.push(key, value);
            oracle.push(key, value);
            assertEq(history.latest(), oracle.latest());
        }
        assertEq(history.length(), oracle.length());
        for (uint256 i = 0; i < oracle.length(); i++) {
            VoteHistory.Checkpoint memory mine = history.checkpointAt(i);
            Checkpoints.Checkpoint208 memory theirs = oracle.at(uint32(i));
            assertEq(mine.key, theirs._key);
            assertEq(mine.value, theirs._value);
        }
        for (uint48 probe = 0; probe <= key + 2; probe++) {
            assertEq(history.upperLookup(probe), oracle.upperLookup(probe), "lookup");
        }
    }

    function test_EmptyHistory() public view {
        assertEq(history.latest(), 0);
        assertEq(history.length(), 0);
        assertEq(history.upperLookup(0), 0);
        assertEq(history.upperLookup(type(uint48).max), 0);
    }

    function test_ZeroValueAfterAValueIsKept() public {
        history.push(5, 7);
        history.push(9, 0);
        history.push(12, 3);
        assertEq(history.upperLookup(4), 0);
        assertEq(history.upperLookup(5), 7);
        assertEq(history.upperLookup(8), 7);
        assertEq(history.upperLookup(9), 0);
        assertEq(history.upperLookup(11), 0);
        assertEq(history.upperLookup(12), 3);
    }

    function test_RevertWhen_KeyGoesBackwards() public {
        history.push(5, 1);
        vm.expectRevert(abi.encodeWithSelector(VoteHistory.VoteHistoryUnorderedKey.selector, 4, 5));
        this.pushExternal(4, 1);
    }

    function test_RevertWhen_ValueOverflows() public {
        uint256 tooBig = uint256(type(uint176).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(VoteHistory.VoteHistoryValueOverflow.selector, tooBig));
        this.pushExternal(1, tooBig);
    }

    function pushExternal(uint48 key, uint256 value) external {
        history.push(key, value);
    }
}
