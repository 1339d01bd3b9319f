#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types/data_type.h"

namespace spate {

/// A named column of a relation. The id identifies the column through a query (Spark's ExprId), so
/// a DataFrame's column (df["a"]) resolves to the right side of a self-join.
struct Attribute {
  int64_t id = 0;
  std::string name;
  TypePtr type;
  bool nullable = true;
  /// Table or subquery alias the column can be qualified with ("t" in t.a), possibly empty.
  std::string qualifier;
  /// Set on an event-time column declared with withWatermark (Spark's "spark.watermarkDelayMs"
  /// metadata), and on window columns computed from it.
  std::optional<int64_t> watermarkDelayMs;
  /// Set on a session_window(...) column (Spark's SessionWindow.marker metadata): an aggregation
  /// grouping by it merges the sessions of each group.
  bool sessionWindow = false;
};
using AttributeList = std::vector<Attribute>;

int64_t newAttributeId();
SchemaPtr schemaOf(const AttributeList& attributes);
/// Fresh attributes (new ids, no qualifier) for a schema.
AttributeList attributesOf(const DataType& schema);

}  // namespace spate
