// Placeholder: the generator function family is being written.
#include "function/registry.h"

namespace spate {

void registerGeneratorFunctions(FunctionRegistry& registry) {}

}  // namespace spate
