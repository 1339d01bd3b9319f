// Stream–stream join (Spark 3.5's StreamingSymmetricHashJoinExec, state format 2;
// spark_semantics.md §10.2). Each side keeps its rows in state, partitioned by join key. Per batch
// and partition:
//   1. the new left rows join the right side's state, then are stored;
//   2. the new right rows join the left side's state (which now holds the new left rows, so new
//      rows of both sides meet exactly once), then are stored;
//   3. each side drops the state rows the watermark has passed (join-key watermark, or the value
//      watermark a range condition gives); an outer join emits the evicted preserved-side rows that
//      never matched, with NULLs for the other side.
// Before that, input rows at or before the late-events watermark are dropped, and a row failing
// the part of the condition that reads only its own side can never match: a preserved-side row is
// emitted with NULLs at once, any other is discarded; neither is stored. A row is not stored when
// the eviction watermark would drop it at once (so, as in Spark 3.5, an unmatched preserved row
// that is already evictable gives no NULL row). Left semi emits a left row on its first match and
// never stores a left row that matched on arrival.
#include <chrono>
#include <unordered_map>

#include "common/error.h"
#include "execution/join_side_state.h"
#include "execution/stateful_operator.h"
#include "function/value_codec.h"
#include "plan/stream_join_conditions.h"

namespace spate {

namespace {

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

void splitConjuncts(const ExprPtr& e, std::vector<ExprPtr>& out) {
  if (e->kind == ExprKind::kAnd) {
    for (const auto& c : e->children) splitConjuncts(c, out);
  } else {
    out.push_back(e);
  }
}

ExprPtr conjunction(const std::vector<ExprPtr>& conjuncts) {
  ExprPtr out;
  for (const auto& c : conjuncts) {
    if (!out) {
      out = c;
      continue;
    }
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kAnd;
    e->type = DataType::boolean();
    e->functionName = "and";
    e->children = {out, c};
    out = e;
  }
  return out;
}

// Whether every column `e` reads is in [begin, end), and whether it is deterministic.
void inspect(const Expr& e, int begin, int end, bool& within, bool& deterministic) {
  if (e.kind == ExprKind::kColumnRef && (e.columnIndex < begin || e.columnIndex >= end))
    within = false;
  if (e.kind == ExprKind::kCall && !e.deterministic) deterministic = false;
  for (const auto& c : e.children) inspect(*c, begin, end, within, deterministic);
}

// `e` with every column reference moved down by `offset` (a right-only conjunct bound to left ++
// right, rebound to the right side's columns).
ExprPtr shiftColumns(const ExprPtr& e, int offset) {
  auto copy = std::make_shared<Expr>(*e);
  if (copy->kind == ExprKind::kColumnRef) copy->columnIndex -= offset;
  for (auto& c : copy->children) c = shiftColumns(c, offset);
  return copy;
}

/// One side's fixed description.
struct Side {
  JoinSide which = JoinSide::kLeft;
  SchemaPtr schema;
  std::vector<TypePtr> types;
  std::vector<ExprPtr> keys;
  /// Conjuncts of the condition over this side's columns only (Spark's pre-join filter).
  ExprPtr preFilter;
  JoinSideEviction eviction;
  /// Unmatched rows appear in the output with NULLs for the other side.
  bool preserved = false;
  size_t keyStore = 0;
  size_t rowStore = 0;

