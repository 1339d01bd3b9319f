// Placeholder: the math function family is being written.
#include "function/registry.h"

namespace spate {

void registerMathFunctions(FunctionRegistry& registry) {}

}  // namespace spate
