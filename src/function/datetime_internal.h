#pragma once

// The datetime family registers from several files; registerDatetimeFunctions calls these.

#include "function/registry.h"

namespace spate {

/// year … weekofyear, hour/minute/second, extract, date_part.
void registerDatetimeFieldFunctions(FunctionRegistry& registry);
/// Formatting, parsing and numeric conversions: from_unixtime, unix_timestamp, to_timestamp,
/// to_date, date_format, timestamp_seconds …, current_timestamp ….
void registerDatetimeConversionFunctions(FunctionRegistry& registry);
/// Date and timestamp arithmetic: date_add … make_timestamp, trunc, date_trunc, time zone shifts.
void registerDatetimeArithmeticFunctions(FunctionRegistry& registry);

}  // namespace spate