  bool hasEviction() const {
    return eviction.keyColumnIndex.has_value() || eviction.valueBound.has_value();
  }
};

enum class RowStatus : uint8_t { kLate, kFiltered, kUnmatchable, kJoin };

/// One side's rows of the current batch, prepared for the partitions.
struct SideInput {
  BatchPtr rows;
  std::vector<RowStatus> status;
  std::vector<std::string> keys;
  std::vector<int64_t> keyTimes;
  std::vector<int64_t> valueTimes;
  /// Rows to join or store, per partition, in input order.
  std::vector<std::vector<uint32_t>> byPartition;
  /// Whether a row matched a row of the other side (written by its partition only).
  std::vector<uint8_t> matched;
};

/// The other side's state rows one pass has read.
struct Decoded {
  std::vector<ColumnBuilder> builders;
  BatchPtr batch;
  std::vector<const std::string*> keys;
  std::vector<uint64_t> index;
  std::vector<uint8_t> matchedBefore;
  std::vector<uint8_t> matchedNow;
};

struct PartitionResult {
  std::vector<BatchPtr> out;
  int64_t updated = 0;
  int64_t removed = 0;
  int64_t removalMs = 0;
};

class StreamingSymmetricHashJoin : public StatefulOperator {
 public:
  StreamingSymmetricHashJoin(const LogicalPlan& node, int64_t operatorId, const StateConfig& config)
      : node_(node),
        state_(config, operatorId,
               {"left-keyToNumValues", "left-keyWithIndexToValue", "right-keyToNumValues",
                "right-keyWithIndexToValue"}) {
    const AttributeList& leftAttrs = node.children[0]->output;
    const AttributeList& rightAttrs = node.children[1]->output;
    JoinKind kind = node.joinKind;
    if (kind == JoinKind::kLeftAnti)
      throw AnalysisException(
          "Join type LeftAnti is not supported with streaming DataFrame/Dataset");
    semi_ = kind == JoinKind::kLeftSemi;
    StreamJoinConditions conditions = analyzeStreamJoinConditions(node);
    int leftCount = static_cast<int>(leftAttrs.size());
    int total = leftCount + static_cast<int>(rightAttrs.size());

    std::vector<ExprPtr> leftOnly, rightOnly, both;
    if (node.condition) {
      std::vector<ExprPtr> conjuncts;
      splitConjuncts(node.condition, conjuncts);
      for (const auto& c : conjuncts) {
        bool inLeft = true, inRight = true, deterministic = true;
        inspect(*c, 0, leftCount, inLeft, deterministic);
        inspect(*c, leftCount, total, inRight, deterministic);
        if (!deterministic)
          both.push_back(c);
        else if (inLeft)
          leftOnly.push_back(c);
        else if (inRight)
          rightOnly.push_back(shiftColumns(c, leftCount));
        else
          both.push_back(c);
      }
    }
    postFilter_ = conjunction(both);

    auto setUp = [&](Side& s, JoinSide which, const AttributeList& attrs,
                     const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& filter,
                     const JoinSideEviction& eviction, bool preserved, size_t firstStore) {
      s.which = which;
      s.schema = schemaOf(attrs);
      for (const auto& a : attrs) s.types.push_back(a.type);
      s.keys = keys;
      s.preFilter = conjunction(filter);
      s.eviction = eviction;
      s.preserved = preserved;
      s.keyStore = firstStore;
      s.rowStore = firstStore + 1;
    };
    setUp(sides_[0], JoinSide::kLeft, leftAttrs, node.leftKeys, leftOnly, conditions.left,
          kind == JoinKind::kLeft || kind == JoinKind::kFull, 0);
    setUp(sides_[1], JoinSide::kRight, rightAttrs, node.rightKeys, rightOnly, conditions.right,
          kind == JoinKind::kRight || kind == JoinKind::kFull, 2);
    // One schema for the operator: the join key, and the rows of both sides (a changed side
    // would make the stored rows undecodable).
    std::vector<StructField> keyFields, valueFields;
    for (size_t k = 0; k < node.leftKeys.size(); ++k)
      keyFields.push_back({"key" + std::to_string(k), node.leftKeys[k]->type, true});
    for (const auto* attrs : {&leftAttrs, &rightAttrs})
      for (const auto& a : *attrs) valueFields.push_back({a.name, a.type, true});
    validateStateSchema(config, operatorId, DataType::structType(keyFields),
                        DataType::structType(valueFields));
    AttributeList pair = leftAttrs;
    pair.insert(pair.end(), rightAttrs.begin(), rightAttrs.end());
    pairSchema_ = schemaOf(pair);
    outSchema_ = schemaOf(node.output);
  }

