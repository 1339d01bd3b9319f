#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "types/data_type.h"
#include "vector/batch.h"

namespace spate {

/// Options of a file read, keys matched case-insensitively as Spark does.
class FileOptions {
 public:
  FileOptions() = default;
  explicit FileOptions(std::map<std::string, std::string> options);
  std::optional<std::string> get(std::string_view key) const;
  std::string getOr(std::string_view key, std::string fallback) const;
  bool getBool(std::string_view key, bool fallback) const;
  const std::map<std::string, std::string>& all() const { return options_; }

 private:
  std::map<std::string, std::string> options_;  // lower-case keys
};

/// What a file read returns: the schema (given or inferred) and the rows in batches of at most
/// defaultVectorSize() rows, files in path order.
struct FileReadResult {
  SchemaPtr schema;
  std::vector<BatchPtr> batches;
  int64_t malformedRecords = 0;
};

/// Expands a path (file, directory, or glob with * ? [..] {a,b}) into data files in name order,
/// skipping hidden files ("_…", ".…", "….crc") found by listing or globbing. Directories are listed
/// one level deep unless `recursive` (the recursiveFileLookup option). A "file:" prefix is
/// accepted. Throws AnalysisException "[PATH_NOT_FOUND] Path does not exist: file:<path>." when
/// nothing matches.
std::vector<std::string> listDataFiles(const std::string& path, bool recursive = false);

/// The readers expand each of `paths` with listDataFiles (a data file lists as itself).
///
/// CSV (Spark's options: header, sep/delimiter, quote, escape, charToEscapeQuoteEscaping, comment,
/// nullValue, emptyValue, nanValue, positiveInf, negativeInf, inferSchema, samplingRatio,
/// preferDate, enforceSchema, mode, columnNameOfCorruptRecord, ignoreLeadingWhiteSpace,
/// ignoreTrailingWhiteSpace, multiLine, lineSep, encoding/charset, timestampFormat, dateFormat,
/// enableDateTimeParsingFallback, timeZone, unescapedQuoteHandling, recursiveFileLookup).
/// `schema` may be null: every column is a string unless inferSchema. The result's schema is
/// nullable throughout, as Spark's file sources make it. Throws ExecutionException for a FAILFAST
/// malformed record.
FileReadResult readCsv(const std::vector<std::string>& paths, const SchemaPtr& schema,
                       const FileOptions& options, const TimeZone& zone);
/// JSON lines (one object per line; multiLine for whole-file documents); schema inferred when null.
FileReadResult readJson(const std::vector<std::string>& paths, const SchemaPtr& schema,
                        const FileOptions& options, const TimeZone& zone);
/// Text: one row per line in a column `value` STRING (wholetext, lineSep options).
FileReadResult readText(const std::vector<std::string>& paths, const FileOptions& options);

}  // namespace spate
