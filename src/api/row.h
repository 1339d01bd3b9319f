#pragma once

#include <string>
#include <vector>

#include "types/data_type.h"
#include "vector/value.h"

namespace spate::sql {

/// One row of a result, as Spark's Row: values by position (and by name through the schema).
class Row {
 public:
  Row(SchemaPtr schema, std::vector<Value> values) : schema_(std::move(schema)), values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  const Value& get(size_t i) const { return values_.at(i); }
  const Value& get(std::string_view name) const;
  bool isNullAt(size_t i) const { return values_.at(i).isNull(); }
  const std::vector<Value>& values() const { return values_; }
  const SchemaPtr& schema() const { return schema_; }
  /// Spark's Row.toString: "[a,1,null]".
  std::string toString() const;

 private:
  SchemaPtr schema_;
  std::vector<Value> values_;
};

}  // namespace spate::sql
