#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spate {

/// Spark SQL's data types. Date is days since the epoch; Timestamp is µs since the epoch (UTC);
/// Interval is Spark's CalendarInterval (months, days, µs).
enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kByte,
  kShort,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinary,
  kDate,
  kTimestamp,
  kInterval,
  kArray,
  kMap,
  kStruct,
};

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct StructField {
  std::string name;
  TypePtr type;
  bool nullable = true;
};

/// An immutable data type; nested types hold their element, key/value or field types. Shared freely.
class DataType {
 public:
  static TypePtr null();
  static TypePtr boolean();
  static TypePtr byte();
  static TypePtr shortType();
  static TypePtr integer();
  static TypePtr longType();
  static TypePtr floatType();
  static TypePtr doubleType();
  static TypePtr decimal(int precision, int scale);
  static TypePtr string();
  static TypePtr binary();
  static TypePtr date();
  static TypePtr timestamp();
  static TypePtr interval();
  static TypePtr array(TypePtr element, bool containsNull = true);
  static TypePtr map(TypePtr key, TypePtr value, bool valueContainsNull = true);
  static TypePtr structType(std::vector<StructField> fields);

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  const TypePtr& element() const { return element_; }
  bool containsNull() const { return containsNull_; }
  const TypePtr& key() const { return element_; }
  const TypePtr& value() const { return value_; }
  bool valueContainsNull() const { return containsNull_; }
  const std::vector<StructField>& fields() const { return fields_; }
  /// Index of a struct field by name (case-insensitive unless `caseSensitive`), or -1.
  int fieldIndex(std::string_view name, bool caseSensitive = false) const;

  bool isNumeric() const;
  bool isIntegral() const;
  bool isNested() const { return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kStruct; }
  /// Bytes per value in a column buffer for fixed-width types, 0 otherwise.
  int fixedWidth() const;

  /// Spark's `simpleString`: "int", "bigint", "array<string>", "struct<a:int,b:string>".
  std::string simpleString() const;
  /// Spark's `sql` form: "INT", "BIGINT", "ARRAY<STRING>", "STRUCT<a: INT, b: STRING>".
  std::string sql() const;
  /// Spark's `typeName` as printSchema shows it: "integer", "long", "string", "struct", "array".
  std::string typeName() const;

  /// Structural equality (names and nullability included).
  bool equals(const DataType& other) const;
  /// Equality ignoring nullability flags and field-name case (what Spark calls sameType).
  bool sameType(const DataType& other) const;

 private:
  explicit DataType(TypeId id) : id_(id) {}
  TypeId id_;
  int precision_ = 0;
  int scale_ = 0;
  bool containsNull_ = true;
  TypePtr element_;  // array element or map key
  TypePtr value_;    // map value
  std::vector<StructField> fields_;
};

inline bool operator==(const DataType& a, const DataType& b) { return a.equals(b); }

/// A schema is a struct type; these helpers make intent explicit.
using Schema = DataType;
using SchemaPtr = TypePtr;

/// Parses a DDL string: "a INT, b ARRAY<STRING>, c STRUCT<x: DOUBLE>" (Spark's
/// StructType.fromDDL), or a single type "array<string>". Throws ParseException.
TypePtr parseDdlSchema(std::string_view ddl);
TypePtr parseDataType(std::string_view text);

/// Spark's JSON form of a type (StructType.json), and back.
std::string typeToJson(const DataType& type);
TypePtr typeFromJson(std::string_view json);

/// printSchema's tree ("root\n |-- a: integer (nullable = true)\n").
std::string treeString(const DataType& schema);

}  // namespace spate
