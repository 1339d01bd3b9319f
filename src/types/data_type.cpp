#include "types/data_type.h"

#include "common/error.h"
#include "common/strings.h"

namespace spate {

#define SPATE_PRIMITIVE(fn, id)                               \
  TypePtr DataType::fn() {                                    \
    static const TypePtr type(new DataType(TypeId::id));      \
    return type;                                              \
  }
SPATE_PRIMITIVE(null, kNull)
SPATE_PRIMITIVE(boolean, kBoolean)
SPATE_PRIMITIVE(byte, kByte)
SPATE_PRIMITIVE(shortType, kShort)
SPATE_PRIMITIVE(integer, kInt)
SPATE_PRIMITIVE(longType, kLong)
SPATE_PRIMITIVE(floatType, kFloat)
SPATE_PRIMITIVE(doubleType, kDouble)
SPATE_PRIMITIVE(string, kString)
SPATE_PRIMITIVE(binary, kBinary)
SPATE_PRIMITIVE(date, kDate)
SPATE_PRIMITIVE(timestamp, kTimestamp)
SPATE_PRIMITIVE(interval, kInterval)
#undef SPATE_PRIMITIVE

TypePtr DataType::decimal(int precision, int scale) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
    throw AnalysisException("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision " +
                            std::to_string(precision) + " exceeds max precision 38.");
  auto* t = new DataType(TypeId::kDecimal);
  t->precision_ = precision;
  t->scale_ = scale;
  return TypePtr(t);
}

TypePtr DataType::array(TypePtr element, bool containsNull) {
  auto* t = new DataType(TypeId::kArray);
  t->element_ = std::move(element);
  t->containsNull_ = containsNull;
  return TypePtr(t);
}

TypePtr DataType::map(TypePtr key, TypePtr value, bool valueContainsNull) {
  auto* t = new DataType(TypeId::kMap);
  t->element_ = std::move(key);
  t->value_ = std::move(value);
  t->containsNull_ = valueContainsNull;
  return TypePtr(t);
}

TypePtr DataType::structType(std::vector<StructField> fields) {
  auto* t = new DataType(TypeId::kStruct);
  t->fields_ = std::move(fields);
  return TypePtr(t);
}

int DataType::fieldIndex(std::string_view name, bool caseSensitive) const {
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<int>(i);
  if (!caseSensitive)
    for (size_t i = 0; i < fields_.size(); ++i)
      if (equalsIgnoreCase(fields_[i].name, name)) return static_cast<int>(i);
  return -1;
}

bool DataType::isNumeric() const {
  switch (id_) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

bool DataType::isIntegral() const {
  return id_ == TypeId::kByte || id_ == TypeId::kShort || id_ == TypeId::kInt || id_ == TypeId::kLong;
}

int DataType::fixedWidth() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kByte:
      return 1;
    case TypeId::kShort:
      return 2;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kFloat:
      return 4;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kDouble:
      return 8;
    case TypeId::kDecimal:
    case TypeId::kInterval:
      return 16;
    default:
      return 0;
  }
}

std::string DataType::simpleString() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kByte: return "tinyint";
    case TypeId::kShort: return "smallint";
    case TypeId::kInt: return "int";
    case TypeId::kLong: return "bigint";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal:
      return "decimal(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kInterval: return "interval";
    case TypeId::kArray: return "array<" + element_->simpleString() + ">";
    case TypeId::kMap: return "map<" + element_->simpleString() + "," + value_->simpleString() + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ",";
        out += fields_[i].name + ":" + fields_[i].type->simpleString();
      }
      return out + ">";
    }
  }
  return "?";
}

std::string DataType::sql() const {
  switch (id_) {
    case TypeId::kArray: return "ARRAY<" + element_->sql() + ">";
    case TypeId::kMap: return "MAP<" + element_->sql() + ", " + value_->sql() + ">";
    case TypeId::kStruct: {
      std::string out = "STRUCT<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ", ";
        out += quoteIdentifierIfNeeded(fields_[i].name) + ": " + fields_[i].type->sql();
        if (!fields_[i].nullable) out += " NOT NULL";
      }
      return out + ">";
    }
    case TypeId::kNull: return "VOID";
    default: return toUpper(simpleString());
  }
}

std::string DataType::typeName() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kByte: return "byte";
    case TypeId::kShort: return "short";
    case TypeId::kInt: return "integer";
    case TypeId::kLong: return "long";
    case TypeId::kArray: return "array";
    case TypeId::kMap: return "map";
    case TypeId::kStruct: return "struct";
    default: return simpleString();
  }
}

bool DataType::equals(const DataType& o) const {
  if (id_ != o.id_) return false;
  switch (id_) {
    case TypeId::kDecimal: return precision_ == o.precision_ && scale_ == o.scale_;
    case TypeId::kArray: return containsNull_ == o.containsNull_ && element_->equals(*o.element_);
    case TypeId::kMap:
      return containsNull_ == o.containsNull_ && element_->equals(*o.element_) && value_->equals(*o.value_);
    case TypeId::kStruct:
      if (fields_.size() != o.fields_.size()) return false;
      for (size_t i = 0; i < fields_.size(); ++i)
        if (fields_[i].name != o.fields_[i].name || fields_[i].nullable != o.fields_[i].nullable ||
            !fields_[i].type->equals(*o.fields_[i].type))
          return false;
      return true;
    default: return true;
  }
}

bool DataType::sameType(const DataType& o) const {
  if (id_ != o.id_) return false;
  switch (id_) {
    case TypeId::kDecimal: return precision_ == o.precision_ && scale_ == o.scale_;
    case TypeId::kArray: return element_->sameType(*o.element_);
    case TypeId::kMap: return element_->sameType(*o.element_) && value_->sameType(*o.value_);
    case TypeId::kStruct:
      if (fields_.size() != o.fields_.size()) return false;
      for (size_t i = 0; i < fields_.size(); ++i)
        if (!equalsIgnoreCase(fields_[i].name, o.fields_[i].name) ||
            !fields_[i].type->sameType(*o.fields_[i].type))
          return false;
      return true;
    default: return true;
  }
}

namespace {

void appendTree(const DataType& type, const std::string& prefix, std::string& out) {
  auto child = [&](const std::string& label, const DataType& t, bool nullable, const char* flag) {
    out += prefix + " |-- " + label + ": " + t.typeName() + " (" + flag + " = " +
           (nullable ? "true" : "false") + ")\n";
    appendTree(t, prefix + " |   ", out);
  };
  switch (type.id()) {
    case TypeId::kStruct:
      for (const auto& f : type.fields()) child(f.name, *f.type, f.nullable, "nullable");
      break;
    case TypeId::kArray:
      child("element", *type.element(), type.containsNull(), "containsNull");
      break;
    case TypeId::kMap:
      out += prefix + " |-- key: " + type.key()->typeName() + "\n";
      appendTree(*type.key(), prefix + " |   ", out);
      child("value", *type.value(), type.valueContainsNull(), "valueContainsNull");
      break;
    default:
      break;
  }
}

}  // namespace

std::string treeString(const DataType& schema) {
  std::string out = "root\n";
  appendTree(schema, "", out);
  return out;
}

}  // namespace spate
