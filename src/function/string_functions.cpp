// Placeholder: the string function family is being written.
#include "function/registry.h"

namespace spate {

void registerStringFunctions(FunctionRegistry& registry) {}

}  // namespace spate
