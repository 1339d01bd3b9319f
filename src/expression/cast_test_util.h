#pragma once

// Helpers shared by the cast tests.

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "common/strings.h"
#include "expression/cast.h"

namespace spate {

/// Lets GoogleTest print Values in failure messages.
inline void PrintTo(const Value& value, std::ostream* os) {
  if (value.isNull()) {
    *os << "NULL";
    return;
  }
  std::visit(
      [os](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int64_t> ||
                      std::is_same_v<T, std::string>)
          *os << v;
        else if constexpr (std::is_same_v<T, double>)
          *os << formatDouble(v);
        else if constexpr (std::is_same_v<T, Int128>)
          *os << formatDecimal(v, 0) << "BD";
        else if constexpr (std::is_same_v<T, Interval>)
          *os << formatInterval(v);
        else if constexpr (std::is_same_v<T, std::shared_ptr<const ValueList>>) {
          *os << "[";
          for (size_t i = 0; i < v->size(); ++i) {
            if (i) *os << ", ";
            PrintTo((*v)[i], os);
          }
          *os << "]";
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const ValueMap>>) {
          *os << "{";
          for (size_t i = 0; i < v->size(); ++i) {
            if (i) *os << ", ";
            PrintTo((*v)[i].first, os);
            *os << " -> ";
            PrintTo((*v)[i].second, os);
          }
          *os << "}";
        }
      },
      value.storage());
}

}  // namespace spate

namespace spate::cast_test {

inline EvalContext contextIn(const std::string& zone) {
  EvalContext context;
  context.timeZone = TimeZone::of(zone);
  return context;
}

/// Casts `values` of type `from` to `to` and returns the resulting values.
inline std::vector<Value> castValues(const TypePtr& from, const std::vector<Value>& values,
                                     const TypePtr& to, const std::string& zone = "UTC") {
  ColumnPtr input = makeColumn(from, values);
  ColumnPtr out = castColumn(input, to, contextIn(zone));
  EXPECT_TRUE(out->type()->equals(*to));
  EXPECT_EQ(out->size(), input->size());
  std::vector<Value> result;
  for (int64_t i = 0; i < out->size(); ++i) result.push_back(out->valueAt(i));
  return result;
}

inline Value castOne(const TypePtr& from, const Value& value, const TypePtr& to,
                     const std::string& zone = "UTC") {
  return castValues(from, {value}, to, zone)[0];
}

/// Renders a cast result as Spark would print it after casting to string (for readable asserts).
inline std::string castToText(const TypePtr& from, const Value& value,
                              const std::string& zone = "UTC") {
  Value v = castOne(from, value, DataType::string(), zone);
  return v.isNull() ? "<NULL>" : v.asString();
}

/// UTC microseconds of a civil time.
inline int64_t utcMicros(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  return int64_t{daysFromCivil(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour +
         mi * kMicrosPerMinute + s * kMicrosPerSecond + us;
}

inline Value day(int y, int mo, int d) { return Value(int64_t{daysFromCivil(y, mo, d)}); }
inline Value i64(int64_t v) { return Value(v); }
inline Value dec(Int128 v) { return Value(v); }

}  // namespace spate::cast_test
