// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title PowerHistory
 * @notice Checkpoints of decaying voting power: at each key (a timestamp) the power `bias` and the rate `slope` at
 * which it falls per second. The latest point and the number of older ones share one storage word.
 *
 * @dev What a point is worth later depends on its owner: a single lock simply runs down to zero, while a sum of locks
 * also loses the slopes that stop at week boundaries in between (see {EscrowVotes}). This library only stores,
 * orders and finds points: {upperLookup} returns the last point whose key is at most the query, like OpenZeppelin's
 * `Checkpoints`, and reads one word when the query is at or after the latest point (every Governor vote on a lock
 * made before the proposal). An account's first point writes one fresh word.
 *
 * Widths: 40-bit keys last until the year 36812; 104-bit biases hold the whole $AGI cap (1e28 wei); 72-bit slopes hold
 * the cap spread over four years (8e19 wei per second).
 */
library PowerHistory {
    /// @dev Power `bias` at time `key`, falling by `slope` per second.
    struct Point {
        uint40 key;
        uint104 bias;
        uint72 slope;
    }

    struct History {
        uint40 latestKey;
        uint104 latestBias;
        uint72 latestSlope;
        uint32 archived;
        mapping(uint256 index => Point) archive;
    }

    /// @dev A point was pushed with `key` below the latest key `latestKey`.
    error PowerHistoryUnorderedKey(uint256 key, uint256 latestKey);

    /// @dev The number of points.
    function length(History storage self) internal view returns (uint256) {
        uint256 archived = self.archived;
        return self.latestKey == 0 && archived == 0 ? 0 : archived + 1;
    }

    /// @dev The point at `index` (0 is the oldest). `index` must be below {length}.
    function pointAt(History storage self, uint256 index) internal view returns (Point memory) {
        if (index == self.archived) return Point(self.latestKey, self.latestBias, self.latestSlope);
        return self.archive[index];
    }

    /// @dev The latest point, or a zero point if there is none.
    function latest(History storage self) internal view returns (Point memory) {
        return Point(self.latestKey, self.latestBias, self.latestSlope);
    }

    /// @dev Records `bias` and `slope` at `key`. A push at the latest key overwrites it; an earlier key reverts.
    function push(History storage self, uint256 key, uint256 bias, uint256 slope) internal {
        uint40 latestKey = self.latestKey;
        if (key < latestKey) revert PowerHistoryUnorderedKey(key, latestKey);
        uint32 archived = self.archived;
        if (key != latestKey && latestKey != 0) {
            self.archive[archived] = Point(latestKey, self.latestBias, self.latestSlope);
            archived += 1;
        }
        self.latestKey = SafeCast.toUint40(key);
        self.latestBias = SafeCast.toUint104(bias);
        self.latestSlope = SafeCast.toUint72(slope);
        self.archived = archived;
    }

    /// @dev The last point with key at most `key`, or a zero point if there is none.
    function upperLookup(History storage self, uint256 key) internal view returns (Point memory point) {
        if (self.latestKey <= key) return Point(self.latestKey, self.latestBias, self.latestSlope);
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
        if (high != 0) point = self.archive[high - 1];
    }
}
