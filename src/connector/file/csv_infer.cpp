#include "connector/file/csv_infer.h"

#include <algorithm>
#include <map>

#include "common/strings.h"
#include "connector/file/csv_values.h"

namespace spate {

std::vector<std::string> makeCsvColumnNames(std::span<const CsvField> record,
                                            const CsvReadOptions& options) {
  std::vector<std::string> names;
  names.reserve(record.size());
  if (!options.header) {
    for (size_t i = 0; i < record.size(); ++i) names.push_back("_c" + std::to_string(i));
    return names;
  }
  // spark.sql.caseSensitive is false by default: duplicates are found case-insensitively.
  std::map<std::string, int> counts;
  for (const CsvField& field : record) ++counts[toLower(csvFieldText(field, options))];
  for (size_t i = 0; i < record.size(); ++i) {
    std::string_view value = csvFieldText(record[i], options);
    if (value.empty() || value == options.nullValue) {
      names.push_back("_c" + std::to_string(i));
    } else if (counts[toLower(value)] > 1) {
      names.push_back(std::string(value) + std::to_string(i));
    } else {
      names.emplace_back(value);
    }
  }
  return names;
}

namespace {

using Type = CsvSchemaInference::Type;

bool isIntegral(Type t) { return t.kind == Type::kInt || t.kind == Type::kLong; }

// DecimalType.forType for the integral types.
Type decimalFor(Type t) { return {Type::kDecimal, t.kind == Type::kInt ? 10 : 20, 0}; }

// DecimalType.isWiderThan.
bool isWiderThan(Type decimal, Type other) {
  if (isIntegral(other)) other = decimalFor(other);
  return decimal.precision - decimal.scale >= other.precision - other.scale &&
         decimal.scale >= other.scale;
}

int numericRank(Type::Kind k) {
  switch (k) {
    case Type::kInt:
      return 1;
    case Type::kLong:
      return 2;
    case Type::kDouble:
      return 3;
    default:
      return 0;
  }
}

TypePtr toDataType(Type t) {
  switch (t.kind) {
    case Type::kInt:
      return DataType::integer();
    case Type::kLong:
      return DataType::longType();
    case Type::kDecimal:
      return DataType::decimal(t.precision, t.scale);
    case Type::kDouble:
      return DataType::doubleType();
    case Type::kDate:
      return DataType::date();
    case Type::kTimestamp:
      return DataType::timestamp();
    case Type::kBoolean:
      return DataType::boolean();
    default:
      return DataType::string();  // NullType columns are strings
  }
}

}  // namespace

CsvSchemaInference::CsvSchemaInference(const CsvReadOptions& options, size_t columns)
    : options_(options), types_(columns), dateParser_(DateTimePattern::compile("yyyy-MM-dd", true)) {
  // Date strings that the lenient timestamp parser also reads (a date + timestamp column is a
  // timestamp column only then).
  static constexpr std::string_view kLenient[] = {
      "yyyy-MM-dd", "yyyy-M-d", "yyyy-M-dd", "yyyy-MM-d", "yyyy-MM", "yyyy-M", "yyyy"};
  std::string dateFormat = options.dateFormat ? options.dateFormat->pattern() : "yyyy-MM-dd";
  dateFormatIsLenient_ = !options.timestampFormat &&
                         std::find(std::begin(kLenient), std::end(kLenient), dateFormat) !=
                             std::end(kLenient);
  if (options.dateFormat) dateParser_ = options.dateFormat;
}

void CsvSchemaInference::add(std::span<const CsvField> record) {
  size_t n = std::min(record.size(), types_.size());
  for (size_t i = 0; i < n; ++i) {
    if (types_[i].kind == Type::kString) continue;
    types_[i] = inferField(types_[i], csvFieldText(record[i], options_));
  }
}

SchemaPtr CsvSchemaInference::schema(const std::vector<std::string>& names) const {
  std::vector<StructField> fields;
  for (size_t i = 0; i < names.size(); ++i) {
    Type t = i < types_.size() ? types_[i] : Type{};
    fields.push_back({names[i], toDataType(t), true});
  }
  return DataType::structType(std::move(fields));
}

Type CsvSchemaInference::inferField(Type soFar, std::string_view text) const {
  if (text.empty() || text == options_.nullValue) return soFar;
  Type inferred;
  switch (soFar.kind) {
    case Type::kNull:
    case Type::kInt:
      inferred = tryInt(text);
      break;
    case Type::kLong:
      inferred = tryLong(text);
      break;
    case Type::kDecimal:
      inferred = tryDecimal(text);
      break;
    case Type::kDouble:
      inferred = tryDouble(text);
      break;
    case Type::kDate:
      inferred = tryDate(text);
      break;
    case Type::kTimestamp:
      inferred = tryTimestamp(text);
      break;
    case Type::kBoolean:
      inferred = tryBoolean(text);
      break;
    case Type::kString:
      return soFar;
  }
  return compatible(soFar, inferred).value_or(Type{Type::kString});
}

Type CsvSchemaInference::tryInt(std::string_view text) const {
  return parseJavaInt(text) ? Type{Type::kInt} : tryLong(text);
}

Type CsvSchemaInference::tryLong(std::string_view text) const {
  return parseJavaLong(text) ? Type{Type::kLong} : tryDecimal(text);
}

Type CsvSchemaInference::tryDecimal(std::string_view text) const {
  // Only whole numbers become decimals: a positive scale goes to double, and a negative scale or
  // more than 38 digits cannot make a DecimalType.
  auto number = parseBigDecimal(text);
  if (number && number->scale() == 0 && number->precision() <= 38)
    return {Type::kDecimal, static_cast<int>(number->precision()), 0};
  return tryDouble(text);
}

Type CsvSchemaInference::tryDouble(std::string_view text) const {
  if (parseJavaDouble(text) || text == options_.nanValue || text == options_.negativeInf ||
      text == options_.positiveInf)
    return {Type::kDouble};
  return options_.preferDate ? tryDate(text) : tryTimestamp(text);
}

Type CsvSchemaInference::tryDate(std::string_view text) const {
  return dateParser_->parseDate(text) ? Type{Type::kDate} : tryTimestamp(text);
}

Type CsvSchemaInference::tryTimestamp(std::string_view text) const {
  bool ok = options_.timestampFormat
                ? options_.timestampFormat->parseTimestamp(text, *options_.zone).has_value()
                : parseTimestamp(text, *options_.zone).has_value();
  return ok ? Type{Type::kTimestamp} : tryBoolean(text);
}

Type CsvSchemaInference::tryBoolean(std::string_view text) const {
  return parseJavaBoolean(text) ? Type{Type::kBoolean} : Type{Type::kString};
}

std::optional<Type> CsvSchemaInference::compatible(Type a, Type b) const {
  // A mix of dates and timestamps is a timestamp when the lenient timestamp parser reads the
  // dates too, else a string.
  if ((a.kind == Type::kDate && b.kind == Type::kTimestamp) ||
      (a.kind == Type::kTimestamp && b.kind == Type::kDate))
    return dateFormatIsLenient_ ? Type{Type::kTimestamp} : Type{Type::kString};
  // TypeCoercion.findTightestCommonType.
  if (a == b) return a;
  if (a.kind == Type::kNull) return b;
  if (b.kind == Type::kNull) return a;
  if (isIntegral(a) && b.kind == Type::kDecimal && isWiderThan(b, a)) return b;
  if (a.kind == Type::kDecimal && isIntegral(b) && isWiderThan(a, b)) return a;
  if (numericRank(a.kind) && numericRank(b.kind))
    return numericRank(a.kind) >= numericRank(b.kind) ? a : b;
  // CSVInferSchema.findCompatibleTypeForCSV.
  if (a.kind == Type::kString || b.kind == Type::kString) return Type{Type::kString};
  if (isIntegral(a) && b.kind == Type::kDecimal) return compatible(decimalFor(a), b);
  if (a.kind == Type::kDecimal && isIntegral(b)) return compatible(a, decimalFor(b));
  if ((a.kind == Type::kDouble && b.kind == Type::kDecimal) ||
      (a.kind == Type::kDecimal && b.kind == Type::kDouble))
    return Type{Type::kDouble};
  if (a.kind == Type::kDecimal && b.kind == Type::kDecimal) {
    int scale = std::max(a.scale, b.scale);
    int range = std::max(a.precision - a.scale, b.precision - b.scale);
    if (range + scale > 38) return Type{Type::kDouble};
    return Type{Type::kDecimal, range + scale, scale};
  }
  return std::nullopt;
}

}  // namespace spate
