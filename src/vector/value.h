#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/time.h"
#include "types/data_type.h"

namespace spate {

using Int128 = __int128;

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::vector<std::pair<Value, Value>>;

/// One SQL value for the row-at-a-time paths (literals, createDataFrame, collect, tests). Its meaning
/// depends on the DataType it travels with: integral types, dates and timestamps are int64; float
/// and double are double; decimals are unscaled Int128; strings and binary are std::string; arrays
/// and structs are lists; maps are lists of pairs.
class Value {
 public:
  using Storage = std::variant<std::monostate, bool, int64_t, double, Int128, std::string, Interval,
                               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>>;

  Value() = default;
  Value(bool v) : storage_(v) {}
  Value(int v) : storage_(int64_t{v}) {}
  Value(int64_t v) : storage_(v) {}
  Value(double v) : storage_(v) {}
  Value(Int128 v) : storage_(v) {}
  Value(std::string v) : storage_(std::move(v)) {}
  Value(const char* v) : storage_(std::string(v)) {}
  Value(Interval v) : storage_(v) {}
  Value(ValueList v) : storage_(std::make_shared<const ValueList>(std::move(v))) {}
  Value(ValueMap v) : storage_(std::make_shared<const ValueMap>(std::move(v))) {}
  static Value null() { return {}; }

  bool isNull() const { return std::holds_alternative<std::monostate>(storage_); }
  bool asBool() const { return std::get<bool>(storage_); }
  int64_t asLong() const { return std::get<int64_t>(storage_); }
  double asDouble() const { return std::get<double>(storage_); }
  Int128 asDecimal() const { return std::get<Int128>(storage_); }
  const std::string& asString() const { return std::get<std::string>(storage_); }
  const Interval& asInterval() const { return std::get<Interval>(storage_); }
  const ValueList& asList() const { return *std::get<std::shared_ptr<const ValueList>>(storage_); }
  const ValueMap& asMap() const { return *std::get<std::shared_ptr<const ValueMap>>(storage_); }
  const Storage& storage() const { return storage_; }

  bool operator==(const Value& other) const;

 private:
  Storage storage_;
};

/// Renders a value as Spark casts it to STRING (nested values in Spark 3.5's pretty form when
/// `pretty`: NULL upper case). Used by show(), collect() printing and tests.
std::string formatValue(const Value& value, const DataType& type, const TimeZone& zone, bool pretty = true);
/// Decimal rendering of an unscaled value (plain notation, as BigDecimal.toPlainString).
std::string formatDecimal(Int128 unscaled, int scale);

}  // namespace spate
