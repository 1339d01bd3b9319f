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
/// double, as Spark's non-ANSI PromoteStrings), or nullopt. NULL with NULL is DOUBLE. For two
/// decimals this is their wider decimal; the arithmetic binders keep decimal operands as they are
/// and derive the result type with DecimalPrecision's rules (decimal_arithmetic.h).
std::optional<TypePtr> arithmeticOperandType(const TypePtr& a, const TypePtr& b);
/// The type both sides of a comparison are cast to, or nullopt. Spark 3.5 (non-ANSI,
/// findCommonTypeForBinaryComparison, then DecimalPrecision, then findTightestCommonType):
///   string vs date → DATE; string vs timestamp → TIMESTAMP; date vs timestamp → TIMESTAMP;
///   string vs NULL → STRING; string vs decimal → DOUBLE;
///   string vs any other atomic type (numbers, boolean, binary) → that type, i.e. the string is
///   cast to the other side's type: '1.5' = 1 casts '1.5' to INT (1) and is true;
///   decimal vs decimal → wider decimal; integral vs decimal → wider of decimal(10,0)… and it;
///   float/double vs decimal → DOUBLE; otherwise the tightest common type (numeric precedence,
///   element-wise for arrays/structs). Boolean vs number (allowed by `=` and `<=>` only) is left
///   to the equality binders.
std::optional<TypePtr> comparisonOperandType(const TypePtr& a, const TypePtr& b);

/// Spark's findTightestCommonType: no precision loss, no string promotion (numeric precedence,
/// integral into a wide-enough decimal, date → timestamp, NULL → anything, nested element-wise).
std::optional<TypePtr> findTightestCommonType(const TypePtr& a, const TypePtr& b);
/// findWiderTypeWithoutStringPromotion (greatest/least): as findWiderType but never → string.
std::optional<TypePtr> findWiderTypeWithoutStringPromotion(const std::vector<TypePtr>& types);

/// `expr` converted to `type`: itself when the type already matches, a typed NULL literal for an
/// untyped NULL (as Spark's PromoteStrings does), otherwise a cast (makeCast).
ExprPtr coerceTo(const ExprPtr& expr, const TypePtr& type);

// ---- Decimal type rules (DecimalType / DecimalPrecision) -------------------------------------

constexpr int kMaxDecimalPrecision = 38;
/// spark.sql.decimalOperations.allowPrecisionLoss keeps at least this many fraction digits.
constexpr int kMinimumAdjustedScale = 6;

/// DecimalType.forType: byte → (3,0), short → (5,0), int → (10,0), long → (20,0), float → (14,7),
/// double → (30,15); a decimal is returned as is; nullptr for other types.
TypePtr decimalForType(const DataType& type);
/// DecimalType.bounded: precision and scale capped at 38.
TypePtr boundedDecimal(int precision, int scale);
/// DecimalPrecision.widerDecimalType: enough integer and fraction digits for both (bounded).
TypePtr widerDecimalType(const DataType& a, const DataType& b);
/// DecimalType.adjustPrecisionScale (allowPrecisionLoss = true): a precision over 38 gives up
/// fraction digits, keeping at least min(scale, 6) of them.
TypePtr adjustPrecisionScale(int precision, int scale);
/// DecimalType.fromLiteral for an integral literal: just enough digits for the value (5 → (1,0)).
TypePtr decimalForIntegralLiteral(int64_t value);
/// True if every value of `narrow` (integral or decimal) fits in decimal type `wide`.
bool decimalIsWiderThan(const DataType& wide, const DataType& narrow);

}  // namespace spate
