// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title VoteHistory
 * @notice Checkpointed values keyed by an ERC-6372 timepoint, with the latest checkpoint and the number of older
 * ones packed into one storage word.
 *
 * @dev Same semantics as OpenZeppelin's `Checkpoints.Trace208` (push with non-decreasing keys, `upperLookup` returns
 * the value of the last checkpoint whose key is at most the query), with a different layout chosen for gas:
 *
 * - A lookup at or after the latest checkpoint (every Governor vote, since snapshots precede votes) reads one word
 *   instead of two (array length, then element).
 * - An account's first checkpoint writes one fresh word instead of two.
 *
 * Older checkpoints move to `archive` when a newer key is pushed and are found by binary search.
 */
library VoteHistory {
    struct Checkpoint {
        uint48 key;
        uint208 value;
    }

    struct History {
        uint48 latestKey;
        uint32 archived;
        uint176 latestValue;
        mapping(uint256 index => Checkpoint) archive;
    }

    /// @dev A checkpoint was pushed with `key` below the latest key `latestKey`.
    error VoteHistoryUnorderedKey(uint48 key, uint48 latestKey);
    /// @dev `value` does not fit the 176-bit latest value.
    error VoteHistoryValueOverflow(uint256 value);

    /// @dev The latest value, or zero if there is none.
    function latest(History storage self) internal view returns (uint256) {
        return self.latestValue;
    }

    /// @dev The number of checkpoints.
    function length(History storage self) internal view returns (uint256) {
        uint256 archived = self.archived;
        return self.latestKey == 0 && self.latestValue == 0 && archived == 0 ? 0 : archived + 1;
    }

    /// @dev The checkpoint at `index` (0 is the oldest). `index` must be below {length}.
    function checkpointAt(History storage self, uint256 index) internal view returns (Checkpoint memory) {
        if (index == self.archived) return Checkpoint(self.latestKey, self.latestValue);
        return self.archive[index];
    }

    /**
     * @dev Records `value` at `key`. A push at the latest key overwrites it; a later key archives the latest
     * checkpoint first. Returns the previous latest value and `value`.
     */
    function push(History storage self, uint48 key, uint256 value) internal returns (uint256, uint256) {
        if (value > type(uint176).max) revert VoteHistoryValueOverflow(value);
        uint48 latestKey = self.latestKey;
        uint176 previous = self.latestValue;
        uint32 archived = self.archived;
        if (key < latestKey) revert VoteHistoryUnorderedKey(key, latestKey);
        if (key != latestKey && (latestKey != 0 || previous != 0 || archived != 0)) {
            self.archive[archived] = Checkpoint(latestKey, previous);
            archived += 1;
        }
        self.latestKey = key;
        self.archived = archived;
        self.latestValue = uint176(value);
        return (previous, value);
    }

    /// @dev The value of the last checkpoint with key at most `key`, or zero if there is none.
    function upperLookup(History storage self, uint48 key) internal view returns (uint256) {
        if (self.latestKey <= key) return self.latestValue;
        uint256 low = 0;
        uint256 high = self.archived;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (self.archive[mid].key > key) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return high == 0 ? 0 : self.archive[high - 1].value;
    }
}
