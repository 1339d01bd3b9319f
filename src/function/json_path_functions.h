#pragma once

#include "function/registry.h"

namespace spate {

/// get_json_object, json_tuple, json_array_length and json_object_keys (json_path_functions.cpp),
/// registered by registerJsonFunctions.
void registerJsonPathFunctions(FunctionRegistry& registry);

}  // namespace spate
