#include "expression/attribute.h"

#include <atomic>

namespace spate {

int64_t newAttributeId() {
  static std::atomic<int64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

SchemaPtr schemaOf(const AttributeList& attributes) {
  std::vector<StructField> fields;
  fields.reserve(attributes.size());
  for (const auto& a : attributes) fields.push_back({a.name, a.type, a.nullable});
  return DataType::structType(std::move(fields));
}

AttributeList attributesOf(const DataType& schema) {
  AttributeList out;
  for (const auto& f : schema.fields()) out.push_back({newAttributeId(), f.name, f.type, f.nullable, ""});
  return out;
}

}  // namespace spate
