#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connector/file/csv_options.h"
#include "connector/file/csv_parser.h"
#include "types/data_type.h"

namespace spate {

/// A field's text as Spark's CSV reader sees it: an empty unquoted value reads as `nullValue`,
/// an empty quoted value as `emptyValue`.
inline std::string_view csvFieldText(const CsvField& field, const CsvReadOptions& options) {
  switch (field.kind) {
    case CsvField::kUnquotedEmpty:
      return options.nullValue;
    case CsvField::kQuotedEmpty:
      return options.emptyValue;
    case CsvField::kMissing:
      return {};
    default:
      return field.text();
  }
}

/// Spark's CSVUtils.makeSafeHeader: column names from a header record (empty or null-valued
/// names become "_c<i>", case-insensitive duplicates get their index appended), or "_c0", "_c1",
/// … without a header.
std::vector<std::string> makeCsvColumnNames(std::span<const CsvField> record,
                                            const CsvReadOptions& options);

/// Spark 3.5's CSVInferSchema: each column gets the narrowest type that every value parses as,
/// tried as int, bigint, decimal(p,0), double, date (preferDate), timestamp, boolean, else string;
/// nullValue and empty values are ignored and an all-null column is a string.
class CsvSchemaInference {
 public:
  CsvSchemaInference(const CsvReadOptions& options, size_t columns);

  /// Folds one record into the column types (extra fields are ignored).
  void add(std::span<const CsvField> record);
  /// The inferred schema under `names`, every field nullable.
  SchemaPtr schema(const std::vector<std::string>& names) const;

  /// A type in the inference lattice; decimals carry precision and scale.
  struct Type {
    enum Kind : uint8_t {
      kNull,
      kInt,
      kLong,
      kDecimal,
      kDouble,
      kDate,
      kTimestamp,
      kBoolean,
      kString
    };
    Kind kind = kNull;
    int precision = 0;
    int scale = 0;
    bool operator==(const Type&) const = default;
  };

 private:
  Type inferField(Type soFar, std::string_view text) const;
  Type tryInt(std::string_view text) const;
  Type tryLong(std::string_view text) const;
  Type tryDecimal(std::string_view text) const;
  Type tryDouble(std::string_view text) const;
  Type tryDate(std::string_view text) const;
  Type tryTimestamp(std::string_view text) const;
  Type tryBoolean(std::string_view text) const;
  std::optional<Type> compatible(Type a, Type b) const;

  const CsvReadOptions& options_;
  std::vector<Type> types_;
  bool dateFormatIsLenient_;
  std::shared_ptr<const DateTimePattern> dateParser_;
};

}  // namespace spate
