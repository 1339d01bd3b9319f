#include "execution/session_window_aggregation.h"

#include <algorithm>

#include "execution/aggregate_states.h"
#include "execution/executor.h"
#include "execution/hash_aggregation.h"
#include "plan/session_window.h"

namespace spate {

SessionGroups groupSessions(const std::vector<ColumnPtr>& keyColumns, int sessionIndex) {
  SessionGroups out;
  std::vector<ColumnPtr> others;
  for (size_t k = 0; k < keyColumns.size(); ++k)
    if (static_cast<int>(k) != sessionIndex) others.push_back(keyColumns[k]);
  const Column& session = *keyColumns[sessionIndex];
  int64_t groups = session.size();
  out.sessions.resize(groups);
  std::string key;
  for (int64_t g = 0; g < groups; ++g) {
    if (session.isNull(g) || session.child(0)->isNull(g) || session.child(1)->isNull(g)) {
      out.nullSessionGroups.push_back(static_cast<uint32_t>(g));
      continue;
    }
    out.sessions[g] = {session.child(0)->valueAt<int64_t>(g),
                       session.child(1)->valueAt<int64_t>(g)};
    key.clear();
    for (const auto& c : others) agg::encodeValue(*c, g, /*normalize=*/true, key);
    auto [index, inserted] = out.keys.emplace(key);
    if (inserted) out.groupsOfKey.emplace_back();
    out.groupsOfKey[index].push_back(static_cast<uint32_t>(g));
  }
  for (auto& list : out.groupsOfKey)
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      const SessionSpan &x = out.sessions[a], &y = out.sessions[b];
      return x.start != y.start ? x.start < y.start : x.end < y.end;
    });
  return out;
}

std::vector<BatchPtr> executeSessionWindowAggregate(const LogicalPlan& plan,
                                                    std::vector<BatchPtr> input,
                                                    const ExecContext& context) {
  int sessionIndex = sessionWindowGroupIndex(plan);
  std::unique_ptr<HashAggregation> partial = preAggregate(plan, input, context);
  std::vector<ColumnPtr> keys = partial->finishKeys();
  SessionGroups groups = groupSessions(keys, sessionIndex);
  size_t numKeys = keys.size();

  RowBatchBuilder out(schemaOf(plan.output));
  AggregateStates states(plan.aggregates);
  auto appendKeys = [&](uint32_t group) {
    for (size_t k = 0; k < numKeys; ++k)
      if (static_cast<int>(k) != sessionIndex) out.builders()[k].appendFrom(*keys[k], group);
  };
  auto mergeGroup = [&](uint32_t group) {
    states.mergeFrom([&](size_t a) { return partial->aggregateState(group, a); });
  };
  std::vector<SessionSpan> spans;
  std::vector<MergedSession> merged;
  for (const auto& list : groups.groupsOfKey) {
    spans.clear();
    merged.clear();
    for (uint32_t g : list) spans.push_back(groups.sessions[g]);
    mergeSessions(spans, merged);
    for (const MergedSession& m : merged) {
      states.reset();
      for (size_t i = m.first; i < m.last; ++i) mergeGroup(list[i]);
      appendKeys(list[m.first]);
      ColumnBuilder& session = out.builders()[sessionIndex];
      session.child(0).appendLong(m.start);
      session.child(1).appendLong(m.end);
      session.endStruct();
      states.finalize(out.builders(), numKeys);
      out.endRow();
    }
  }
  for (uint32_t g : groups.nullSessionGroups) {
    states.reset();
    mergeGroup(g);
    appendKeys(g);
    out.builders()[sessionIndex].appendNull();
    states.finalize(out.builders(), numKeys);
    out.endRow();
  }
  return out.finish();
}

}  // namespace spate
