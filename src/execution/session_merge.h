#pragma once

// Session merging (Spark's MergingSessionsIterator): the sessions of one group key, sorted by
// start, merge while they overlap or touch.

#include <cstdint>
#include <span>
#include <vector>

namespace spate {

/// A session [start, end) in microseconds.
struct SessionSpan {
  int64_t start = 0;
  int64_t end = 0;
};

/// Sessions [first, last) of a start-sorted list that merge into one, and the merged bounds.
struct MergedSession {
  size_t first = 0;
  size_t last = 0;
  int64_t start = 0;
  int64_t end = 0;
};

/// Merges `sorted` (ascending start): the next session joins the current one when
/// next.start <= current.end, so a session starting exactly where the previous one ends joins it;
/// the merged end is the largest end. Appends the merged sessions, in start order, to `out`.
void mergeSessions(std::span<const SessionSpan> sorted, std::vector<MergedSession>& out);

}  // namespace spate
