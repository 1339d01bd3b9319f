#pragma once

// The rows one side of a stream–stream join keeps in one partition (Spark's
// SymmetricHashJoinStateManager, state format 2): two stores,
//   keyToNumValues:      join key → number of rows with that key, and the key's event time;
//   keyWithIndexToValue: join key ++ index (0 … n-1) → the row, its event time and whether it
//                        has matched a row of the other side.
// Keys are the operator's encoded join keys; row columns are encoded by the operator too.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "state/state_store.h"

namespace spate {

/// A stored row (views valid until the state changes).
struct JoinStateRow {
  uint64_t index = 0;
  /// The side's value event time in µs (kNoJoinEventTime when none).
  int64_t eventTime = 0;
  bool matched = false;
  std::string_view columns;
};

constexpr int64_t kNoJoinEventTime = INT64_MIN;

class JoinSideState {
 public:
  JoinSideState(state::StateStore& keyToNumValues, state::StateStore& keyWithIndexToValue)
      : keyToNumValues_(keyToNumValues), keyWithIndexToValue_(keyWithIndexToValue) {}

  int64_t numValues(std::string_view key) const;
  /// Calls f for each row of `key`, in index order.
  void forEachRow(std::string_view key, const std::function<void(const JoinStateRow&)>& f) const;
  /// Adds a row under `key`; `keyTime` is the key's event time in µs (or kNoJoinEventTime).
  void append(std::string_view key, int64_t keyTime, int64_t eventTime, bool matched,
              std::string_view columns);
  /// Records that row `index` of `key` has matched.
  void setMatched(std::string_view key, uint64_t index);
  /// Removes every key whose event time is <= `limitMicros` with all its rows, calling `removed`
  /// for each row first. Returns the number of rows removed.
  int64_t removeByKeyTime(int64_t limitMicros,
                          const std::function<void(const JoinStateRow&)>& removed);
  /// Removes every row whose event time is <= `limitMicros`, calling `removed` for each first.
  /// The remaining rows of a key keep their order. Returns the number of rows removed.
  int64_t removeByRowTime(int64_t limitMicros,
                          const std::function<void(const JoinStateRow&)>& removed);

 private:
  struct KeyEntry {
    int64_t numValues = 0;
    int64_t keyTime = kNoJoinEventTime;
  };
  std::optional<KeyEntry> keyEntry(std::string_view key) const;
  void putKeyEntry(std::string_view key, const KeyEntry& entry);
  const std::string& indexKey(std::string_view key, uint64_t index) const;
  static JoinStateRow decodeRow(uint64_t index, std::string_view value);

  state::StateStore& keyToNumValues_;
  state::StateStore& keyWithIndexToValue_;
  mutable std::string scratch_;
};

}  // namespace spate
