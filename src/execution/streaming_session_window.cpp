// Streaming aggregation grouped by a session window (Spark's SessionWindowStateStoreRestoreExec,
// MergingSessionsExec and SessionWindowStateStoreSaveExec). The state holds, per key without the
// session, the key's open sessions, each with its aggregate buffers. A batch:
//   1. drops input rows whose own session ends at or before the late-events watermark (counted
//      per row);
//   2. pre-aggregates the rest per (key, own session) with the batch hash aggregation;
//   3. merges each key's new sessions with its stored ones (one new event can join several stored
//      sessions) and stores the result;
//   4. emits: append — sessions ending at or before the eviction watermark, which are removed;
//      complete — every stored session. Update mode is rejected by the checker.
// State value of a key: uint32 count, then per session in start order: int64 start, int64 end,
// uint32 length and the aggregate buffers. Stored sessions of a key never overlap or touch.
#include <chrono>
#include <cstring>

#include "common/error.h"
#include "execution/aggregate_states.h"
#include "execution/hash_aggregation.h"
#include "execution/session_window_aggregation.h"
#include "execution/stateful_operator.h"
#include "plan/session_window.h"

namespace spate {

namespace {

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

/// One stored session; `buffers` views the state value (or a batch-local string).
struct StoredSession {
  int64_t start = 0;
  int64_t end = 0;
  std::string_view buffers;
};

template <typename T>
T readFixed(std::string_view bytes, size_t& pos) {
  T v;
  if (pos + sizeof v > bytes.size()) throw InternalError("corrupt session window state value");
  std::memcpy(&v, bytes.data() + pos, sizeof v);
  pos += sizeof v;
  return v;
}

template <typename T>
void writeFixed(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::vector<StoredSession> decodeSessions(std::string_view value) {
  size_t pos = 0;
  auto count = readFixed<uint32_t>(value, pos);
  std::vector<StoredSession> sessions(count);
  for (auto& s : sessions) {
    s.start = readFixed<int64_t>(value, pos);
    s.end = readFixed<int64_t>(value, pos);
    auto length = readFixed<uint32_t>(value, pos);
    if (pos + length > value.size()) throw InternalError("corrupt session window state value");
    s.buffers = value.substr(pos, length);
    pos += length;
  }
  return sessions;
}

void encodeSessions(const std::vector<StoredSession>& sessions, std::string& out) {
  out.clear();
  writeFixed(out, static_cast<uint32_t>(sessions.size()));
  for (const auto& s : sessions) {
    writeFixed(out, s.start);
    writeFixed(out, s.end);
    writeFixed(out, static_cast<uint32_t>(s.buffers.size()));
    out.append(s.buffers);
  }
}

class StreamingSessionWindow : public StatefulOperator {
 public:
  StreamingSessionWindow(const LogicalPlan& node, int64_t operatorId, const StateConfig& config)
      : node_(node), state_(config, operatorId) {
    sessionIndex_ = sessionWindowGroupIndex(node);
    const Expr& session = *node.groupExprs[sessionIndex_];
    watermarked_ = node.children[0]->output[session.columnIndex].watermarkDelayMs.has_value();
    numKeys_ = node.groupExprs.size();
    schema_ = schemaOf(node.output);
  }

  std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs,
                                const BatchContext& batch, const ExecContext& exec) override {
    if (numKeys_ == 1)
      throw AnalysisException(
          "Global aggregation with session window in streaming query is not supported.");
    if (batch.outputMode == OutputMode::kUpdate)
      throw AnalysisException(std::string(kSessionWindowUpdateModeMessage));
    metrics_ = StateOperatorMetrics{};
    dropped_ = 0;
    metrics_.operatorName = "sessionWindowStateStoreSaveExec";
    auto updateStart = std::chrono::steady_clock::now();
    bool useWatermark = watermarked_ && batch.hasWatermark;
    std::vector<BatchPtr> rows = std::move(inputs[0]);
    if (useWatermark) rows = dropLateRows(rows, batch.lateEventsWatermarkMs * 1000, exec);

    std::unique_ptr<HashAggregation> partial = preAggregate(node_, rows, exec);
    std::vector<ColumnPtr> keys = partial->finishKeys();
    SessionGroups groups = groupSessions(keys, sessionIndex_);
    int partitions = state_.numPartitions();
    std::vector<std::vector<uint32_t>> byPartition(partitions);
    for (size_t k = 0; k < groups.keys.size(); ++k)
      byPartition[state_.partitionOf(groups.keys[k])].push_back(static_cast<uint32_t>(k));

    state_.load(batch.batchId);
    bool evict = useWatermark && batch.outputMode == OutputMode::kAppend;
    std::vector<std::vector<BatchPtr>> outputs(partitions);
    std::vector<StateOperatorMetrics> partMetrics(partitions);
    try {
      exec.pool->parallelFor(partitions, [&](int64_t p, int) {
        state::StateStore& store = state_.store(static_cast<int>(p));
        StateOperatorMetrics& m = partMetrics[p];
        AggregateStates states(node_.aggregates);
        AggregateStates scratch(node_.aggregates);
        for (uint32_t k : byPartition[p])
          updateKey(store, groups.keys[k], groups.groupsOfKey[k], groups, *partial, states, scratch,
                    m);

        RowBatchBuilder out(schema_);
        if (batch.outputMode == OutputMode::kComplete) {
          store.forEach([&](std::string_view key, std::string_view value) {
            std::vector<StoredSession> sessions = decodeSessions(value);
            for (const auto& s : sessions) appendRow(out, key, s, states);
            m.numRowsTotal += static_cast<int64_t>(sessions.size());
          });
        } else {
          auto removeStart = std::chrono::steady_clock::now();
          int64_t limit = batch.evictionWatermarkMs * 1000;
          std::vector<std::pair<std::string, std::string>> rewritten;
          store.forEach([&](std::string_view key, std::string_view value) {
            std::vector<StoredSession> sessions = decodeSessions(value);
            size_t expired = 0;
            if (evict)
              while (expired < sessions.size() && sessions[expired].end <= limit) {
                appendRow(out, key, sessions[expired], states);
                ++expired;
              }
            m.numRowsTotal += static_cast<int64_t>(sessions.size() - expired);
            if (expired == 0) return;
            m.numRowsRemoved += static_cast<int64_t>(expired);
            sessions.erase(sessions.begin(),
                           sessions.begin() + static_cast<std::ptrdiff_t>(expired));
            std::string kept;
            if (!sessions.empty()) encodeSessions(sessions, kept);
            rewritten.emplace_back(std::string(key), std::move(kept));
          });
          for (const auto& [key, value] : rewritten) {
            if (value.empty())
              store.remove(key);
            else
              store.put(key, value);
          }
          m.allRemovalsTimeMs += elapsedMs(removeStart);
        }
        outputs[p] = out.finish();
      });
    } catch (...) {
      state_.abort();
      throw;
    }
    metrics_.allUpdatesTimeMs = elapsedMs(updateStart);
    int64_t sessions = 0;
    for (const auto& m : partMetrics) {
      metrics_.numRowsUpdated += m.numRowsUpdated;
      metrics_.numRowsRemoved += m.numRowsRemoved;
      metrics_.allRemovalsTimeMs += m.allRemovalsTimeMs;
      sessions += m.numRowsTotal;
    }
    metrics_.numRowsDroppedByWatermark = dropped_;
    metrics_.commitTimeMs = state_.commit();
    state_.addMetrics(metrics_);
    metrics_.numRowsTotal = sessions;  // state rows are sessions, as in Spark, not keys
    std::vector<BatchPtr> result;
    for (auto& o : outputs) result.insert(result.end(), o.begin(), o.end());
    return result;
  }

  StateOperatorMetrics metrics() const override { return metrics_; }

  bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const override {
    return watermarked_ && StatefulOperator::needsNoDataBatch(newWatermarkMs, batch);
  }

 private:
  /// Keeps the rows whose own session ends after `limitUs`; counts the others.
  std::vector<BatchPtr> dropLateRows(const std::vector<BatchPtr>& rows, int64_t limitUs,
                                     const ExecContext& exec) {
    std::vector<BatchPtr> kept(rows.size());
    std::vector<int64_t> dropped(rows.size());
    exec.pool->parallelFor(static_cast<int64_t>(rows.size()), [&](int64_t i, int) {
      const Batch& b = *rows[i];
      ColumnPtr session = evaluate(*node_.groupExprs[sessionIndex_], b, exec.eval);
      const Column& end = *session->child(1);
      auto selection = std::make_shared<SelectionVector>();
      auto keep = [&](uint32_t r) {
        // A row without a session is never late (the filter below the aggregation drops it).
        if (session->isNull(r) || end.isNull(r) || end.valueAt<int64_t>(r) > limitUs)
          selection->push_back(r);
      };
      if (b.hasSelection())
        for (uint32_t r : *b.selection()) keep(r);
      else
        for (int64_t r = 0; r < b.physicalRows(); ++r) keep(static_cast<uint32_t>(r));
      dropped[i] = b.numRows() - static_cast<int64_t>(selection->size());
      if (!selection->empty()) kept[i] = b.withSelection(std::move(selection));
    });
    for (int64_t d : dropped) dropped_ += d;
    std::erase(kept, nullptr);
    return kept;
  }

  /// Merges a key's new sessions (pre-aggregated groups, in session order) with its stored ones.
  void updateKey(state::StateStore& store, std::string_view key,
                 const std::vector<uint32_t>& newGroups, const SessionGroups& groups,
                 HashAggregation& partial, AggregateStates& states, AggregateStates& scratch,
                 StateOperatorMetrics& m) {
    std::string storedValue;
    if (auto old = store.get(key)) storedValue.assign(*old);
    std::vector<StoredSession> stored =
        storedValue.empty() ? std::vector<StoredSession>{} : decodeSessions(storedValue);
    // Both lists are sorted by start: interleave them, stored first on ties.
    struct Item {
      SessionSpan span;
      int64_t source;  // >= 0: stored index; < 0: -(new group id) - 1
    };
    std::vector<Item> items;
    items.reserve(stored.size() + newGroups.size());
    size_t si = 0, ni = 0;
    while (si < stored.size() || ni < newGroups.size()) {
      bool takeStored =
          ni == newGroups.size() ||
          (si < stored.size() && stored[si].start <= groups.sessions[newGroups[ni]].start);
      if (takeStored) {
        items.push_back({{stored[si].start, stored[si].end}, static_cast<int64_t>(si)});
        ++si;
      } else {
        items.push_back({groups.sessions[newGroups[ni]], -static_cast<int64_t>(newGroups[ni]) - 1});
        ++ni;
      }
    }
    std::vector<SessionSpan> spans;
    spans.reserve(items.size());
    for (const auto& it : items) spans.push_back(it.span);
    std::vector<MergedSession> merged;
    mergeSessions(spans, merged);

    std::vector<std::string> buffers(merged.size());
    std::vector<StoredSession> result;
    result.reserve(merged.size());
    for (size_t i = 0; i < merged.size(); ++i) {
      const MergedSession& ms = merged[i];
      if (ms.last - ms.first == 1 && items[ms.first].source >= 0) {
        result.push_back(stored[items[ms.first].source]);  // untouched
        continue;
      }
      states.reset();
      int64_t storedCount = 0;
      for (size_t j = ms.first; j < ms.last; ++j) {
        int64_t source = items[j].source;
        if (source >= 0) {
          size_t pos = 0;
          scratch.decode(stored[source].buffers, pos);
          states.mergeFrom(scratch);
          ++storedCount;
        } else {
          auto group = static_cast<uint32_t>(-source - 1);
          states.mergeFrom([&](size_t a) { return partial.aggregateState(group, a); });
        }
      }
      states.encode(buffers[i]);
      result.push_back({ms.start, ms.end, buffers[i]});
      ++m.numRowsUpdated;
      // Stored sessions absorbed into another one are gone from the state.
      if (storedCount > 1) m.numRowsRemoved += storedCount - 1;
    }
    std::string value;
    encodeSessions(result, value);
    store.put(key, value);
  }

  /// Appends one output row: the key's columns, the session, the aggregate results.
  void appendRow(RowBatchBuilder& out, std::string_view key, const StoredSession& session,
                 AggregateStates& states) {
    auto& builders = out.builders();
    size_t pos = 0;
    for (size_t k = 0; k < numKeys_; ++k) {
      if (static_cast<int>(k) == sessionIndex_) {
        builders[k].child(0).appendLong(session.start);
        builders[k].child(1).appendLong(session.end);
        builders[k].endStruct();
      } else {
        agg::decodeValue(key, pos, builders[k]);
      }
    }
    size_t bufferPos = 0;
    states.decode(session.buffers, bufferPos);
    states.finalize(builders, numKeys_);
    out.endRow();
  }

  const LogicalPlan& node_;
  PartitionedState state_;
  int sessionIndex_ = -1;
  bool watermarked_ = false;
  size_t numKeys_ = 0;
  SchemaPtr schema_;
  int64_t dropped_ = 0;
  StateOperatorMetrics metrics_;
};

}  // namespace

std::unique_ptr<StatefulOperator> makeStreamingSessionWindow(const LogicalPlan& node,
                                                             int64_t operatorId,
                                                             const StateConfig& config) {
  return std::make_unique<StreamingSessionWindow>(node, operatorId, config);
}

}  // namespace spate
