// Placeholder: the conditional function family is being written.
#include "function/registry.h"

namespace spate {

void registerConditionalFunctions(FunctionRegistry& registry) {}

}  // namespace spate
