#pragma once

// Spark's CSV writing: UnivocityGenerator's value conversions and univocity's CsvWriter quoting
// rules as CSVOptions configures them for writing.

#include <memory>
#include <string>

#include "common/datetime_format.h"
#include "common/time.h"
#include "connector/file/file_formats.h"
#include "vector/batch.h"

namespace spate {

/// The CSV options that apply when writing, with Spark's write defaults (whitespace trimmed,
/// empty strings written as "", nulls as nothing, header off).
struct CsvWriteOptions {
  std::string delimiter = ",";
  char quote = '"';
  char escape = '\\';
  char escapeEscape = '\\';  // charToEscapeQuoteEscaping
  char comment = '#';        // univocity's default when the option is not set
  bool header = false;
  bool ignoreLeadingWhiteSpace = true;
  bool ignoreTrailingWhiteSpace = true;
  bool quoteAll = false;
  bool escapeQuotes = true;
  std::string nullValue;
  std::string emptyValue = "\"\"";
  std::string lineSep = "\n";
  std::shared_ptr<const DateTimePattern> timestampFormat;  // yyyy-MM-dd'T'HH:mm:ss.SSSXXX
  std::shared_ptr<const DateTimePattern> dateFormat;       // yyyy-MM-dd
  TimeZonePtr zone;

  /// Reads the options (keys case-insensitive); throws IllegalArgumentException as Spark does.
  static CsvWriteOptions parse(const FileOptions& options, const TimeZonePtr& sessionZone);
};

/// Writes rows of one schema as CSV records.
class CsvWriter {
 public:
  CsvWriter(SchemaPtr schema, CsvWriteOptions options);

  /// Throws AnalysisException for a column CSV cannot hold (nested types, intervals).
  static void verifySchema(const DataType& schema);

  /// The header record (field names), with its line separator.
  void writeHeader(std::string& out) const;
  /// Every visible row of `batch`, one record per row.
  void writeRows(const Batch& batch, std::string& out) const;
  /// One field as univocity writes it; `value` null means SQL NULL.
  void writeField(size_t column, const std::string* value, std::string& out) const;

 private:
  void valueText(const Column& column, int64_t row, std::string& out) const;

  SchemaPtr schema_;
  CsvWriteOptions options_;
};

}  // namespace spate
