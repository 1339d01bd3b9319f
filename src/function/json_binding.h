#pragma once

// Binding helpers shared by the JSON function files: Spark's analysis error texts and the reading
// of constant arguments (schemas, option maps, paths) at bind time.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expression/expr.h"

namespace spate::json_detail {

/// A bound expression as Spark prints it in messages: literals ('x' strings unquoted as Spark's
/// toPrettySQL does), calls as name(args), column references by the name the analyzer stored in
/// functionName (or "col<index>").
std::string exprSql(const Expr& expr);
std::string callSql(std::string_view name, const std::vector<ExprPtr>& args);
/// "\"INT\"": a type as Spark quotes it in messages.
std::string quotedType(const DataType& type);

/// [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `name` requires <expected> parameters but the actual
/// number is <actual>.
void checkArgCount(std::string_view name, const std::vector<ExprPtr>& args, size_t min, size_t max,
                   std::string_view expected);
/// [DATATYPE_MISMATCH.<subClass>] Cannot resolve "<call>" due to data type mismatch: <detail>
[[noreturn]] void throwDataTypeMismatch(std::string_view subClass, std::string_view name,
                                        const std::vector<ExprPtr>& args,
                                        const std::string& detail);
/// Requires argument `index` (0-based) to be STRING (or NULL); Spark's UNEXPECTED_INPUT_TYPE text.
void requireString(std::string_view name, const std::vector<ExprPtr>& args, size_t index);

/// The value of a constant argument, or nullopt when it reads columns.
std::optional<Value> constantValue(const Expr& arg);
/// Spark's options argument: a constant map<string,string> built with map(); errors
/// INVALID_OPTIONS.NON_MAP_FUNCTION / NON_STRING_TYPE otherwise.
std::map<std::string, std::string> readOptions(const ExprPtr& arg);

}  // namespace spate::json_detail