  std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs,
                                const BatchContext& batch, const ExecContext& exec) override {
    metrics_ = StateOperatorMetrics{};
    metrics_.operatorName = "symmetricHashJoin";
    auto start = std::chrono::steady_clock::now();
    batch_ = &batch;
    exec_ = &exec;
    std::vector<BatchPtr> result;
    SideInput in[2];
    for (int s = 0; s < 2; ++s) {
      in[s] = prepare(sides_[s], inputs[s], result);
      for (RowStatus st : in[s].status)
        metrics_.numRowsDroppedByWatermark += st == RowStatus::kLate;
    }

    state_.load(batch.batchId);
    int partitions = state_.numPartitions();
    std::vector<PartitionResult> parts(partitions);
    try {
      exec.pool->parallelFor(partitions, [&](int64_t p, int) {
        int part = static_cast<int>(p);
        JoinSideState leftState(state_.store(part, sides_[0].keyStore),
                                state_.store(part, sides_[0].rowStore));
        JoinSideState rightState(state_.store(part, sides_[1].keyStore),
                                 state_.store(part, sides_[1].rowStore));
        PartitionResult& r = parts[p];
        joinPass(sides_[0], in[0], leftState, sides_[1], rightState, part, r);
        joinPass(sides_[1], in[1], rightState, sides_[0], leftState, part, r);
        // The previous batch already evicted everything its watermark allowed and stored nothing
        // evictable, so eviction has work only when the watermark moved.
        if (batch.hasWatermark && batch.evictionWatermarkMs > batch.lateEventsWatermarkMs) {
          auto removalStart = std::chrono::steady_clock::now();
          evict(sides_[0], leftState, r);
          evict(sides_[1], rightState, r);
          r.removalMs += elapsedMs(removalStart);
        }
      });
    } catch (...) {
      state_.abort();
      throw;
    }
    for (auto& r : parts) {
      result.insert(result.end(), r.out.begin(), r.out.end());
      metrics_.numRowsUpdated += r.updated;
      metrics_.numRowsRemoved += r.removed;
      metrics_.allRemovalsTimeMs += r.removalMs;
    }
    metrics_.allUpdatesTimeMs = elapsedMs(start);
    metrics_.commitTimeMs = state_.commit();
    // Each row lives once in keyWithIndexToValue (Spark counts that store's keys).
    state_.addMetrics(metrics_, {sides_[0].rowStore, sides_[1].rowStore});
    batch_ = nullptr;
    exec_ = nullptr;
    return result;
  }

  StateOperatorMetrics metrics() const override { return metrics_; }

  bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const override {
    return (sides_[0].hasEviction() || sides_[1].hasEviction()) &&
           StatefulOperator::needsNoDataBatch(newWatermarkMs, batch);
  }

 private:
  int64_t keyEvictionLimit() const { return batch_->evictionWatermarkMs * 1000; }

  // Whether a row with these times would be evicted by this batch's watermark.
  bool evictable(const Side& s, int64_t keyTime, int64_t valueTime) const {
    if (!batch_->hasWatermark) return false;
    if (s.eviction.keyColumnIndex)
      return keyTime != kNoJoinEventTime && keyTime <= keyEvictionLimit();
    if (s.eviction.valueBound)
      return valueTime != kNoJoinEventTime &&
             valueTime <=
                 s.eviction.valueBound->evictionThresholdMicros(batch_->evictionWatermarkMs);
    return false;
  }

  // Classifies a side's new rows; rows failing the pre-join filter of a preserved side are
  // emitted (with NULLs) into `out` right away.
  SideInput prepare(const Side& s, const std::vector<BatchPtr>& batches,
                    std::vector<BatchPtr>& out) {
    SideInput in;
    in.byPartition.resize(state_.numPartitions());
    int64_t rows = 0;
    for (const auto& b : batches) rows += b->numRows();
    if (rows == 0) return in;
    in.rows = concatBatches(s.schema, batches);
    const Batch& b = *in.rows;
    in.status.assign(rows, RowStatus::kJoin);
    in.keys.resize(rows);
    in.keyTimes.assign(rows, kNoJoinEventTime);
    in.valueTimes.assign(rows, kNoJoinEventTime);
    in.matched.assign(rows, 0);

    const JoinSideEviction& ev = s.eviction;
    if (ev.eventTimeColumn && batch_->hasWatermark) {
      const Column& c = *b.column(*ev.eventTimeColumn);
      int64_t limit = batch_->lateEventsWatermarkMs * 1000;
      for (int64_t r = 0; r < rows; ++r) {
        auto t = eventTimeAt(c, r);
        if (t && *t <= limit) in.status[r] = RowStatus::kLate;
      }
    }
    if (s.preFilter) {
      auto pass = evaluateFilter(*s.preFilter, b, exec_->eval);
      std::vector<uint8_t> passed(rows, 0);
      for (uint32_t r : *pass) passed[r] = 1;
      std::vector<uint32_t> emit;
      for (int64_t r = 0; r < rows; ++r)
        if (!passed[r] && in.status[r] != RowStatus::kLate) {
          in.status[r] = RowStatus::kFiltered;
          if (s.preserved && !semi_) emit.push_back(static_cast<uint32_t>(r));
        }
      if (!emit.empty()) out.push_back(withNulls(s, b, emit));
    }
    std::vector<ColumnPtr> keyColumns;
    for (const auto& k : s.keys) keyColumns.push_back(evaluate(*k, b, exec_->eval));
    const Column* valueTime = ev.valueBound ? b.column(ev.valueBound->timeColumn).get() : nullptr;
    for (int64_t r = 0; r < rows; ++r) {
      if (in.status[r] != RowStatus::kJoin) continue;
      encodeKey(keyColumns, r, in.keys[r]);
      if (ev.keyColumnIndex)
        in.keyTimes[r] = eventTimeAt(*keyColumns[*ev.keyColumnIndex], r).value_or(kNoJoinEventTime);
      if (valueTime) in.valueTimes[r] = eventTimeAt(*valueTime, r).value_or(kNoJoinEventTime);
      bool nullKey = false;
      for (const auto& k : keyColumns) nullKey |= k->isNull(r);
      if (nullKey) {
        // A NULL key never matches (Spark filters such rows out before the join, except on a
        // preserved side, where they wait in state for their NULL row).
        if (!s.preserved) continue;
        in.status[r] = RowStatus::kUnmatchable;
      }
      in.byPartition[state_.partitionOf(in.keys[r])].push_back(static_cast<uint32_t>(r));
    }
    return in;
  }

