#include "vector/json_writer.h"

#include <cmath>

#include "common/strings.h"
#include "vector/json_text.h"

namespace spate {

namespace {

// Jackson writes non-finite numbers as strings (QUOTE_NON_NUMERIC_NUMBERS).
void appendFloating(std::string& out, double v, bool isFloat) {
  if (std::isnan(v)) {
    out += "\"NaN\"";
  } else if (std::isinf(v)) {
    out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    out += isFloat ? formatFloat(static_cast<float>(v)) : formatDouble(v);
  }
}

}  // namespace

namespace {

// Spark's defaults for writing (JSONOptions.timestampFormatInWrite / dateFormatInWrite).
const std::shared_ptr<const DateTimePattern>& defaultTimestampFormat() {
  static const auto pattern = DateTimePattern::compile("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false);
  return pattern;
}
const std::shared_ptr<const DateTimePattern>& defaultDateFormat() {
  static const auto pattern = DateTimePattern::compile("yyyy-MM-dd", false);
  return pattern;
}

}  // namespace

JsonWriter::JsonWriter(TypePtr type, const JsonOptions& options, TimeZonePtr sessionZone)
    : type_(std::move(type)),
      ignoreNullFields_(options.ignoreNullFields),
      zone_(options.timeZone ? options.timeZone
            : sessionZone    ? sessionZone
                             : TimeZone::utc()),
      timestampFormat_(options.timestampFormat ? options.timestampFormat
                                               : defaultTimestampFormat()),
      dateFormat_(options.dateFormat ? options.dateFormat : defaultDateFormat()) {}

void JsonWriter::write(const Column& column, int64_t row, std::string& out) const {
  writeValue(*type_, column, row, out);
}

void JsonWriter::writeValue(const DataType& type, const Column& c, int64_t row,
                            std::string& out) const {
  if (c.isNull(row)) {
    out += "null";
    return;
  }
  switch (type.id()) {
    case TypeId::kNull:
      out += "null";
      break;
    case TypeId::kBoolean:
      out += c.valueAt<uint8_t>(row) ? "true" : "false";
      break;
    case TypeId::kByte:
      out += std::to_string(c.valueAt<int8_t>(row));
      break;
    case TypeId::kShort:
      out += std::to_string(c.valueAt<int16_t>(row));
      break;
    case TypeId::kInt:
      out += std::to_string(c.valueAt<int32_t>(row));
      break;
    case TypeId::kLong:
      out += std::to_string(c.valueAt<int64_t>(row));
      break;
    case TypeId::kFloat:
      appendFloating(out, c.valueAt<float>(row), true);
      break;
    case TypeId::kDouble:
      appendFloating(out, c.valueAt<double>(row), false);
      break;
    case TypeId::kDecimal:
      out += javaBigDecimalString(c.valueAt<Int128>(row), type.scale());
      break;
    case TypeId::kString:
      appendJsonString(out, c.stringAt(row));
      break;
    case TypeId::kBinary:
      appendJsonString(out, base64Encode(c.stringAt(row)));
      break;
    case TypeId::kDate:
      appendJsonString(out, dateFormat_->formatDate(c.valueAt<int32_t>(row)));
      break;
    case TypeId::kTimestamp:
      appendJsonString(out, timestampFormat_->formatTimestamp(c.valueAt<int64_t>(row), *zone_));
      break;
    case TypeId::kInterval:
      appendJsonString(out, formatInterval(c.valueAt<Interval>(row)));
      break;
    case TypeId::kArray: {
      out += '[';
      const Column& elements = *c.child(0);
      for (int64_t k = c.listStart(row), e = k + c.listLength(row); k < e; ++k) {
        if (k != c.listStart(row)) out += ',';
        writeValue(*type.element(), elements, k, out);
      }
      out += ']';
      break;
    }
    case TypeId::kMap: {
      out += '{';
      const Column& keys = *c.child(0);
      const Column& values = *c.child(1);
      for (int64_t k = c.listStart(row), e = k + c.listLength(row); k < e; ++k) {
        if (k != c.listStart(row)) out += ',';
        appendJsonString(out, mapKey(*type.key(), keys, k));
        out += ':';
        writeValue(*type.value(), values, k, out);
      }
      out += '}';
      break;
    }
    case TypeId::kStruct: {
      out += '{';
      bool first = true;
      const auto& fields = type.fields();
      for (size_t f = 0; f < fields.size(); ++f) {
        const Column& field = *c.child(f);
        if (ignoreNullFields_ && field.isNull(row)) continue;
        if (!first) out += ',';
        first = false;
        appendJsonString(out, fields[f].name);
        out += ':';
        writeValue(*fields[f].type, field, row, out);
      }
      out += '}';
      break;
    }
  }
}

// Spark writes a map key with the toString of its internal value: dates as day numbers and
// timestamps as microseconds.
std::string JsonWriter::mapKey(const DataType& type, const Column& c, int64_t row) const {
  if (c.isNull(row)) return "null";
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      return std::string(c.stringAt(row));
    case TypeId::kDecimal:
      return javaBigDecimalString(c.valueAt<Int128>(row), type.scale());
    case TypeId::kDate:
      return std::to_string(c.valueAt<int32_t>(row));
    case TypeId::kTimestamp:
      return std::to_string(c.valueAt<int64_t>(row));
    case TypeId::kFloat:
      return formatFloat(c.valueAt<float>(row));
    case TypeId::kDouble:
      return formatDouble(c.valueAt<double>(row));
    default:
      return formatValue(c.valueAt(row), type, *zone_, false);
  }
}

}  // namespace spate
