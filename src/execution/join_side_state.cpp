#include "execution/join_side_state.h"

#include <cstring>
#include <vector>

#include "common/error.h"

namespace spate {

namespace {

// Value layout: [event time: int64][matched: uint8][columns…]; key entry: [count][key time].
constexpr size_t kRowHeader = sizeof(int64_t) + 1;

int64_t readInt64(std::string_view bytes, size_t at) {
  int64_t v;
  std::memcpy(&v, bytes.data() + at, sizeof v);
  return v;
}

void appendInt64(std::string& out, int64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

}  // namespace

std::optional<JoinSideState::KeyEntry> JoinSideState::keyEntry(std::string_view key) const {
  auto v = keyToNumValues_.get(key);
  if (!v) return std::nullopt;
  if (v->size() != 2 * sizeof(int64_t))
    throw InternalError("corrupt stream-stream join state (keyToNumValues)");
  return KeyEntry{readInt64(*v, 0), readInt64(*v, sizeof(int64_t))};
}

void JoinSideState::putKeyEntry(std::string_view key, const KeyEntry& entry) {
  std::string value;
  appendInt64(value, entry.numValues);
  appendInt64(value, entry.keyTime);
  keyToNumValues_.put(key, value);
}

const std::string& JoinSideState::indexKey(std::string_view key, uint64_t index) const {
  scratch_.assign(key);
  scratch_.append(reinterpret_cast<const char*>(&index), sizeof index);
  return scratch_;
}

JoinStateRow JoinSideState::decodeRow(uint64_t index, std::string_view value) {
  if (value.size() < kRowHeader)
    throw InternalError("corrupt stream-stream join state (keyWithIndexToValue)");
  JoinStateRow row;
  row.index = index;
  row.eventTime = readInt64(value, 0);
  row.matched = value[sizeof(int64_t)] != 0;
  row.columns = value.substr(kRowHeader);
  return row;
}

int64_t JoinSideState::numValues(std::string_view key) const {
  auto entry = keyEntry(key);
  return entry ? entry->numValues : 0;
}

void JoinSideState::forEachRow(std::string_view key,
                               const std::function<void(const JoinStateRow&)>& f) const {
  int64_t n = numValues(key);
  for (int64_t i = 0; i < n; ++i) {
    auto v = keyWithIndexToValue_.get(indexKey(key, static_cast<uint64_t>(i)));
    if (!v) throw InternalError("stream-stream join state lost a row");
    f(decodeRow(static_cast<uint64_t>(i), *v));
  }
}

void JoinSideState::append(std::string_view key, int64_t keyTime, int64_t eventTime, bool matched,
                           std::string_view columns) {
  KeyEntry entry = keyEntry(key).value_or(KeyEntry{0, keyTime});
  std::string value;
  value.reserve(kRowHeader + columns.size());
  appendInt64(value, eventTime);
  value.push_back(matched ? 1 : 0);
  value.append(columns);
  keyWithIndexToValue_.put(indexKey(key, static_cast<uint64_t>(entry.numValues)), value);
  ++entry.numValues;
  putKeyEntry(key, entry);
}

void JoinSideState::setMatched(std::string_view key, uint64_t index) {
  const std::string& k = indexKey(key, index);
  auto v = keyWithIndexToValue_.get(k);
  if (!v) throw InternalError("stream-stream join state lost a row");
  std::string value(*v);
  value[sizeof(int64_t)] = 1;
  keyWithIndexToValue_.put(k, value);
}

int64_t JoinSideState::removeByKeyTime(int64_t limitMicros,
                                       const std::function<void(const JoinStateRow&)>& removed) {
  std::vector<std::pair<std::string, int64_t>> expired;
  keyToNumValues_.forEach([&](std::string_view key, std::string_view value) {
    int64_t keyTime = readInt64(value, sizeof(int64_t));
    if (keyTime != kNoJoinEventTime && keyTime <= limitMicros)
      expired.emplace_back(key, readInt64(value, 0));
  });
  int64_t count = 0;
  for (const auto& [key, n] : expired) {
    for (int64_t i = 0; i < n; ++i) {
      const std::string& k = indexKey(key, static_cast<uint64_t>(i));
      if (auto v = keyWithIndexToValue_.get(k)) removed(decodeRow(static_cast<uint64_t>(i), *v));
      keyWithIndexToValue_.remove(indexKey(key, static_cast<uint64_t>(i)));
    }
    keyToNumValues_.remove(key);
    count += n;
  }
  return count;
}

int64_t JoinSideState::removeByRowTime(int64_t limitMicros,
                                       const std::function<void(const JoinStateRow&)>& removed) {
  std::vector<std::string> keys;
  keyToNumValues_.forEach([&](std::string_view key, std::string_view) { keys.emplace_back(key); });
  int64_t count = 0;
  std::vector<std::string> kept;
  for (const auto& key : keys) {
    KeyEntry entry = *keyEntry(key);
    kept.clear();
    bool anyRemoved = false;
    for (int64_t i = 0; i < entry.numValues; ++i) {
      auto v = keyWithIndexToValue_.get(indexKey(key, static_cast<uint64_t>(i)));
      if (!v) throw InternalError("stream-stream join state lost a row");
      JoinStateRow row = decodeRow(static_cast<uint64_t>(i), *v);
      if (row.eventTime != kNoJoinEventTime && row.eventTime <= limitMicros) {
        removed(row);
        anyRemoved = true;
        ++count;
      } else {
        kept.emplace_back(*v);
      }
    }
    if (!anyRemoved) continue;
    // Compact: the kept rows move to indices 0 … k-1.
    for (size_t i = 0; i < kept.size(); ++i) keyWithIndexToValue_.put(indexKey(key, i), kept[i]);
    for (int64_t i = static_cast<int64_t>(kept.size()); i < entry.numValues; ++i)
      keyWithIndexToValue_.remove(indexKey(key, static_cast<uint64_t>(i)));
    if (kept.empty()) {
      keyToNumValues_.remove(key);
    } else {
      entry.numValues = static_cast<int64_t>(kept.size());
      putKeyEntry(key, entry);
    }
  }
  return count;
}

}  // namespace spate
