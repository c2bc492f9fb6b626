// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {console} from "forge-std/console.sol";

/**
 * @dev What every invariant handler shares: it counts, per action, the calls that succeeded and the calls refused as
 * it predicted. A handler chooses its inputs so that a call is valid and makes it directly, so any revert fails the
 * run (`fail_on_revert`); where the invalid path is the point, it names the exact revert first ({_refuse}), so a
 * revert for another reason, or none, fails the run too. There is no try/catch: nothing is swallowed.
 *
 * The counts let `afterInvariant` assert that each action really ran in every run ({InvariantCounts}).
 */
abstract contract InvariantHandler is Test {
    /// @dev The actions the fuzzer calls, in the order the report lists them.
    bytes4[] internal _selectors;
    string[] internal _names;
    /// @dev What each run must see of an action: a success (the default), a refusal (an action whose point is the
    /// refusal, such as a replayed signature), or either (an action that tries both, as the state allows).
    enum Expect {
        Success,
        Refusal,
        Either
    }

    mapping(string action => Expect) public expects;
    mapping(string action => uint256) public calls;
    mapping(string action => uint256) public refusals;

    /// @dev Registers an action (a fuzzed entry point) under `name`, `weight` times in the fuzzer's selector list.
    function _action(bytes4 selector, string memory name, uint256 weight) internal {
        for (uint256 i = 0; i < weight; i++) {
            _selectors.push(selector);
        }
        _names.push(name);
    }

    /// @dev The fuzzer's selectors (an action registered with weight 2 is listed twice, so it is called twice as often).
    /// @dev Registers an action that only ever tries what must be refused.
    function _refusingAction(bytes4 selector, string memory name, uint256 weight) internal {
        _action(selector, name, weight);
        expects[name] = Expect.Refusal;
    }

    /// @dev Registers an action whose valid and invalid paths are both the point: each run must see one or the other.
    function _eitherAction(bytes4 selector, string memory name, uint256 weight) internal {
        _action(selector, name, weight);
        expects[name] = Expect.Either;
    }

    /// @dev The fuzzer's selectors (an action registered with weight 2 is listed twice, so it is called twice as often).
    function selectors() external view returns (bytes4[] memory) {
        return _selectors;
    }

    function names() external view returns (string[] memory) {
        return _names;
    }

    /// @dev `action` succeeded.
    function _ok(string memory action) internal {
        calls[action]++;
    }

    /// @dev The next call (any call, views included: call this right before the one meant) must revert with exactly
    /// `revertData`; `action` counts one refusal.
    function _refuse(string memory action, bytes memory revertData) internal {
        vm.expectRevert(revertData);
        refusals[action]++;
    }
}

/// @dev The invariant test's side: targets a handler's actions and checks, after each run, that each one succeeded.
abstract contract InvariantCounts is Test {
    /// @dev Targets exactly `handler`'s registered actions (not its public getters).
    function _target(InvariantHandler handler) internal {
        targetContract(address(handler));
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: handler.selectors()}));
    }

    /**
     * @dev Every action of `handler` succeeded at least once in this run (a refusing action: was refused; an action
     * of either kind: succeeded or was refused as predicted), and the counts are logged (forge shows the last run's logs with -vv). Call it from `afterInvariant`,
     * which runs once at the end of each run.
     */
    function _assertEachActionRan(InvariantHandler handler) internal view {
        string[] memory actions = handler.names();
        for (uint256 i = 0; i < actions.length; i++) {
            uint256 ok = handler.calls(actions[i]);
            console.log("%s: %s ok, %s refused as predicted", actions[i], ok, handler.refusals(actions[i]));
        }
        for (uint256 i = 0; i < actions.length; i++) {
            InvariantHandler.Expect expect = handler.expects(actions[i]);
            uint256 ok = handler.calls(actions[i]);
            uint256 refused = handler.refusals(actions[i]);
            if (expect == InvariantHandler.Expect.Success) {
                assertGt(ok, 0, string.concat("never succeeded: ", actions[i]));
            } else if (expect == InvariantHandler.Expect.Refusal) {
                assertGt(refused, 0, string.concat("never refused: ", actions[i]));
            } else {
                assertGt(ok + refused, 0, string.concat("never called: ", actions[i]));
            }
        }
    }
}
