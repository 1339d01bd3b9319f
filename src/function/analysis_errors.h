#pragma once

// Spark's analysis error texts for function binders, and the SQL rendering of bound expressions
// that those texts quote.

#include <string>
#include <string_view>
#include <vector>

#include "expression/expr.h"

namespace spate {

/// A bound expression as Spark's `toPrettySQL` renders it in messages: "(a + 1)", "abs(x)",
/// "(b IS NULL)", "(a IN (1, 2))". Column references print `Expr::functionName` (the analyzer
/// stores the column's name there) or "col<index>" when it is empty. Implicit casts are invisible,
/// as in Spark; string literals print unquoted and NULL upper case, also as in Spark.
std::string exprSql(const Expr& expr);

/// "\"INT\"", "\"ARRAY<STRING>\"": a type as Spark quotes it in messages (toSQLType).
std::string quotedType(const DataType& type);

/// [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `name` requires <expected> parameters but the actual
/// number is <actual>. `expected` is Spark's form: "1", "[1, 2]", "> 0".
[[noreturn]] void throwWrongNumArgs(std::string_view name, std::string_view expected,
                                    size_t actual);
/// Checks that min <= args <= max (max < 0: unbounded) and throws Spark's text otherwise.
void checkArgCount(std::string_view name, const std::vector<ExprPtr>& args, int min, int max);

/// [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "<call>" due to data type mismatch:
/// Parameter <index> requires the <required> type, however "<arg>" has the type "<TYPE>".
/// `required` is already quoted: "\"NUMERIC\"" or "(\"DOUBLE\" or \"DECIMAL\")".
[[noreturn]] void throwUnexpectedInputType(const std::string& callSql, int index,
                                           std::string_view required, const Expr& arg);

/// [DATATYPE_MISMATCH.<subClass>] Cannot resolve "<callSql>" due to data type mismatch: <detail>
[[noreturn]] void throwDataTypeMismatch(std::string_view subClass, const std::string& callSql,
                                        const std::string& detail);

/// Renders a call the way Spark prints it, for use in error messages before the call exists:
/// operators infix ("(a + b)"), functions as "name(a, b)".
std::string callSql(std::string_view name, const std::vector<ExprPtr>& args);

}  // namespace spate
