// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {PowerHistory} from "../src/votes/PowerHistory.sol";

/// @dev PowerHistory must answer like a plain list of points searched from the end, for any push sequence.
contract PowerHistoryTest is Test {
    using PowerHistory for PowerHistory.History;

    PowerHistory.History internal history;
    PowerHistory.Point[] internal oracle;

    function testFuzz_MatchesAPlainList(uint256 seed, uint8 pushes) public {
        uint256 key = bound(seed, 1, 1000);
        uint256 n = bound(pushes, 0, 40);
        for (uint256 i = 0; i < n; i++) {
            key += uint256(keccak256(abi.encode(seed, i, "step"))) % 3; // repeats keys sometimes
            uint104 bias = uint104(uint256(keccak256(abi.encode(seed, i))) % 1e28);
            uint72 slope = uint72(uint256(keccak256(abi.encode(seed, i, "slope"))) % 1e20);
            history.push(key, bias, slope);
            if (oracle.length != 0 && oracle[oracle.length - 1].key == key) oracle.pop();
            oracle.push(PowerHistory.Point(uint40(key), bias, slope));
        }
        assertEq(history.length(), oracle.length);
        for (uint256 i = 0; i < oracle.length; i++) {
            PowerHistory.Point memory p = history.pointAt(i);
            assertEq(p.key, oracle[i].key);
            assertEq(p.bias, oracle[i].bias);
            assertEq(p.slope, oracle[i].slope);
        }
        for (uint256 q = 0; q <= key + 1; q++) {
            PowerHistory.Point memory found = history.upperLookup(q);
            PowerHistory.Point memory expected;
            for (uint256 i = oracle.length; i > 0; i--) {
                if (oracle[i - 1].key <= q) {
                    expected = oracle[i - 1];
                    break;
                }
            }
            assertEq(found.key, expected.key);
            assertEq(found.bias, expected.bias);
            assertEq(found.slope, expected.slope);
        }
    }

    function test_RevertWhen_KeyGoesBack() public {
        history.push(10, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(PowerHistory.PowerHistoryUnorderedKey.selector, 9, 10));
        this.pushExternal(9);
    }

    function pushExternal(uint256 key) external {
        history.push(key, 1, 1);
    }
}
