#pragma once

#include <optional>
#include <vector>

#include "expression/expr.h"

namespace spate {

/// Spark's implicit type widening (non-ANSI, TypeCoercion.findWiderTypeForTwo): numeric
/// promotion (byte < short < int < long < decimal < float < double), decimals widened to fit both,
/// date → timestamp, NULL → anything, string with a non-string atomic type → string (for CASE,
/// COALESCE, UNION, IN), arrays/maps/structs element-wise. nullopt when there is none.
std::optional<TypePtr> findWiderType(const TypePtr& a, const TypePtr& b);
std::optional<TypePtr> findWiderType(const std::vector<TypePtr>& types);

/// The type both sides of a binary arithmetic operator are cast to (string operands become
/// double, as Spark's non-ANSI PromoteStrings), or nullopt.
std::optional<TypePtr> arithmeticOperandType(const TypePtr& a, const TypePtr& b);
/// The type both sides of a comparison are cast to (string vs number → the number's type… as
/// Spark 3.5's PromoteStrings; string vs timestamp → timestamp; date vs timestamp → timestamp).
std::optional<TypePtr> comparisonOperandType(const TypePtr& a, const TypePtr& b);

}  // namespace spate
