#include "connector/kafka/trigger_limits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "common/strings.h"

namespace spate::connector::kafka {

PartitionOffsets rateLimit(int64_t limit, const PartitionOffsets& from,
                           const PartitionOffsets& fromNew, const PartitionOffsets& until) {
  auto beginOf = [&](const TopicPartition& tp) -> std::optional<int64_t> {
    if (auto it = from.find(tp); it != from.end()) return it->second;
    if (auto it = fromNew.find(tp); it != fromNew.end()) return it->second;
    return std::nullopt;  // unknown start: getBatch reports it
  };
  std::map<TopicPartition, int64_t> sizes;
  double total = 0;
  for (const auto& [tp, end] : until) {
    auto begin = beginOf(tp);
    if (!begin) continue;
    int64_t size = end - *begin;
    if (size > 0) {
      sizes[tp] = size;
      total += static_cast<double>(size);
    }
  }
  if (total < 1) return until;
  PartitionOffsets out;
  for (const auto& [tp, end] : until) {
    auto size = sizes.find(tp);
    if (size == sizes.end()) {
      out[tp] = end;
      continue;
    }
    int64_t begin = *beginOf(tp);
    double prorate = static_cast<double>(limit) * (static_cast<double>(size->second) / total);
    // Don't completely starve small partitions.
    auto prorateLong = static_cast<int64_t>(prorate < 1 ? std::ceil(prorate) : std::floor(prorate));
    int64_t offset = prorateLong > std::numeric_limits<int64_t>::max() - begin
                         ? std::numeric_limits<int64_t>::max()
                         : begin + prorateLong;
    out[tp] = std::min(end, offset);
  }
  return out;
}

int64_t offsetsBetween(const PartitionOffsets& from, const PartitionOffsets& until) {
  int64_t total = 0;
  for (const auto& [tp, end] : until) {
    auto it = from.find(tp);
    total += end - (it == from.end() ? 0 : it->second);
  }
  return total;
}

bool TriggerDelay::delay(int64_t nowMs, const PartitionOffsets& latest,
                         const PartitionOffsets& current) {
  if (nowMs - lastTriggerMs_ >= maxDelayMs_) {
    lastTriggerMs_ = nowMs;
    return false;
  }
  if (static_cast<double>(offsetsBetween(current, latest)) < static_cast<double>(minOffsets_))
    return true;
  lastTriggerMs_ = nowMs;
  return false;
}

std::map<std::string, std::string> offsetsBehindMetrics(const PartitionOffsets& consumed,
                                                        const PartitionOffsets& latest) {
  std::map<std::string, std::string> out;
  if (consumed.empty() || latest.empty()) return out;
  int64_t min = std::numeric_limits<int64_t>::max(), max = std::numeric_limits<int64_t>::min();
  int64_t sum = 0, count = 0;
  for (const auto& [tp, end] : latest) {
    auto it = consumed.find(tp);
    if (it == consumed.end()) continue;
    int64_t behind = end - it->second;
    min = std::min(min, behind);
    max = std::max(max, behind);
    sum += behind;
    ++count;
    out["lag." + tp.topic + "." + std::to_string(tp.partition)] = std::to_string(behind);
  }
  if (count == 0) return out;
  out["minOffsetsBehindLatest"] = std::to_string(min);
  out["maxOffsetsBehindLatest"] = std::to_string(max);
  out["avgOffsetsBehindLatest"] =
      formatDouble(static_cast<double>(sum) / static_cast<double>(count));
  return out;
}

}  // namespace spate::connector::kafka
