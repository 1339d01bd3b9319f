#pragma once

// Binding helpers for the datetime family: argument counts, Spark's implicit input casts
// (ImplicitTypeCasts, non-ANSI) and the analysis errors they raise.

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "function/registry.h"

namespace spate::datetime {

/// Spark's SQL text of a bound expression for messages (columns appear as _c<index>).
std::string exprSql(const Expr& e);
/// "name(arg1, arg2)".
std::string callSql(const std::string& name, const std::vector<ExprPtr>& args);

/// Registers a scalar whose binder needs only the arguments.
inline void addBinder(FunctionRegistry& registry, const std::string& name,
                      std::function<ExprPtr(std::vector<ExprPtr>)> bind, const std::string& usage) {
  registry.addScalar(name, std::move(bind), usage);
}

/// Throws WRONG_NUM_ARGS unless the argument count is one of `allowed`.
void checkArgCount(const std::string& name, const std::vector<ExprPtr>& args,
                   std::initializer_list<int> allowed);

/// The type Spark implicitly casts `from` to when `expected` is required, or nullopt.
std::optional<TypePtr> implicitCastTarget(const DataType& from, const TypePtr& expected);

/// Casts args[index] to one of `accepted` (kept as is if it already has one of them, otherwise
/// cast to the first it can be implicitly cast to); throws DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE.
void coerceArg(const std::string& name, std::vector<ExprPtr>& args, size_t index,
               std::initializer_list<TypePtr> accepted);

/// As coerceArg for "any numeric type" (strings become DOUBLE).
void coerceNumericArg(const std::string& name, std::vector<ExprPtr>& args, size_t index);
/// As coerceArg for "any integral type" (strings become BIGINT).
void coerceIntegralArg(const std::string& name, std::vector<ExprPtr>& args, size_t index);

/// A time zone named by a function argument (DateTimeUtils.getZoneId): region ids, offsets, and
/// java.time's legacy three-letter ids (ZoneId.SHORT_IDS: "PST", "CST", "EST", …); nullptr when
/// unknown.
TimeZonePtr zoneFromFunctionArgument(std::string_view id);

/// The value of a constant string argument (nullopt when it is not constant; a NULL constant
/// gives an empty optional inside: check `isNull`).
struct ConstantString {
  bool isNull = false;
  std::string value;
};
std::optional<ConstantString> constantString(const ExprPtr& arg);

}  // namespace spate::datetime
