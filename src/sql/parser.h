#pragma once

#include <string_view>
#include <vector>

#include "sql/ast.h"

namespace spate {

/// Parses a script of `;`-separated statements. Throws ParseException in Spark's format:
///   [PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 1, pos 7)
///
///   == SQL ==
///   SELECT FROM t
///   -------^^^
std::vector<StatementPtr> parseStatements(std::string_view sql);
/// Parses exactly one statement.
StatementPtr parseStatement(std::string_view sql);
/// Parses one expression (expr(), selectExpr, filter strings). An alias is allowed: "a + 1 AS b".
ParsedExprPtr parseExpression(std::string_view text);
/// Parses a multi-part identifier: "a.b", "`a.b`.c".
std::vector<std::string> parseIdentifierParts(std::string_view text);

}  // namespace spate
