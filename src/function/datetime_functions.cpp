// Placeholder: the datetime function family is being written.
#include "function/registry.h"

namespace spate {

void registerDatetimeFunctions(FunctionRegistry& registry) {}

}  // namespace spate
