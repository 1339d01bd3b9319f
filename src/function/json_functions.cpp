// Placeholder: the json function family is being written.
#include "function/registry.h"

namespace spate {

void registerJsonFunctions(FunctionRegistry& registry) {}

}  // namespace spate
