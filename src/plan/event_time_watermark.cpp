#include "plan/event_time_watermark.h"

#include "common/error.h"
#include "common/strings.h"
#include "sql/analyzer.h"
#include "sql/parser.h"

namespace spate {

namespace {

// IntervalUtils.fromIntervalString: an SQL interval literal when the text starts with "interval",
// Spark's interval string syntax otherwise (and as a fallback).
std::optional<Interval> parseDelay(const std::string& text) {
  if (toLower(trimWhitespace(text)).starts_with("interval")) {
    try {
      ParsedExprPtr parsed = parseExpression(text);
      Analyzer analyzer({}, BindContext{});
      BoundExpr bound = analyzer.bind(*parsed);
      const Expr& e = *bound.expr;
      if (e.kind == ExprKind::kLiteral && e.type->id() == TypeId::kInterval && !e.literal.isNull())
        return e.literal.asInterval();
    } catch (const SpateError&) {
    }
  }
  return parseInterval(text);
}

std::string quoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// Spark accepts a timestamp or a window-like struct whose `end` field is a timestamp.
bool isEventTimeType(const DataType& type) {
  if (type.id() == TypeId::kTimestamp) return true;
  if (type.id() != TypeId::kStruct) return false;
  for (const auto& f : type.fields())
    if (f.name == "end") return f.type->id() == TypeId::kTimestamp;
  return false;
}

}  // namespace

int64_t watermarkDelayMs(const std::string& delayThreshold) {
  std::optional<Interval> delay = parseDelay(delayThreshold);
  if (!delay)
    throw AnalysisException(
        "[CANNOT_PARSE_INTERVAL] Unable to parse " + quoteString(delayThreshold) +
            ". Please ensure that the value provided is in a valid format for defining an "
            "interval. You can reference the documentation for the correct format. If the issue "
            "persists, please double check that the input value is not null or empty and try "
            "again.",
        "CANNOT_PARSE_INTERVAL");
  // IntervalUtils.getDuration with 31-day months, exact arithmetic as Math.*Exact.
  int64_t months, days, micros;
  if (__builtin_mul_overflow(int64_t{delay->months}, 31 * kMicrosPerDay, &months) ||
      __builtin_mul_overflow(int64_t{delay->days}, kMicrosPerDay, &days) ||
      __builtin_add_overflow(days, months, &days) ||
      __builtin_add_overflow(delay->micros, days, &micros))
    throw SpateError("long overflow");
  if (micros < 0)
    throw IllegalArgumentException("requirement failed: delay threshold (" + delayThreshold +
                                   ") should not be negative.");
  return micros / 1000;
}

PlanPtr planWatermark(PlanPtr child, const ParsedExpr& eventTime, const std::string& delayThreshold,
                      const BindContext& context) {
  int64_t delayMs = watermarkDelayMs(delayThreshold);
  if (!isStreamingPlan(*child)) return child;
  Analyzer analyzer(child->output, context);
  BoundExpr bound = analyzer.bind(eventTime);
  if (bound.expr->kind != ExprKind::kColumnRef)
    throw AnalysisException(
        "The event time column of withWatermark must be a top-level column, not " + bound.sql +
        ".");
  int column = bound.expr->columnIndex;
  const Attribute& attribute = child->output[column];
  if (!isEventTimeType(*attribute.type))
    throw AnalysisException("Event time must be defined on a window or a timestamp, but " +
                            attribute.name + " is of type " + attribute.type->simpleString() + ".");
  return makeWatermark(std::move(child), column, delayMs);
}

}  // namespace spate
