// The datetime function family (Spark 3.5 names and non-ANSI semantics), registered from its
// files: datetime_fields.cpp, datetime_conversion.cpp, date_functions.cpp.
#include "function/datetime_internal.h"

namespace spate {

void registerDatetimeFunctions(FunctionRegistry& registry) {
  registerDatetimeFieldFunctions(registry);
  registerDatetimeConversionFunctions(registry);
  registerDatetimeArithmeticFunctions(registry);
}

}  // namespace spate
