#pragma once

// Helpers for the datetime function tests: bind a call through the registry over literal or column
// arguments and evaluate it.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/strings.h"
#include "function/registry.h"

namespace spate::datetime_test {

struct Arg {
  TypePtr type;
  Value value;
  bool literal = false;
};

inline Arg col(TypePtr type, Value value) { return {std::move(type), std::move(value), false}; }
inline Arg lit(TypePtr type, Value value) { return {std::move(type), std::move(value), true}; }
inline Arg date(const std::string& text) {
  return col(DataType::date(), Value(int64_t{*parseDate(text)}));
}
inline Arg ts(const std::string& text) {
  return col(DataType::timestamp(), Value(*parseTimestamp(text, *TimeZone::utc())));
}
inline Arg str(const std::string& text) { return col(DataType::string(), Value(text)); }
inline Arg strLit(const std::string& text) { return lit(DataType::string(), Value(text)); }
inline Arg i32(int v) { return col(DataType::integer(), Value(v)); }
inline Arg i64(int64_t v) { return col(DataType::longType(), Value(v)); }
inline Arg f64(double v) { return col(DataType::doubleType(), Value(v)); }
inline Arg nullOf(TypePtr type) { return col(std::move(type), Value::null()); }

inline EvalContext contextIn(const std::string& zone, int64_t now = 0) {
  EvalContext c;
  c.timeZone = TimeZone::of(zone);
  c.currentTimestampMicros = now;
  return c;
}

inline ExprPtr bind(const std::string& name, const std::vector<Arg>& args) {
  std::vector<ExprPtr> exprs;
  int column = 0;
  for (const Arg& a : args)
    exprs.push_back(a.literal ? makeLiteral(a.value, a.type) : makeColumnRef(column++, a.type));
  const FunctionEntry* entry = FunctionRegistry::instance().find(name);
  if (!entry || !entry->scalar) throw std::runtime_error("no scalar function " + name);
  return entry->scalar(exprs, BindContext{});
}

/// Evaluates name(args) on one row and returns the value.
inline Value call(const std::string& name, const std::vector<Arg>& args,
                  const std::string& zone = "UTC", int64_t now = 0) {
  ExprPtr e = bind(name, args);
  std::vector<StructField> fields;
  std::vector<Value> row;
  for (const Arg& a : args) {
    if (a.literal) continue;
    fields.push_back({"c" + std::to_string(fields.size()), a.type});
    row.push_back(a.value);
  }
  auto batch = makeBatch(DataType::structType(fields), {row});
  ColumnPtr out = evaluate(*e, *batch, contextIn(zone, now));
  EXPECT_EQ(out->size(), 1);
  EXPECT_TRUE(out->type()->equals(*e->type));
  return out->valueAt(0);
}

/// The result rendered as CAST(... AS STRING) in `zone` ("<NULL>" for NULL).
inline std::string text(const std::string& name, const std::vector<Arg>& args,
                        const std::string& zone = "UTC", int64_t now = 0) {
  ExprPtr e = bind(name, args);
  Value v = call(name, args, zone, now);
  if (v.isNull()) return "<NULL>";
  return formatValue(v, *e->type, *TimeZone::of(zone), false);
}

/// The message of the exception binding name(args) throws.
inline std::string bindError(const std::string& name, const std::vector<Arg>& args) {
  try {
    bind(name, args);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "<no error>";
}

inline int64_t utcMicros(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  return int64_t{daysFromCivil(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour +
         mi * kMicrosPerMinute + s * kMicrosPerSecond + us;
}

}  // namespace spate::datetime_test
