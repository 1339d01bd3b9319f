// Placeholder: the hash function family is being written.
#include "function/registry.h"

namespace spate {

void registerHashFunctions(FunctionRegistry& registry) {}

}  // namespace spate
