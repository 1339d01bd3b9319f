#include <cmath>
#include <limits>
#include <memory>

#include "common/error.h"
#include "common/strings.h"
#include "connector/file/csv_infer.h"
#include "connector/file/csv_options.h"
#include "connector/file/csv_parser.h"
#include "connector/file/csv_values.h"
#include "connector/file/file_buffer.h"
#include "connector/file/file_formats.h"

namespace spate {

namespace {

// A batch is also cut when its records hold this many bytes, so that string offsets (int32)
// never overflow.
constexpr size_t kMaxBatchBytes = size_t{1} << 30;
// Decoded files stay in memory between schema inference and reading up to this total.
constexpr size_t kFileCacheBytes = size_t{256} << 20;

struct CsvFile {
  std::string path;
  FileBuffer buffer;
  std::string storage;
  std::string_view text;
};

// The input files, decoded on demand and cached between the two passes when small.
class CsvFiles {
 public:
  CsvFiles(std::vector<std::string> paths, std::string charset)
      : paths_(std::move(paths)), charset_(std::move(charset)), cache_(paths_.size()) {}

  size_t size() const { return paths_.size(); }

  std::shared_ptr<const CsvFile> load(size_t i) {
    if (cache_[i]) return cache_[i];
    auto file = std::make_shared<CsvFile>();
    file->path = paths_[i];
    file->buffer = FileBuffer::read(paths_[i]);
    file->text = decodeText(file->buffer.bytes(), charset_, file->storage);
    size_t bytes = file->buffer.bytes().size() + file->storage.size();
    if (cachedBytes_ + bytes <= kFileCacheBytes) {
      cachedBytes_ += bytes;
      cache_[i] = file;
    }
    return file;
  }

  void release(size_t i) { cache_[i].reset(); }

 private:
  std::vector<std::string> paths_;
  std::string charset_;
  std::vector<std::shared_ptr<CsvFile>> cache_;
  size_t cachedBytes_ = 0;
};

bool isSupportedCsvType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return true;
    default:
      return false;
  }
}

