#pragma once

#include <string>
#include <vector>

#include "connector/file/file_formats.h"
#include "vector/json_options.h"

namespace spate {

/// readJson with its options already read (readJson = this with JsonOptions::fromMap of the
/// file options). Lines end at \n, \r\n or \r; blank lines give no row; a line holding a JSON
/// array gives one row per element. With `multiLine` each file is one JSON document.
FileReadResult readJsonFiles(const std::vector<std::string>& paths, const SchemaPtr& schema,
                             const JsonOptions& options, const TimeZone& zone);

}  // namespace spate
