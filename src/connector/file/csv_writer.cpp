#include "connector/file/csv_writer.h"

#include "common/error.h"
#include "common/strings.h"
#include "connector/file/csv_options.h"
#include "vector/json_text.h"

namespace spate {

namespace {

constexpr const char* kDefaultTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
constexpr const char* kDefaultDateFormat = "yyyy-MM-dd";

// univocity trims characters in (0, ' '] ("whitespace" for its writer).
bool isTrimmable(char c) { return c != '\0' && static_cast<unsigned char>(c) <= ' '; }

[[noreturn]] void throwUnsupported(const StructField& field) {
  throw AnalysisException(
      "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't "
      "support the column " +
          quoteIdentifier(field.name) + " of the type \"" + field.type->sql() + "\".",
      "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
}

}  // namespace

CsvWriteOptions CsvWriteOptions::parse(const FileOptions& options, const TimeZonePtr& sessionZone) {
  // The separators, quote and escape characters are read and checked as for reading.
  CsvReadOptions read =
      CsvReadOptions::parse(options, sessionZone ? *sessionZone : *TimeZone::utc());
  CsvWriteOptions o;
  o.delimiter = read.format.delimiter;
  o.quote = read.format.quote;
  o.escape = read.format.escape;
  o.escapeEscape = read.format.escapeEscape;
  if (read.format.comment != '\0') o.comment = read.format.comment;
  if (!read.format.lineSep.empty()) o.lineSep = read.format.lineSep;
  o.header = read.header;
  o.ignoreLeadingWhiteSpace = options.getBool("ignoreLeadingWhiteSpace", true);
  o.ignoreTrailingWhiteSpace = options.getBool("ignoreTrailingWhiteSpace", true);
  o.quoteAll = options.getBool("quoteAll", false);
  o.escapeQuotes = options.getBool("escapeQuotes", true);
  o.nullValue = read.nullValue;
  o.emptyValue = options.getOr("emptyValue", "\"\"");
  o.timestampFormat =
      DateTimePattern::compile(options.getOr("timestampFormat", kDefaultTimestampFormat), false);
  o.dateFormat = DateTimePattern::compile(options.getOr("dateFormat", kDefaultDateFormat), false);
  o.zone = read.zoneOverride ? read.zoneOverride : sessionZone ? sessionZone : TimeZone::utc();
  return o;
}

CsvWriter::CsvWriter(SchemaPtr schema, CsvWriteOptions options)
    : schema_(std::move(schema)), options_(std::move(options)) {
  if (!options_.timestampFormat)
    options_.timestampFormat = DateTimePattern::compile(kDefaultTimestampFormat, false);
  if (!options_.dateFormat)
    options_.dateFormat = DateTimePattern::compile(kDefaultDateFormat, false);
  if (!options_.zone) options_.zone = TimeZone::utc();
}

void CsvWriter::verifySchema(const DataType& schema) {
  for (const auto& field : schema.fields()) {
    if (field.type->id() == TypeId::kInterval)
      throw AnalysisException("Cannot save interval data type into external storage.");
    if (field.type->isNested()) throwUnsupported(field);
  }
}

void CsvWriter::writeField(size_t column, const std::string* value, std::string& out) const {
  const CsvWriteOptions& o = options_;
  std::string_view text;
  bool isNull = value == nullptr;
  if (isNull) {
    text = o.nullValue;
  } else {
    text = *value;
  }
  char first = text.empty() ? '\0' : text[0];
  size_t begin = 0, end = text.size();
  if (o.ignoreLeadingWhiteSpace)
    while (begin < end && isTrimmable(text[begin])) ++begin;
  if (o.ignoreTrailingWhiteSpace)
    while (end > begin && isTrimmable(text[end - 1])) --end;
  text = text.substr(begin, end - begin);
  if (text.empty()) {
    // Nothing left to write: univocity writes the null or empty value instead, as given.
    std::string_view replacement = isNull ? std::string_view(o.nullValue) : o.emptyValue;
    if (replacement.empty()) {
      if (o.quoteAll) (out += o.quote) += o.quote;
      return;
    }
    if (replacement.size() >= 2 && replacement.front() == o.quote &&
        replacement.back() == o.quote) {
      out += replacement;
      return;
    }
    text = replacement;
    first = text[0];
  }
  bool quoted =
      o.quote != '\0' && (o.quoteAll || text[0] == o.quote || (column == 0 && first == o.comment));
  if (!quoted && o.quote != '\0') {
    for (char c : text) {
      if (c == '\n' || c == '\r' || (o.escapeQuotes && c == o.quote) ||
          o.lineSep.find(c) != std::string::npos) {
        quoted = true;
        break;
      }
    }
    if (!quoted && text.find(o.delimiter) != std::string_view::npos) quoted = true;
  }
  if (!quoted) {
    out += text;
    return;
  }
  out += o.quote;
  for (char c : text) {
    if (c == o.quote) {
      out += o.escape;
    } else if (c == o.escape && o.escapeEscape != '\0') {
      out += o.escapeEscape;
    }
    out += c;
  }
  out += o.quote;
}

void CsvWriter::writeHeader(std::string& out) const {
  const auto& fields = schema_->fields();
  for (size_t c = 0; c < fields.size(); ++c) {
    if (c) out += options_.delimiter;
    writeField(c, &fields[c].name, out);
  }
  out += options_.lineSep;
}

void CsvWriter::valueText(const Column& column, int64_t row, std::string& out) const {
  const DataType& type = *column.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      out += column.valueAt<uint8_t>(row) ? "true" : "false";
      break;
    case TypeId::kByte:
      out += std::to_string(column.valueAt<int8_t>(row));
      break;
    case TypeId::kShort:
      out += std::to_string(column.valueAt<int16_t>(row));
      break;
    case TypeId::kInt:
      out += std::to_string(column.valueAt<int32_t>(row));
      break;
    case TypeId::kLong:
      out += std::to_string(column.valueAt<int64_t>(row));
      break;
    case TypeId::kFloat:
      out += formatFloat(column.valueAt<float>(row));
      break;
    case TypeId::kDouble:
      out += formatDouble(column.valueAt<double>(row));
      break;
    case TypeId::kDecimal:
      // Decimal.toString is java.math.BigDecimal's.
      out += javaBigDecimalString(column.valueAt<Int128>(row), type.scale());
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      out += column.stringAt(row);
      break;
    case TypeId::kDate:
      options_.dateFormat->formatTo(out, int64_t{column.valueAt<int32_t>(row)} * kMicrosPerDay,
                                    *TimeZone::utc());
      break;
    case TypeId::kTimestamp:
      options_.timestampFormat->formatTo(out, column.valueAt<int64_t>(row), *options_.zone);
      break;
    default:
      out += formatValue(column.valueAt(row), type, *options_.zone, false);
      break;
  }
}

void CsvWriter::writeRows(const Batch& batch, std::string& out) const {
  BatchPtr rows = batch.hasSelection() ? batch.materialize() : nullptr;
  const Batch& b = rows ? *rows : batch;
  std::string value;
  for (int64_t r = 0; r < b.numRows(); ++r) {
    for (size_t c = 0; c < b.numColumns(); ++c) {
      if (c) out += options_.delimiter;
      const Column& column = *b.column(c);
      if (column.isNull(r)) {
        writeField(c, nullptr, out);
      } else {
        value.clear();
        valueText(column, r, value);
        writeField(c, &value, out);
      }
    }
    out += options_.lineSep;
  }
}

}  // namespace spate
