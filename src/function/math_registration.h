#pragma once

// The math family is registered from three files; registerMathFunctions calls the other two.

#include "function/registry.h"

namespace spate {

/// round, bround, floor, ceil/ceiling.
void registerRoundingFunctions(FunctionRegistry& registry);
/// bin, hex, conv, format_number.
void registerNumberFormatFunctions(FunctionRegistry& registry);

}  // namespace spate
