#pragma once

#include <optional>
#include <string>

#include "common/time.h"
#include "connector/file/csv_parser.h"
#include "common/datetime_format.h"
#include "connector/file/file_formats.h"

namespace spate {

/// Spark's ParseMode for malformed records.
enum class ParseMode { kPermissive, kDropMalformed, kFailFast };

/// Spark 3.5's CSVOptions as the reader uses them, validated.
struct CsvReadOptions {
  CsvFormat format;
  bool header = false;
  bool inferSchema = false;
  bool enforceSchema = true;
  bool preferDate = true;
  std::string nullValue;
  std::string emptyValue;
  std::string nanValue = "NaN";
  std::string positiveInf = "Inf";
  std::string negativeInf = "-Inf";
  ParseMode mode = ParseMode::kPermissive;
  std::string columnNameOfCorruptRecord = "_corrupt_record";
  std::string charset = "UTF-8";
  double samplingRatio = 1.0;
  std::shared_ptr<const DateTimePattern> dateFormat;
  std::shared_ptr<const DateTimePattern> timestampFormat;
  /// Falls back to Spark's lenient casts when a custom pattern does not match
  /// (enableDateTimeParsingFallback; by default only when no pattern is given).
  bool dateFallback = true;
  bool timestampFallback = true;
  /// The timeZone option, else the session zone.
  TimeZonePtr zoneOverride;
  const TimeZone* zone = nullptr;

  /// Throws IllegalArgumentException for invalid options, with Spark's messages.
  static CsvReadOptions parse(const FileOptions& options, const TimeZone& sessionZone);
};

}  // namespace spate
