// Placeholder: the aggregate function family is being written.
#include "function/registry.h"

namespace spate {

void registerAggregateFunctions(FunctionRegistry& registry) {}

}  // namespace spate
