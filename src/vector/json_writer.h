#pragma once

#include <string>

#include "types/data_type.h"
#include "vector/column.h"
#include "vector/json_options.h"

namespace spate {

/// Writes values of a column as JSON text exactly as Spark's JacksonGenerator does (to_json, the
/// JSON file sink): struct fields in order with NULL fields omitted (unless
/// `ignoreNullFields` is false), NULL array elements and map values as null, strings escaped as
/// Jackson escapes them, doubles as Java prints them (NaN and infinities quoted), decimals as
/// BigDecimal.toString, timestamps as "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" and dates as "yyyy-MM-dd" in
/// the session time zone (or the `timestampFormat` / `dateFormat` / `timeZone` options), binary
/// as base64.
class JsonWriter {
 public:
  JsonWriter(TypePtr type, const JsonOptions& options, TimeZonePtr sessionZone);

  /// Appends the JSON text of row `row` of `column` (of this writer's type) to `out`. A NULL row
  /// is written as `null`.
  void write(const Column& column, int64_t row, std::string& out) const;

 private:
  void writeValue(const DataType& type, const Column& column, int64_t row, std::string& out) const;
  std::string mapKey(const DataType& type, const Column& column, int64_t row) const;

  TypePtr type_;
  bool ignoreNullFields_;
  TimeZonePtr zone_;
  std::shared_ptr<const DateTimePattern> timestampFormat_;
  std::shared_ptr<const DateTimePattern> dateFormat_;
};

}  // namespace spate
