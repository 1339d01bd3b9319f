#pragma once

#include "expression/expr.h"

namespace spate {

/// Spark's CAST (non-ANSI: invalid input gives NULL, never an error), from any type to any type
/// Spark allows: numbers ↔ numbers (wrapping like Java for integral narrowing, truncation toward
/// zero from floating point), strings ↔ everything (Spark's string forms), numbers ↔ timestamps
/// (seconds), dates ↔ timestamps (session time zone), booleans, decimals, arrays/maps/structs
/// element-wise, anything → string as Spark renders it.
ColumnPtr castColumn(const ColumnPtr& input, const TypePtr& to, const EvalContext& context);

/// True if Spark allows CAST(from AS to).
bool canCast(const DataType& from, const DataType& to);

/// A bound cast expression; returns `input` itself when the types are already equal.
/// Throws AnalysisException with Spark's DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION text when the
/// cast is not allowed.
ExprPtr makeCast(ExprPtr input, TypePtr to);

}  // namespace spate
