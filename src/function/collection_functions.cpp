// Placeholder: the collection function family is being written.
#include "function/registry.h"

namespace spate {

void registerCollectionFunctions(FunctionRegistry& registry) {}

}  // namespace spate