  // Rows `rows` of side `s` with NULLs for the other side, in the output layout.
  BatchPtr withNulls(const Side& s, const Batch& b, const std::vector<uint32_t>& rows) const {
    return outputBatch(
        s, [&](size_t c) { return gatherColumn(b.column(c), rows); }, rows.size());
  }

  // An output batch of `n` rows whose side-`s` columns come from `column(i)` and whose other side
  // is NULL.
  BatchPtr outputBatch(const Side& s, const std::function<ColumnPtr(size_t)>& column,
                       size_t n) const {
    std::vector<ColumnPtr> columns;
    auto n64 = static_cast<int64_t>(n);
    for (int which = 0; which < (semi_ ? 1 : 2); ++which) {
      const Side& side = sides_[which];
      for (size_t c = 0; c < side.types.size(); ++c)
        columns.push_back(&side == &s ? column(c) : makeNullColumn(side.types[c], n64));
    }
    return std::make_shared<Batch>(outSchema_, std::move(columns), n64);
  }

  void encodeRow(const Batch& b, int64_t r, std::string& out) const {
    out.clear();
    for (const auto& c : b.columns()) agg::encodeValue(*c, r, /*normalize=*/false, out);
  }

  // The new rows of side `s` in `part` join the other side's state, then are stored.
  void joinPass(const Side& s, SideInput& in, JoinSideState& sState, const Side& o,
                JoinSideState& oState, int part, PartitionResult& result) {
    if (!in.rows || in.byPartition[part].empty()) return;
    const std::vector<uint32_t>& rows = in.byPartition[part];
    const Batch& b = *in.rows;
    int64_t vectorSize = defaultVectorSize();

    // The other side's rows for each key these rows carry, decoded once.
    Decoded d;
    for (const auto& t : o.types) d.builders.emplace_back(t);
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> ranges;
    for (uint32_t r : rows) {
      if (in.status[r] != RowStatus::kJoin) continue;
      const std::string& key = in.keys[r];
      if (ranges.count(key)) continue;
      auto first = static_cast<uint32_t>(d.keys.size());
      oState.forEachRow(key, [&](const JoinStateRow& row) {
        size_t pos = 0;
        for (auto& builder : d.builders) agg::decodeValue(row.columns, pos, builder);
        d.keys.push_back(&key);
        d.index.push_back(row.index);
        d.matchedBefore.push_back(row.matched);
      });
      ranges.emplace(key, std::make_pair(first, static_cast<uint32_t>(d.keys.size()) - first));
    }
    d.matchedNow = d.matchedBefore;
    if (!d.keys.empty()) {
      std::vector<ColumnPtr> columns;
      for (auto& builder : d.builders) columns.push_back(builder.finish());
      d.batch = std::make_shared<Batch>(o.schema, std::move(columns),
                                        static_cast<int64_t>(d.keys.size()));
    }

    // Pairs, a vector at a time: gather both sides, apply the residual condition, emit.
    bool sIsLeft = s.which == JoinSide::kLeft;
    std::vector<uint32_t> pairS, pairO;
    auto flush = [&] {
      if (pairS.empty()) return;
      std::vector<ColumnPtr> columns;
      auto addSide = [&](const Batch& from, const std::vector<uint32_t>& idx) {
        for (const auto& c : from.columns()) columns.push_back(gatherColumn(c, idx));
      };
      if (sIsLeft) {
        addSide(b, pairS);
        addSide(*d.batch, pairO);
      } else {
        addSide(*d.batch, pairO);
        addSide(b, pairS);
      }
      auto n = static_cast<int64_t>(pairS.size());
      BatchPtr pairs = std::make_shared<Batch>(pairSchema_, std::move(columns), n);
      std::shared_ptr<const SelectionVector> kept;
      if (postFilter_) kept = evaluateFilter(*postFilter_, *pairs, exec_->eval);
      auto onMatch = [&](uint32_t k) {
        in.matched[pairS[k]] = 1;
        d.matchedNow[pairO[k]] = 1;
      };
      if (kept) {
        for (uint32_t k : *kept) onMatch(k);
      } else {
        for (uint32_t k = 0; k < pairS.size(); ++k) onMatch(k);
      }
      if (!semi_ && (!kept || !kept->empty())) {
        BatchPtr matched = kept ? pairs->withSelection(kept)->materialize() : pairs;
        result.out.push_back(matched->withSchema(outSchema_));
      }
      pairS.clear();
      pairO.clear();
    };
    for (uint32_t r : rows) {
      if (in.status[r] != RowStatus::kJoin) continue;
      auto [first, count] = ranges.at(in.keys[r]);
      for (uint32_t j = first; j < first + count; ++j) {
        pairS.push_back(r);
        pairO.push_back(j);
        if (static_cast<int64_t>(pairS.size()) >= vectorSize) flush();
      }
    }
    flush();

    // Record first matches of the other side's rows; left semi emits those left rows now.
    std::vector<uint32_t> firstMatches;
    for (size_t j = 0; j < d.keys.size(); ++j)
      if (d.matchedNow[j] && !d.matchedBefore[j]) {
        oState.setMatched(*d.keys[j], d.index[j]);
        firstMatches.push_back(static_cast<uint32_t>(j));
      }
    if (semi_ && !sIsLeft && !firstMatches.empty())
      result.out.push_back(outputBatch(
          o, [&](size_t c) { return gatherColumn(d.batch->column(c), firstMatches); },
          firstMatches.size()));

    // Store the new rows (Spark's AddingProcessedRowToStateCompletionIterator).
    std::vector<uint32_t> semiOut;
    std::string encoded;
    for (uint32_t r : rows) {
      bool matched = in.matched[r] != 0;
      if (semi_ && sIsLeft && matched) {
        semiOut.push_back(r);
        continue;
      }
      if (evictable(s, in.keyTimes[r], in.valueTimes[r])) continue;
      encodeRow(b, r, encoded);
      sState.append(in.keys[r], in.keyTimes[r], in.valueTimes[r], matched, encoded);
      ++result.updated;
    }
    if (!semiOut.empty()) result.out.push_back(withNulls(s, b, semiOut));
  }

