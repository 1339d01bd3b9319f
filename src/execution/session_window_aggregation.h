#pragma once

// Aggregation grouped by a session window (Spark's MergingSessionsExec): rows are first
// aggregated per (keys, own session), then each key's sessions are merged in start order and their
// aggregate states combined. Batch execution here; streaming in streaming_session_window.cpp.

#include <cstdint>
#include <vector>

#include "execution/session_merge.h"
#include "function/value_codec.h"
#include "vector/column.h"

namespace spate {

/// The groups of an aggregation keyed by (other keys…, session): the distinct keys without the
/// session, and per key its groups in session order.
struct SessionGroups {
  agg::KeySet keys;                                ///< encoded keys without the session column
  std::vector<std::vector<uint32_t>> groupsOfKey;  ///< per key: group ids by session start, end
  std::vector<SessionSpan> sessions;               ///< per group
  std::vector<uint32_t> nullSessionGroups;         ///< groups without a session: never merged
};

/// Splits the key columns of pre-aggregated groups (as HashAggregation::finishKeys gives them):
/// column `sessionIndex` is the session struct {start, end}.
SessionGroups groupSessions(const std::vector<ColumnPtr>& keyColumns, int sessionIndex);

}  // namespace spate
