#pragma once

// Helpers for function binders: arity checks, Spark's implicit casts for function arguments and
// constant arguments read at bind time (message texts come from analysis_errors.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expression/expr.h"
#include "function/analysis_errors.h"

namespace spate {

/// Checks min <= args.size() <= max (max < 0: no upper bound) with Spark's rendering.
void checkArity(std::string_view name, const std::vector<ExprPtr>& args, size_t min, int max);

/// Throws [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] for parameter `index` (0-based) of a call.
[[noreturn]] void throwUnexpectedInputType(std::string_view name, const std::vector<ExprPtr>& args,
                                           size_t index, std::string_view requiredType);
/// Throws [DATATYPE_MISMATCH.<subClass>] with `detail` after "due to data type mismatch: ".
[[noreturn]] void throwDataTypeMismatch(std::string_view name, const std::vector<ExprPtr>& args,
                                        std::string_view subClass, std::string_view detail);

/// `arg` with type `to`: itself when the type matches, a typed NULL literal for NULL literals,
/// else a cast.
ExprPtr castTo(const ExprPtr& arg, const TypePtr& to);

/// Spark's implicit casts to a string parameter (any atomic type; binary too). Returns nullopt
/// when Spark would reject the argument type.
std::optional<ExprPtr> implicitToString(const ExprPtr& arg);
/// Implicit cast to an integral/floating parameter type (numbers and strings).
std::optional<ExprPtr> implicitToNumeric(const ExprPtr& arg, const TypePtr& to);

/// String parameter `index` of call `name`: casts or throws UNEXPECTED_INPUT_TYPE ("STRING").
ExprPtr stringArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index);
/// Parameter accepting STRING or BINARY unchanged (other atomic types are cast to STRING).
ExprPtr stringOrBinaryArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index);
/// INT/BIGINT parameter: numbers and strings are cast; others throw UNEXPECTED_INPUT_TYPE.
ExprPtr intArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index);
ExprPtr longArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index);
/// BINARY parameter: binary, strings (same bytes) and NULL are accepted.
ExprPtr binaryArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index);

/// The value of a constant argument (literal or foldable expression), else nullopt.
std::optional<Value> constantValue(const Expr& arg);

bool isStringType(const DataType& type);
bool isAtomicType(const DataType& type);
/// Any NULL-able argument makes the call nullable.
bool anyNullable(const std::vector<ExprPtr>& args);

/// Spark's literal rendering of a value for messages (`'a'`, `1`, `NULL`).
std::string sqlValue(const Value& value, const DataType& type);

}  // namespace spate
