#include "connector/file_stream/file_stream_sink.h"

#include <filesystem>
#include <mutex>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"
#include "connector/file/csv_writer.h"
#include "connector/file/file_buffer.h"
#include "connector/file_stream/file_stream_log.h"
#include "vector/json_writer.h"

namespace spate::connector {

namespace {

namespace fs = std::filesystem;

std::string confValue(const ConnectorContext& context, const std::string& key) {
  return context.conf ? std::string(trimWhitespace(context.conf(key))) : std::string();
}

int64_t confLong(const ConnectorContext& context, const std::string& key, int64_t fallback) {
  std::string value = confValue(context, key);
  if (value.empty()) return fallback;
  try {
    return parseJavaLong(value);
  } catch (const IllegalArgumentException&) {
    return fallback;
  }
}

std::string absolutePath(std::string_view path) {
  if (path.starts_with("file://")) {
    path.remove_prefix(7);
  } else if (path.starts_with("file:")) {
    path.remove_prefix(5);
  }
  fs::path p{std::string(path)};
  if (p.is_relative()) p = fs::current_path() / p;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::map<std::string, std::string> optionsWithoutPath(const ConnectorContext& context) {
  std::map<std::string, std::string> options;
  for (const auto& [k, v] : context.options)
    if (!equalsIgnoreCase(k, "path")) options[k] = v;
  return options;
}

[[noreturn]] void throwUnsupportedType(const std::string& source, const StructField& field) {
  throw AnalysisException("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The " + source +
                              " datasource doesn't support the column " +
                              quoteIdentifier(field.name) + " of the type \"" + field.type->sql() +
                              "\".",
                          "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
}

bool containsInterval(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInterval:
      return true;
    case TypeId::kArray:
      return containsInterval(*type.element());
    case TypeId::kMap:
      return containsInterval(*type.key()) || containsInterval(*type.value());
    case TypeId::kStruct:
      for (const auto& f : type.fields())
        if (containsInterval(*f.type)) return true;
      return false;
    default:
      return false;
  }
}

// FileFormat.verifySchema of each format.
void verifySchema(const std::string& format, const DataType& schema) {
  for (const auto& field : schema.fields())
    if (containsInterval(*field.type))
      throw AnalysisException("Cannot save interval data type into external storage.");
  if (format == "csv") {
    CsvWriter::verifySchema(schema);
  } else if (format == "text") {
    if (schema.fields().size() != 1)
      throw AnalysisException("Text data source supports only a single column, and you have " +
                              std::to_string(schema.fields().size()) + " columns.");
    if (schema.fields()[0].type->id() != TypeId::kString)
      throwUnsupportedType("Text", schema.fields()[0]);
  }
}

std::string extensionOf(const std::string& format) {
  if (format == "csv") return ".csv";
  if (format == "json") return ".json";
  return ".txt";
}

// Turns a micro-batch's rows into the bytes of one part file.
class FileEncoder {
 public:
  FileEncoder(const std::string& format, const SchemaPtr& schema, const FileOptions& options,
              const TimeZonePtr& zone)
      : format_(format), schema_(schema) {
    lineSep_ = options.getOr("lineSep", "\n");
    if (format == "json") {
      json_.emplace(schema, JsonOptions::fromMap(options.all()), zone);
    } else if (format == "csv") {
      csv_.emplace(schema, CsvWriteOptions::parse(options, zone));
      csvHeader_ = options.getBool("header", false);
    }
  }

  std::string encode(const std::vector<BatchPtr>& rows) const {
    std::string out;
    if (csv_ && csvHeader_) csv_->writeHeader(out);
    for (const auto& batch : rows) {
      if (batch->numRows() == 0) continue;
      BatchPtr visible = batch->hasSelection() ? batch->materialize() : batch;
      if (csv_) {
        csv_->writeRows(*visible, out);
      } else if (json_) {
        // The row as one struct value, which is what the JSON generator writes.
        Column row(schema_, visible->numRows());
        row.mutableChildren() = visible->columns();
        for (int64_t r = 0; r < visible->numRows(); ++r) {
          json_->write(row, r, out);
          out += lineSep_;
        }
      } else {
        const Column& values = *visible->column(0);
        for (int64_t r = 0; r < visible->numRows(); ++r) {
          if (!values.isNull(r)) out += values.stringAt(r);  // a NULL is an empty line
          out += lineSep_;
        }
      }
    }
    return out;
  }

 private:
  std::string format_;
  SchemaPtr schema_;
  std::string lineSep_;
  std::optional<JsonWriter> json_;
  std::optional<CsvWriter> csv_;
  bool csvHeader_ = false;
};

class FileStreamSink : public Sink {
 public:
  FileStreamSink(const ConnectorContext& context, const SchemaPtr& input)
      : format_(toLower(context.format)),
        path_(*context.option("path")),
        directory_(absolutePath(path_)),
        encoder_(format_, input, FileOptions(optionsWithoutPath(context)),
                 context.timeZone ? context.timeZone : TimeZone::utc()),
        log_(directory_ + "/_spark_metadata", logSettings(context)) {
    // Spark's metadata log creates its directory when the sink is created.
    std::error_code ec;
    fs::create_directories(directory_ + "/_spark_metadata", ec);
  }

  std::string description() const override { return "FileSink[" + path_ + "]"; }

  // A DSv1 sink: Spark reports -1 output rows.
  bool reportsOutputRows() const override { return false; }

  Status addBatch(const SinkBatch& batch) override {
    std::lock_guard lock(mutex_);
    auto latest = log_.latestBatchId();
    if (!latest.ok()) return latest.error();
    if (*latest && batch.batchId <= **latest) return Status::success();  // already committed
    std::string content;
    try {
      content = encoder_.encode(batch.rows);
    } catch (const SpateError& e) {
      return Error::user(e.what());
    }
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec) return Error::external("Cannot create directory " + directory_ + ": " + ec.message());
    std::string file = directory_ + "/part-00000-" + randomUuid() + "-c000" + extensionOf(format_);
    if (Status s = writeFileAtomically(file, content); !s) return s;
    SinkFileStatus status;
    status.path = fileUrl(file);
    status.size = static_cast<int64_t>(content.size());
    status.modificationTime = modificationTimeMillis(file).value_or(0);
    auto added = log_.add(batch.batchId, {status.json()});
    if (!added.ok() || !*added) {
      fs::remove(file, ec);  // as the commit protocol's abort
      if (!added.ok()) return added.error();
      return Error::internal("Race while writing batch " + std::to_string(batch.batchId));
    }
    return Status::success();
  }

 private:
  static CompactibleFileLog::Settings logSettings(const ConnectorContext& context) {
    CompactibleFileLog::Settings s;
    const std::string key = "spark.sql.streaming.fileSink.log.compactInterval";
    s.defaultCompactInterval = static_cast<int>(confLong(context, key, 10));
    if (s.defaultCompactInterval <= 0)
      throw IllegalArgumentException("requirement failed: Please set " + key + " (was " +
                                     std::to_string(s.defaultCompactInterval) +
                                     ") to a positive value.");
    std::string deletion = confValue(context, "spark.sql.streaming.fileSink.log.deletion");
    s.deleteExpiredLog = !equalsIgnoreCase(deletion, "false");
    std::string delay = confValue(context, "spark.sql.streaming.fileSink.log.cleanupDelay");
    s.cleanupDelayMs = 10 * 60 * 1000;
    if (!delay.empty()) {
      try {
        s.cleanupDelayMs = parseTimeString(delay, TimeUnit::kMilliseconds);
      } catch (const IllegalArgumentException&) {
      }
    }
    s.minBatchesToRetain = confLong(context, "spark.sql.streaming.minBatchesToRetain", 100);
    // FileStreamSinkLog.compactLogs: files deleted later are dropped from a compaction.
    s.compactEntries = [](std::vector<std::string> entries) {
      std::set<std::string> deleted;
      for (const auto& line : entries)
        if (auto status = SinkFileStatus::parse(line); status && status->action == "delete")
          deleted.insert(status->path);
      if (deleted.empty()) return entries;
      std::erase_if(entries, [&](const std::string& line) {
        auto status = SinkFileStatus::parse(line);
        return status && deleted.contains(status->path);
      });
      return entries;
    };
    return s;
  }

  std::string format_;
  std::string path_;
  std::string directory_;
  FileEncoder encoder_;
  CompactibleFileLog log_;
  std::mutex mutex_;
};

}  // namespace

void checkFileStreamSink(const ConnectorContext& context, OutputMode mode, const SchemaPtr& input) {
  if (!context.option("path")) throw IllegalArgumentException("'path' is not specified");
  if (mode != OutputMode::kAppend)
    throw AnalysisException("Data source " + context.format + " does not support " +
                            outputModeName(mode) + " output mode");
  std::string format = toLower(context.format);
  if (input) verifySchema(format, *input);
  for (const char* key : {"compression", "codec"}) {
    auto codec = context.option(key);
    if (codec && !equalsIgnoreCase(*codec, "none") && !equalsIgnoreCase(*codec, "uncompressed"))
      throw IllegalArgumentException("Codec [" + *codec +
                                     "] is not available. Known codecs are none, uncompressed.");
  }
  // Writing options are checked now rather than at the first batch.
  FileOptions options(optionsWithoutPath(context));
  TimeZonePtr zone = context.timeZone ? context.timeZone : TimeZone::utc();
  if (format == "csv") CsvWriteOptions::parse(options, zone);
  if (format == "json") JsonOptions::fromMap(options.all());
}

Status writeFileBatch(const ConnectorContext& context, SaveMode mode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows) {
  checkFileStreamSink(context, OutputMode::kAppend, schema);
  std::string directory = absolutePath(*context.option("path"));
  std::error_code ec;
  bool exists = fs::exists(directory, ec);
  if (exists) {
    if (mode == SaveMode::kIgnore) return Status::success();
    if (mode == SaveMode::kErrorIfExists)
      return Error::user("[PATH_ALREADY_EXISTS] Path " + fileUrl(directory) +
                         " already exists. Set mode as \"overwrite\" to overwrite the existing path.");
    if (mode == SaveMode::kOverwrite) {
      fs::remove_all(directory, ec);
      if (ec) return Error::external("Cannot delete " + directory + ": " + ec.message());
    }
  }
  fs::create_directories(directory, ec);
  if (ec) return Error::external("Cannot create directory " + directory + ": " + ec.message());
  std::string format = toLower(context.format);
  std::string content;
  try {
    FileEncoder encoder(format, schema, FileOptions(optionsWithoutPath(context)),
                        context.timeZone ? context.timeZone : TimeZone::utc());
    content = encoder.encode(rows);
  } catch (const SpateError& e) {
    return Error::user(e.what());
  }
  std::string file = directory + "/part-00000-" + randomUuid() + "-c000" + extensionOf(format);
  if (Status s = writeFileAtomically(file, content); !s) return s;
  // Spark's job commit marker, written last.
  return writeFileAtomically(directory + "/_SUCCESS", "");
}

std::unique_ptr<Sink> makeFileStreamSink(const ConnectorContext& context, OutputMode mode,
                                         const SchemaPtr& input) {
  checkFileStreamSink(context, mode, input);
  return std::make_unique<FileStreamSink>(context, input);
}

}  // namespace spate::connector
