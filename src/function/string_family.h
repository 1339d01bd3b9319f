#pragma once

// Internal wiring of the string, regex and collection families (not a public API): the families'
// sub-registrations and the array kernels that string functions dispatch to for array arguments.

#include <span>

#include "function/registry.h"

namespace spate {

void registerStringEditFunctions(FunctionRegistry& registry);
void registerStringEncodingFunctions(FunctionRegistry& registry);
void registerFormatFunctions(FunctionRegistry& registry);
void registerLikeFunctions(FunctionRegistry& registry);
void registerArrayFunctions(FunctionRegistry& registry);
void registerArrayShapeFunctions(FunctionRegistry& registry);

/// concat(array, array, …): NULL if any argument is NULL.
ExprPtr bindArrayConcat(std::vector<ExprPtr> args);
/// reverse(array).
ExprPtr bindArrayReverse(ExprPtr arg);

/// Spark's substringSQL: `len` characters (bytes for binary) from 1-based `pos` (0 acts as 1,
/// negative counts from the end), clamped to the string.
std::string_view substringSql(std::string_view s, bool binary, int64_t pos, int64_t len);

/// Throws when a generated string would not fit a column (2 GiB per column), as Spark fails on
/// results above its array limit.
void checkResultSize(size_t bytes, std::string_view function);

}  // namespace spate
