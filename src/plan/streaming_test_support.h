// Test support for streaming plans: SQL over a small catalog whose tables are streams under
// STREAM(name) and batch relations otherwise.
#pragma once

#include <functional>
#include <string>

#include "common/error.h"
#include "plan/logical_plan.h"
#include "plan/query_planner.h"
#include "sql/parser.h"

namespace spate::testing_streams {

/// events(key INT, value BIGINT, ts TIMESTAMP, ts2 TIMESTAMP), dim(key INT, name STRING),
/// l(lkey INT, lt TIMESTAMP, lvalue INT), r(rkey INT, rt TIMESTAMP, rvalue INT). Each reference
/// reads the table anew (fresh column ids), as two reads of a source do.
inline PlanPtr resolveTestTable(const std::vector<std::string>& name, bool stream) {
  auto attr = [](const char* n, TypePtr t) {
    return Attribute{newAttributeId(), n, std::move(t), true, ""};
  };
  AttributeList attrs;
  const std::string& table = name.back();
  if (table == "events") {
    attrs = {attr("key", DataType::integer()), attr("value", DataType::longType()),
             attr("ts", DataType::timestamp()), attr("ts2", DataType::timestamp())};
  } else if (table == "dim") {
    attrs = {attr("key", DataType::integer()), attr("name", DataType::string())};
  } else if (table == "l") {
    attrs = {attr("lkey", DataType::integer()), attr("lt", DataType::timestamp()),
             attr("lvalue", DataType::integer())};
  } else if (table == "r") {
    attrs = {attr("rkey", DataType::integer()), attr("rt", DataType::timestamp()),
             attr("rvalue", DataType::integer())};
  } else {
    throw AnalysisException("[TABLE_OR_VIEW_NOT_FOUND] " + table);
  }
  return makeScan(table, std::move(attrs), nullptr, stream);
}

/// The analysed plan of an SQL query over the test tables.
inline PlanPtr planSql(const std::string& sql) {
  StatementPtr st = parseStatement(sql);
  return planQuery(*st->query, resolveTestTable, BindContext{});
}

/// The first node of `kind` in pre-order (nearest the root), or nullptr.
inline const LogicalPlan* findNode(const LogicalPlan& plan, PlanKind kind) {
  if (plan.kind == kind) return &plan;
  for (const auto& c : plan.children)
    if (const LogicalPlan* found = findNode(*c, kind)) return found;
  return nullptr;
}

/// The message of the SpateError `fn` throws, or "" when it throws nothing.
inline std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const SpateError& e) {
    return e.what();
  }
  return "";
}

}  // namespace spate::testing_streams
