// Placeholder: the predicate function family is being written.
#include "function/registry.h"

namespace spate {

void registerPredicateFunctions(FunctionRegistry& registry) {}

}  // namespace spate
