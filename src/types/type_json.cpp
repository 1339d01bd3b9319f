// Spark's JSON representation of data types (StructType.json), used in checkpoints and Python.
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "types/data_type.h"

namespace spate {

namespace {

nlohmann::json toJson(const DataType& t) {
  switch (t.id()) {
    case TypeId::kArray:
      return {{"type", "array"}, {"elementType", toJson(*t.element())}, {"containsNull", t.containsNull()}};
    case TypeId::kMap:
      return {{"type", "map"},
              {"keyType", toJson(*t.key())},
              {"valueType", toJson(*t.value())},
              {"valueContainsNull", t.valueContainsNull()}};
    case TypeId::kStruct: {
      nlohmann::json fields = nlohmann::json::array();
      for (const auto& f : t.fields())
        fields.push_back({{"name", f.name},
                          {"type", toJson(*f.type)},
                          {"nullable", f.nullable},
                          {"metadata", nlohmann::json::object()}});
      return {{"type", "struct"}, {"fields", fields}};
    }
    case TypeId::kNull:
      return "void";
    case TypeId::kDecimal:
      return t.simpleString();
    default:
      return t.typeName();
  }
}

TypePtr fromJson(const nlohmann::json& j) {
  if (j.is_string()) return parseDataType(j.get<std::string>());
  std::string type = j.at("type").get<std::string>();
  if (type == "array")
    return DataType::array(fromJson(j.at("elementType")), j.value("containsNull", true));
  if (type == "map")
    return DataType::map(fromJson(j.at("keyType")), fromJson(j.at("valueType")),
                         j.value("valueContainsNull", true));
  if (type == "struct") {
    std::vector<StructField> fields;
    for (const auto& f : j.at("fields"))
      fields.push_back({f.at("name").get<std::string>(), fromJson(f.at("type")), f.value("nullable", true)});
    return DataType::structType(std::move(fields));
  }
  throw ParseException("Unknown data type JSON: " + j.dump());
}

}  // namespace

std::string typeToJson(const DataType& type) { return toJson(type).dump(); }

TypePtr typeFromJson(std::string_view json) {
  try {
    return fromJson(nlohmann::json::parse(json));
  } catch (const nlohmann::json::exception& e) {
    throw ParseException(std::string("Failed to parse a data type from JSON: ") + e.what());
  }
}

}  // namespace spate
