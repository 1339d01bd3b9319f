// Placeholder: the arithmetic function family is being written.
#include "function/registry.h"

namespace spate {

void registerArithmeticFunctions(FunctionRegistry& registry) {}

}  // namespace spate