  // Drops the state rows of side `s` the watermark has passed; an unmatched row of a preserved
  // side is emitted with NULLs.
  void evict(const Side& s, JoinSideState& st, PartitionResult& result) {
    if (!s.hasEviction()) return;
    std::vector<ColumnBuilder> builders;
    for (const auto& t : s.types) builders.emplace_back(t);
    int64_t pending = 0;
    auto flush = [&] {
      if (pending == 0) return;
      std::vector<ColumnPtr> columns;
      for (auto& builder : builders) columns.push_back(builder.finish());
      builders.clear();
      for (const auto& t : s.types) builders.emplace_back(t);
      result.out.push_back(outputBatch(
          s, [&](size_t c) { return columns[c]; }, static_cast<size_t>(pending)));
      pending = 0;
    };
    auto removed = [&](const JoinStateRow& row) {
      if (!s.preserved || row.matched) return;
      size_t pos = 0;
      for (auto& builder : builders) agg::decodeValue(row.columns, pos, builder);
      if (++pending >= defaultVectorSize()) flush();
    };
    if (s.eviction.keyColumnIndex)
      result.removed += st.removeByKeyTime(keyEvictionLimit(), removed);
    else
      result.removed += st.removeByRowTime(
          s.eviction.valueBound->evictionThresholdMicros(batch_->evictionWatermarkMs), removed);
    flush();
  }

  const LogicalPlan& node_;
  PartitionedState state_;
  Side sides_[2];
  bool semi_ = false;
  ExprPtr postFilter_;
  SchemaPtr pairSchema_;
  SchemaPtr outSchema_;
  StateOperatorMetrics metrics_;
  // Valid during process().
  const BatchContext* batch_ = nullptr;
  const ExecContext* exec_ = nullptr;
};

}  // namespace

std::unique_ptr<StatefulOperator> makeStreamingJoin(const LogicalPlan& node, int64_t operatorId,
                                                    const StateConfig& config) {
  return std::make_unique<StreamingSymmetricHashJoin>(node, operatorId, config);
}

}  // namespace spate
