#pragma once

// Date/time arithmetic behind the `+`, `-`, `*`, `/` and unary `-` operators (Spark's
// ResolveBinaryArithmetic rewrites to DateAdd, DateSub, TimeAdd, DateAddInterval,
// SubtractTimestamps, SubtractDates, MultiplyInterval, DivideInterval).

#include <optional>
#include <string_view>
#include <vector>

#include "expression/expr.h"
#include "function/registry.h"

namespace spate {

/// Binds `name` ("add", "subtract", "multiply", "divide") when an operand is a date, timestamp or
/// interval; nullopt when the operands are plain numbers (or strings) and the numeric rules apply.
std::optional<ExprPtr> bindDatetimeArithmetic(std::string_view name,
                                              const std::vector<ExprPtr>& args,
                                              const BindContext& context);

/// Spark's timestampAddInterval: months and days are added to the local date-time in `zone`
/// (month ends clamp), then the microseconds to the instant.
int64_t timestampAddInterval(int64_t micros, const Interval& interval, const TimeZone& zone);
/// Spark's DateAddInterval (non-ANSI): months then days on the civil date; an interval with a time
/// part goes through the timestamp at midnight in `zone` and back to its date.
int32_t dateAddInterval(int32_t days, const Interval& interval, const TimeZone& zone);
/// -interval (components wrap like Java ints/longs).
Interval negateInterval(const Interval& interval);

}  // namespace spate
