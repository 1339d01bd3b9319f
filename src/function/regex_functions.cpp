// Placeholder: the regex function family is being written.
#include "function/registry.h"

namespace spate {

void registerRegexFunctions(FunctionRegistry& registry) {}

}  // namespace spate