// The user's schema, checked as CSVFileFormat does and made nullable (file sources ignore
// NOT NULL).
SchemaPtr checkUserSchema(const SchemaPtr& schema, const CsvReadOptions& options) {
  std::vector<StructField> fields;
  for (const StructField& field : schema->fields()) {
    if (!isSupportedCsvType(*field.type))
      throw AnalysisException(
          "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't "
          "support the column " +
              quoteIdentifier(field.name) + " of the type \"" + field.type->sql() + "\".",
          "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
    if (field.name == options.columnNameOfCorruptRecord && field.type->id() != TypeId::kString)
      throw AnalysisException("The field for corrupt records must be string type and nullable");
    fields.push_back({field.name, field.type, true});
  }
  return DataType::structType(std::move(fields));
}

// Deterministic Bernoulli sampling for samplingRatio (Spark samples with seed 1; the exact rows
// differ).
class Sampler {
 public:
  explicit Sampler(double ratio) : ratio_(ratio) {}
  bool keep() {
    if (ratio_ > 0.99) return true;
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<double>(state_ >> 11) * 0x1.0p-53 < ratio_;
  }

 private:
  double ratio_;
  uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

// CSVDataSource.inferSchema: names from the first record of the first non-empty file, types
// from every record (sampled) when inferSchema.
SchemaPtr inferCsvSchema(CsvFiles& files, const CsvReadOptions& options) {
  if (files.size() == 0)
    throw AnalysisException(
        "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for CSV. It must be specified manually.",
        "UNABLE_TO_INFER_SCHEMA");
  std::vector<CsvField> first;
  TextArena firstArena;
  std::string firstLine;
  bool found = false;
  for (size_t i = 0; i < files.size() && !found; ++i) {
    auto file = files.load(i);
    CsvTokenizer tokenizer(options.format, file->text);
    std::string_view raw;
    if (tokenizer.next(first, firstArena, raw)) {
      found = true;
      firstLine = std::string(raw);
    }
  }
  if (!found) return DataType::structType({});
  std::vector<std::string> names = makeCsvColumnNames(first, options);
  if (!options.inferSchema) {
    std::vector<StructField> fields;
    for (auto& name : names) fields.push_back({name, DataType::string(), true});
    return DataType::structType(std::move(fields));
  }
  if (!(options.samplingRatio > 0))
    throw IllegalArgumentException("requirement failed: samplingRatio (" +
                                   formatDouble(options.samplingRatio) +
                                   ") should be greater than 0");
  CsvSchemaInference inference(options, names.size());
  Sampler sampler(options.samplingRatio);
  std::vector<CsvField> fields;
  TextArena arena;
  for (size_t i = 0; i < files.size(); ++i) {
    auto file = files.load(i);
    CsvTokenizer tokenizer(options.format, file->text);
    std::string_view raw;
    bool firstRecord = true;
    while (tokenizer.next(fields, arena, raw)) {
      // Without multiLine Spark drops every line equal to the header line; with it, the first
      // record of each file.
      bool isHeader = options.header && (options.format.multiLine ? firstRecord : raw == firstLine);
      firstRecord = false;
      if (!isHeader && sampler.keep()) inference.add(fields);
      fields.clear();
      arena.reset();
    }
  }
  return inference.schema(names);
}

// InternalRow.toString of a partial result, as Spark prints it in FAILFAST errors (the corrupt
// record column, if any, holds the record).
std::string formatPartialRow(const std::vector<ColumnPtr>& columns, int64_t row, int corruptIndex,
                             std::string_view record) {
  std::string out = "[";
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out += ',';
    if (static_cast<int>(c) == corruptIndex) {
      out += record;
      continue;
    }
    const Column& column = *columns[c];
    if (column.isNull(row)) {
      out += "null";
      continue;
    }
    switch (column.typeId()) {
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
      case TypeId::kDate:
        out += std::to_string(column.valueAt<int32_t>(row));
        break;
      case TypeId::kLong:
      case TypeId::kTimestamp:
        out += std::to_string(column.valueAt<int64_t>(row));
        break;
      case TypeId::kFloat:
        out += formatFloat(column.valueAt<float>(row));
        break;
      case TypeId::kDouble:
        out += formatDouble(column.valueAt<double>(row));
        break;
      case TypeId::kDecimal:
        out += formatDecimal(column.valueAt<Int128>(row), column.type()->scale());
        break;
      default:
        out += column.stringAt(row);
        break;
    }
  }
  return out + "]";
}

std::string removeGmt(std::string_view text) {
  std::string out(text);
  for (size_t k; (k = out.find("GMT")) != std::string::npos;) out.erase(k, 3);
  return out;
}

// Converts the records of one file into batches of the data schema.
class CsvBatchReader {
 public:
  CsvBatchReader(SchemaPtr schema, const CsvReadOptions& options)
      : schema_(std::move(schema)), options_(options) {
    const auto& fields = schema_->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == options_.columnNameOfCorruptRecord &&
          fields[i].type->id() == TypeId::kString) {
        corruptIndex_ = static_cast<int>(i);
      } else {
        parsedToOutput_.push_back(static_cast<int>(i));
      }
    }
    columns_ = parsedToOutput_.size();
    emptyIsNull_ = options_.emptyValue == options_.nullValue;
  }

  void readFile(const CsvFile& file, FileReadResult& result) {
    CsvTokenizer tokenizer(options_.format, file.text);
    std::string_view raw;
    bool first = true;
    const auto batchRows = static_cast<size_t>(std::max<int64_t>(1, defaultVectorSize()));
    while (true) {
      size_t start = fields_.size();
      if (!tokenizer.next(fields_, arena_, raw)) break;
      if (first && options_.header) {
        first = false;
        if (!options_.enforceSchema) checkHeader(std::span(fields_).subspan(start), file.path);
        fields_.resize(start);
        continue;
      }
      first = false;
      size_t count = fields_.size() - start;
      bool malformed = count != columns_ || tokenizer.lastRecordMalformed();
      if (count > columns_) {
        fields_.resize(start + columns_);
      } else {
        fields_.resize(start + columns_, CsvField{nullptr, 0, CsvField::kMissing});
      }
      raw_.push_back(raw);
      malformed_.push_back(malformed ? 1 : 0);
      rawBytes_ += raw.size();
      if (raw_.size() >= batchRows || rawBytes_ >= kMaxBatchBytes) flush(result);
    }
    flush(result);
  }

 private:
  // CSVHeaderChecker with enforceSchema=false.
  void checkHeader(std::span<const CsvField> header, const std::string& path) const {
    std::vector<std::string> names, columns;
    for (int index : parsedToOutput_) names.push_back(schema_->fields()[index].name);
    for (const CsvField& field : header) columns.emplace_back(csvFieldText(field, options_));
    std::string message;
    if (names.size() == columns.size()) {
      for (size_t i = 0; i < names.size(); ++i) {
        if (toLower(names[i]) != toLower(columns[i])) {
          message =
              "CSV header does not conform to the schema.\n Header: " + joinStrings(columns, ", ") +
              "\n Schema: " + joinStrings(names, ", ") + "\nExpected: " + names[i] +
              " but found: " + columns[i] + "\n";
          break;
        }
      }
    } else {
      message =
          "Number of column in CSV header is not equal to number of fields in the schema:\n"
          " Header length: " +
          std::to_string(columns.size()) + ", schema size: " + std::to_string(names.size()) + "\n";
    }
    if (!message.empty()) throw IllegalArgumentException(message + "CSV file: " + fileUrl(path));
  }

  // Resolves row r's field of column c: nullopt for a null value, else its text.
  std::optional<std::string_view> fieldText(size_t r, size_t c) const {
    const CsvField& f = fields_[r * columns_ + c];
    switch (f.kind) {
      case CsvField::kText: {
        std::string_view text = f.text();
        if (text == options_.nullValue) return std::nullopt;
        return text;
      }
      case CsvField::kQuotedEmpty:
        if (emptyIsNull_) return std::nullopt;
        return std::string_view(options_.emptyValue);
      default:
        return std::nullopt;
    }
  }

  template <typename Convert>
  ColumnPtr convertColumn(const TypePtr& type, size_t c, size_t rows, Convert&& convert) {
    ColumnBuilder builder(type, static_cast<int64_t>(rows));
    for (size_t r = 0; r < rows; ++r) {
      auto text = fieldText(r, c);
      if (!text) {
        builder.appendNull();
      } else if (!convert(builder, *text)) {
        builder.appendNull();
        malformed_[r] = 1;
      }
    }
    return builder.finish();
  }

  template <typename T>
  ColumnPtr convertFloating(const TypePtr& type, size_t c, size_t rows) {
    return convertColumn(type, c, rows, [&](ColumnBuilder& b, std::string_view s) {
      T value;
      if (s == options_.nanValue) {
        value = std::numeric_limits<T>::quiet_NaN();
      } else if (s == options_.negativeInf) {
        value = -std::numeric_limits<T>::infinity();
      } else if (s == options_.positiveInf) {
        value = std::numeric_limits<T>::infinity();
      } else {
        std::optional<T> parsed;
        if constexpr (std::is_same_v<T, float>) {
          parsed = parseJavaFloat(s);
        } else {
          parsed = parseJavaDouble(s);
        }
        if (!parsed) return false;
        value = *parsed;
      }
      b.appendFixed<T>(value);
      return true;
    });
  }

  template <typename T>
  ColumnPtr convertIntegral(const TypePtr& type, size_t c, size_t rows) {
    return convertColumn(type, c, rows, [](ColumnBuilder& b, std::string_view s) {
      auto v = parseJavaIntegral(s, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
      if (!v) return false;
      b.appendFixed<T>(static_cast<T>(*v));
      return true;
    });
  }

  ColumnPtr convert(const TypePtr& type, size_t c, size_t rows) {
    const TimeZone& zone = *options_.zone;
    switch (type->id()) {
      case TypeId::kBoolean:
        return convertColumn(type, c, rows, [](ColumnBuilder& b, std::string_view s) {
          auto v = parseJavaBoolean(s);
          if (v) b.appendBool(*v);
          return v.has_value();
        });
      case TypeId::kByte:
        return convertIntegral<int8_t>(type, c, rows);
      case TypeId::kShort:
        return convertIntegral<int16_t>(type, c, rows);
      case TypeId::kInt:
        return convertIntegral<int32_t>(type, c, rows);
      case TypeId::kLong:
        return convertIntegral<int64_t>(type, c, rows);
      case TypeId::kFloat:
        return convertFloating<float>(type, c, rows);
      case TypeId::kDouble:
        return convertFloating<double>(type, c, rows);
      case TypeId::kDecimal: {
        int precision = type->precision(), scale = type->scale();
        return convertColumn(type, c, rows, [=](ColumnBuilder& b, std::string_view s) {
          auto v = parseCsvDecimal(s, precision, scale);
          if (v) b.appendDecimal(*v);
          return v.has_value();
        });
      }
      case TypeId::kDate:
        return convertColumn(type, c, rows, [&](ColumnBuilder& b, std::string_view s) {
          std::optional<int32_t> days =
              options_.dateFormat ? options_.dateFormat->parseDate(s) : parseDate(s);
          if (!days && options_.dateFallback) days = parseDate(removeGmt(s));
          if (days) b.appendFixed<int32_t>(*days);
          return days.has_value();
        });
      case TypeId::kTimestamp:
        return convertColumn(type, c, rows, [&](ColumnBuilder& b, std::string_view s) {
          std::optional<int64_t> micros = options_.timestampFormat
                                              ? options_.timestampFormat->parseTimestamp(s, zone)
                                              : parseTimestamp(s, zone);
          if (!micros && options_.timestampFallback) micros = parseTimestamp(removeGmt(s), zone);
          if (micros) b.appendFixed<int64_t>(*micros);
          return micros.has_value();
        });
      default:  // string and binary keep the text
        return convertColumn(type, c, rows, [](ColumnBuilder& b, std::string_view s) {
          b.appendString(s);
          return true;
        });
    }
  }

  void flush(FileReadResult& result) {
    size_t rows = raw_.size();
    if (rows > 0) emit(rows, result);
    fields_.clear();
    raw_.clear();
    malformed_.clear();
    arena_.reset();
    rawBytes_ = 0;
  }

  void emit(size_t rows, FileReadResult& result) {
    const auto& fields = schema_->fields();
    std::vector<ColumnPtr> columns(fields.size());
    for (size_t c = 0; c < columns_; ++c) {
      int out = parsedToOutput_[c];
      columns[out] = convert(fields[out].type, c, rows);
    }
    size_t bad = 0;
    for (uint8_t m : malformed_) bad += m;
    if (corruptIndex_ >= 0) {
      ColumnBuilder corrupt(DataType::string(), static_cast<int64_t>(rows));
      for (size_t r = 0; r < rows; ++r) {
        if (malformed_[r] && options_.mode == ParseMode::kPermissive) {
          corrupt.appendString(raw_[r]);
        } else {
          corrupt.appendNull();
        }
      }
      columns[corruptIndex_] = corrupt.finish();
    }
    int64_t outputRows = static_cast<int64_t>(rows);
    if (bad > 0) {
      if (options_.mode == ParseMode::kFailFast) {
        size_t r = 0;
        while (!malformed_[r]) ++r;
        throw ExecutionException(
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in "
            "record parsing: " +
                formatPartialRow(columns, static_cast<int64_t>(r), corruptIndex_, raw_[r]) +
                ".\nParse Mode: FAILFAST. To process malformed records as null result, try "
                "setting the option 'mode' as 'PERMISSIVE'.",
            "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
      }
      result.malformedRecords += static_cast<int64_t>(bad);
      if (options_.mode == ParseMode::kDropMalformed) {
        std::vector<uint32_t> kept;
        kept.reserve(rows - bad);
        for (size_t r = 0; r < rows; ++r)
          if (!malformed_[r]) kept.push_back(static_cast<uint32_t>(r));
        if (kept.empty()) return;
        for (auto& column : columns) column = gatherColumn(column, kept);
        outputRows = static_cast<int64_t>(kept.size());
      }
    }
    result.batches.push_back(std::make_shared<Batch>(schema_, std::move(columns), outputRows));
  }

  SchemaPtr schema_;
  const CsvReadOptions& options_;
  std::vector<int> parsedToOutput_;
  int corruptIndex_ = -1;
  size_t columns_ = 0;
  bool emptyIsNull_ = false;
  std::vector<CsvField> fields_;  // row-major, columns_ per record
  std::vector<std::string_view> raw_;
  std::vector<uint8_t> malformed_;
  TextArena arena_;
  size_t rawBytes_ = 0;
};

}  // namespace

FileReadResult readCsv(const std::vector<std::string>& paths, const SchemaPtr& schema,
                       const FileOptions& fileOptions, const TimeZone& zone) {
  CsvReadOptions options = CsvReadOptions::parse(fileOptions, zone);
  bool recursive = fileOptions.getBool("recursiveFileLookup", false);
  std::vector<std::string> files;
  for (const auto& path : paths) {
    auto listed = listDataFiles(path, recursive);
    files.insert(files.end(), listed.begin(), listed.end());
  }
  CsvFiles inputs(std::move(files), options.charset);
  FileReadResult result;
  result.schema = schema ? checkUserSchema(schema, options) : inferCsvSchema(inputs, options);
  CsvBatchReader reader(result.schema, options);
  for (size_t i = 0; i < inputs.size(); ++i) {
    reader.readFile(*inputs.load(i), result);
    inputs.release(i);
  }
  return result;
}

}  // namespace spate
