#pragma once

#include <string>

#include "common/time.h"
#include "vector/batch.h"

namespace spate {

/// Spark 3.5's Dataset.showString: `numRows` rows, cells truncated to `truncate` characters
/// (0 = no truncation, cells left-aligned), or one record per block when `vertical`.
/// `rows` holds at most numRows + 1 rows so the "only showing top" footer can be decided.
std::string showString(const Batch& rows, int numRows, int truncate, bool vertical, const TimeZone& zone);

}  // namespace spate
