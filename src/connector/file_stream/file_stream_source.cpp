// The file source. latestOffset() lists the directory, takes the files not seen before (oldest
// first, at most maxFilesPerTrigger) and records them in the source's log under a new log offset
// before returning it; getBatch() reads the files recorded for the offsets asked for, so a
// restarted query replays the same files. Offsets are {"logOffset":N}.
#include "connector/file_stream/file_stream_source.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"
#include "connector/file/file_buffer.h"
#include "connector/file/file_formats.h"
#include "connector/file_stream/file_stream_log.h"

namespace spate::connector {

namespace {

namespace fs = std::filesystem;

constexpr double kDiscardUnseenFilesRatio = 0.2;
constexpr size_t kMaxCachedUnseenFiles = 10000;

std::string confValue(const ConnectorContext& context, const std::string& key) {
  return context.conf ? context.conf(key) : std::string();
}

int64_t confLong(const ConnectorContext& context, const std::string& key, int64_t fallback) {
  std::string value(trimWhitespace(confValue(context, key)));
  if (value.empty()) return fallback;
  try {
    return parseJavaLong(value);
  } catch (const IllegalArgumentException&) {
    return fallback;
  }
}

bool confBool(const ConnectorContext& context, const std::string& key, bool fallback) {
  std::string value(trimWhitespace(confValue(context, key)));
  if (equalsIgnoreCase(value, "true")) return true;
  if (equalsIgnoreCase(value, "false")) return false;
  return fallback;
}

int64_t confTimeMs(const ConnectorContext& context, const std::string& key, int64_t fallback) {
  std::string value = confValue(context, key);
  if (trimWhitespace(value).empty()) return fallback;
  try {
    return parseTimeString(value, TimeUnit::kMilliseconds);
  } catch (const IllegalArgumentException&) {
    return fallback;
  }
}

// Hadoop's GlobPattern special characters.
bool isGlobPath(std::string_view path) {
  return path.find_first_of("{}[]*?\\") != std::string_view::npos;
}

// Hadoop's qualified form of a local path without the "file:" scheme.
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

TypePtr asNullable(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kArray:
      return DataType::array(asNullable(type->element()), true);
    case TypeId::kMap:
      return DataType::map(asNullable(type->key()), asNullable(type->value()), true);
    case TypeId::kStruct: {
      std::vector<StructField> fields = type->fields();
      for (auto& f : fields) {
        f.type = asNullable(f.type);
        f.nullable = true;
      }
      return DataType::structType(std::move(fields));
    }
    default:
      return type;
  }
}

std::map<std::string, std::string> optionsWithoutPath(const ConnectorContext& context) {
  std::map<std::string, std::string> options;
  for (const auto& [k, v] : context.options)
    if (!equalsIgnoreCase(k, "path")) options[k] = v;
  return options;
}

std::string requirePath(const ConnectorContext& context) {
  auto value = context.option("path");
  if (!value) throw IllegalArgumentException("'path' is not specified");
  return *value;
}

// Text sources have one string column, `value` unless the user named it.
SchemaPtr textSchema(const ConnectorContext& context) {
  if (context.userSchema) {
    const auto& fields = context.userSchema->fields();
    if (fields.size() != 1)
      throw AnalysisException("Text data source supports only a single column, and you have " +
                              std::to_string(fields.size()) + " columns.");
    if (fields[0].type->id() != TypeId::kString)
      throw AnalysisException(
          "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column " +
              quoteIdentifier(fields[0].name) + " of the type \"" + fields[0].type->sql() + "\".",
          "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
    return DataType::structType({{fields[0].name, DataType::string(), true}});
  }
  return DataType::structType({{"value", DataType::string(), true}});
}

FileReadResult readFiles(const std::string& format, const std::vector<std::string>& paths,
                         const SchemaPtr& schema, const FileOptions& options,
                         const TimeZone& zone) {
  if (format == "csv") return readCsv(paths, schema, options, zone);
  if (format == "json") return readJson(paths, schema, options, zone);
  FileReadResult result = readText(paths, options);
  if (schema) {
    for (auto& batch : result.batches) batch = batch->withSchema(schema);
    result.schema = schema;
  }
  return result;
}

struct ListedFile {
  std::string uri;
  int64_t timestamp;
};

// Every file under `path` (a directory, file or glob), recursively, hidden names skipped.
std::vector<ListedFile> listFiles(const std::string& path) {
  std::vector<std::string> paths;
  try {
    paths = listDataFiles(path, true);
  } catch (const AnalysisException&) {
    return {};  // nothing there (yet)
  }
  std::vector<ListedFile> files;
  files.reserve(paths.size());
  for (auto& p : paths)
    if (auto mtime = modificationTimeMillis(p)) files.push_back({fileUrl(p), *mtime});
  return files;
}

enum class CleanSource { kOff, kArchive, kDelete };

struct FileStreamOptions {
  std::optional<int32_t> maxFilesPerTrigger;
  int64_t maxFileAgeMs = 7 * 24 * 3600 * int64_t{1000};
  bool latestFirst = false;
  bool fileNameOnly = false;
  CleanSource cleanSource = CleanSource::kOff;
  std::optional<std::string> sourceArchiveDir;
};

// Scala's String.toBoolean, with FileStreamOptions' message.
bool booleanOption(const ConnectorContext& context, const std::string& name, bool fallback) {
  auto value = context.option(name);
  if (!value) return fallback;
  if (equalsIgnoreCase(*value, "true")) return true;
  if (equalsIgnoreCase(*value, "false")) return false;
  throw IllegalArgumentException("Invalid value '" + *value + "' for option '" + name +
                                 "', must be 'true' or 'false'");
}

FileStreamOptions parseFileStreamOptions(const ConnectorContext& context) {
  for (const char* name : {"modifiedBefore", "modifiedAfter"})
    if (context.option(name))
      throw IllegalArgumentException(std::string("option '") + name +
                                     "' is not allowed in file stream sources");
  FileStreamOptions o;
  if (auto value = context.option("maxFilesPerTrigger")) {
    std::optional<int32_t> n;
    try {
      n = parseJavaInt(*value);
    } catch (const IllegalArgumentException&) {
    }
    if (!n || *n <= 0)
      throw IllegalArgumentException(
          "Invalid value '" + *value +
          "' for option 'maxFilesPerTrigger', must be a positive integer");
    o.maxFilesPerTrigger = n;
  }
  o.maxFileAgeMs =
      parseTimeString(context.option("maxFileAge").value_or("7d"), TimeUnit::kMilliseconds);
  o.latestFirst = booleanOption(context, "latestFirst", false);
  o.fileNameOnly = booleanOption(context, "fileNameOnly", false);
  o.sourceArchiveDir = context.option("sourceArchiveDir");
  if (auto mode = context.option("cleanSource")) {
    std::string upper = toUpper(*mode);
    if (upper == "ARCHIVE") {
      o.cleanSource = CleanSource::kArchive;
    } else if (upper == "DELETE") {
      o.cleanSource = CleanSource::kDelete;
    } else if (upper == "OFF") {
      o.cleanSource = CleanSource::kOff;
    } else {
      throw IllegalArgumentException("Invalid mode for clean source option Some(" + *mode +
                                     "). Must be one of ARCHIVE,DELETE,OFF");
    }
    if (o.cleanSource == CleanSource::kArchive && !o.sourceArchiveDir)
      throw IllegalArgumentException("Archive mode must be used with 'sourceArchiveDir' option.");
  }
  return o;
}

std::vector<std::string> pathComponents(const std::string& absolute) {
  std::vector<std::string> parts;
  for (auto& part : splitString(absolute, '/'))
    if (!part.empty()) parts.push_back(std::move(part));
  return parts;
}

// SourceFileArchiver.assertParameters: archived files must never match the source pattern.
void checkArchiveDirectory(const std::string& sourcePattern, const std::string& archiveDir) {
  auto source = pathComponents(sourcePattern);
  auto archive = pathComponents(archiveDir);
  size_t depth = std::min(source.size(), archive.size());
  bool matched = depth > 0;
  for (size_t i = 0; i < depth && matched; ++i)
    matched = ::fnmatch(source[i].c_str(), archive[i].c_str(), FNM_PERIOD) == 0;
  if (matched)
    throw IllegalArgumentException(
        "requirement failed: Base archive path cannot be set to the path where archived path can "
        "possibly match with source pattern. Ensure the base archive path doesn't match with "
        "source pattern in depth, where the depth is minimum of depth on both paths.");
}

// FileStreamSource.SeenFilesMap: files taken so far, forgetting those maxAgeMs older than the
// newest one.
class SeenFilesMap {
 public:
  SeenFilesMap(int64_t maxAgeMs, bool fileNameOnly)
      : maxAgeMs_(maxAgeMs), fileNameOnly_(fileNameOnly) {}

  void add(const std::string& path, int64_t timestamp) {
    files_[key(path)] = timestamp;
    latestTimestamp_ = std::max(latestTimestamp_, timestamp);
  }

  bool isNewFile(const std::string& path, int64_t timestamp) const {
    // Against the last purge, so that an old file not yet purged is never taken twice.
    return timestamp >= lastPurgeTimestamp_ && !files_.contains(key(path));
  }

  void purge() {
    if (__builtin_sub_overflow(latestTimestamp_, maxAgeMs_, &lastPurgeTimestamp_))
      lastPurgeTimestamp_ = std::numeric_limits<int64_t>::min();
    std::erase_if(files_, [&](const auto& entry) { return entry.second < lastPurgeTimestamp_; });
  }

 private:
  std::string key(const std::string& path) const {
    if (!fileNameOnly_) return path;
    return fs::path(localPathOfUri(path)).filename().string();
  }

  int64_t maxAgeMs_;
  bool fileNameOnly_;
  std::unordered_map<std::string, int64_t> files_;
  int64_t latestTimestamp_ = 0;
  int64_t lastPurgeTimestamp_ = 0;
};

std::optional<int64_t> parseLogOffset(std::string_view json) {
  std::string_view trimmed = trimWhitespace(json);
  try {
    return parseJavaLong(trimmed);  // a legacy bare number
  } catch (const IllegalArgumentException&) {
  }
  size_t colon = trimmed.find(':');
  if (!trimmed.starts_with('{') || !trimmed.ends_with('}') || colon == std::string_view::npos ||
      trimWhitespace(trimmed.substr(1, colon - 1)) != "\"logOffset\"")
    return std::nullopt;
  try {
    return parseJavaLong(trimWhitespace(trimmed.substr(colon + 1, trimmed.size() - colon - 2)));
  } catch (const IllegalArgumentException&) {
    return std::nullopt;
  }
}

std::string logOffsetJson(int64_t offset) {
  return "{\"logOffset\":" + std::to_string(offset) + "}";
}

Error errorOf(const SpateError& e) {
  if (dynamic_cast<const ExecutionException*>(&e)) return Error::external(e.what(), false);
  return Error::user(e.what());
}

class FileStreamSource : public Source {
 public:
  FileStreamSource(const ConnectorContext& context, SchemaPtr schema)
      : format_(toLower(context.format)),
        path_(requirePath(context)),
        qualifiedPath_(absolutePath(path_)),
        schema_(std::move(schema)),
        readOptions_(optionsWithoutPath(context)),
        zone_(context.timeZone ? context.timeZone : TimeZone::utc()),
        options_(parseFileStreamOptions(context)),
        log_(context.metadataPath, logSettings(context)),
        seenFiles_(options_.latestFirst && options_.maxFilesPerTrigger
                       ? std::numeric_limits<int64_t>::max()
                       : options_.maxFileAgeMs,
                   options_.fileNameOnly) {
    if (options_.cleanSource == CleanSource::kArchive)
      checkArchiveDirectory(qualifiedPath_, absolutePath(*options_.sourceArchiveDir));
    if (isGlobPath(path_)) sourceHasMetadata_ = false;
    if (options_.latestFirst)
      logWarn("FileStreamSource",
              "'latestFirst' is true. New files will be processed first, which may affect the "
              "watermark\nvalue. In addition, 'maxFileAge' will be ignored.");
    if (options_.fileNameOnly)
      logWarn("FileStreamSource",
              "'fileNameOnly' is enabled. Make sure your file names are unique (e.g. using UUID), "
              "otherwise, files with the same name but under different paths will be considered "
              "the same and causes data lost.");
    if (!context.metadataPath.empty()) {
      std::error_code ec;
      fs::create_directories(context.metadataPath, ec);  // as HDFSMetadataLog does
    }
    // A restarted source knows every file its log recorded.
    auto latest = log_.latestBatchId();
    auto entries = log_.allEntries();
    if (!latest.ok()) throw ExecutionException(latest.error().message);
    if (!entries.ok()) throw ExecutionException(entries.error().message);
    currentLogOffset_ = latest->value_or(-1);
    for (const auto& line : *entries) {
      auto entry = SourceFileEntry::parse(line);
      if (!entry) throw ExecutionException("Malformed file source log entry: " + line);
      seenFiles_.add(entry->path, entry->timestamp);
    }
    seenFiles_.purge();
  }

  SchemaPtr schema() const override { return schema_; }

  std::string description() const override {
    return "FileStreamSource[file:" + qualifiedPath_ + "]";
  }

  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    std::lock_guard lock(mutex_);
    try {
      auto offset = fetchMaxOffset();
      if (!offset.ok()) return offset.error();
      if (*offset == -1) return std::optional<std::string>();
      return std::optional<std::string>(logOffsetJson(*offset));
    } catch (const SpateError& e) {
      return errorOf(e);
    }
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    auto startOffset = start ? parseLogOffset(*start) : std::optional<int64_t>(-1);
    auto endOffset = parseLogOffset(end);
    if (!startOffset || !endOffset || *startOffset > *endOffset)
      return Error::internal("Invalid file source offsets: " + start.value_or("null") + " to " +
                             end);
    std::vector<std::string> paths;
    {
      std::lock_guard lock(mutex_);
      for (int64_t id = *startOffset + 1; id <= *endOffset; ++id) {
        auto entries = entriesOfBatch(id);
        if (!entries.ok()) return entries.error();
        for (const auto& entry : *entries) paths.push_back(localPathOfUri(entry.path));
      }
    }
    if (paths.empty()) return std::vector<BatchPtr>{};
    try {
      return readFiles(format_, paths, schema_, readOptions_, *zone_).batches;
    } catch (const SpateError& e) {
      return errorOf(e);
    }
  }

  Status commit(const std::string& end) override {
    if (options_.cleanSource == CleanSource::kOff) return Status::success();
    auto offset = parseLogOffset(end);
    if (!offset) return Error::internal("Invalid file source offset: " + end);
    std::lock_guard lock(mutex_);
    auto entries = entriesOfBatch(*offset);
    if (!entries.ok()) return entries.error();
    for (const auto& entry : *entries) clean(localPathOfUri(entry.path));
    return Status::success();
  }

  void prepareForTriggerAvailableNow() override {
    std::lock_guard lock(mutex_);
    auto files = fetchAllFiles();
    if (files.ok()) filesForAvailableNow_ = std::move(*files);
  }

 private:
  static CompactibleFileLog::Settings logSettings(const ConnectorContext& context) {
    CompactibleFileLog::Settings s;
    const std::string key = "spark.sql.streaming.fileSource.log.compactInterval";
    s.defaultCompactInterval = static_cast<int>(confLong(context, key, 10));
    if (s.defaultCompactInterval <= 0)
      throw IllegalArgumentException("requirement failed: Please set " + key + " (was " +
                                     std::to_string(s.defaultCompactInterval) +
                                     ") to a positive value.");
    s.deleteExpiredLog = confBool(context, "spark.sql.streaming.fileSource.log.deletion", true);
    s.cleanupDelayMs =
        confTimeMs(context, "spark.sql.streaming.fileSource.log.cleanupDelay", 10 * 60 * 1000);
    s.minBatchesToRetain = confLong(context, "spark.sql.streaming.minBatchesToRetain", 100);
    return s;
  }

  // The files recorded for log batch `id` (FileStreamSourceLog.get: a compaction file holds
  // earlier batches too, so entries are filtered by their batch id).
  Result<std::vector<SourceFileEntry>> entriesOfBatch(int64_t id) const {
    auto lines = log_.get(id);
    if (!lines.ok()) return lines.error();
    std::vector<std::string> all;
    if (*lines) {
      all = std::move(**lines);
    } else {
      // The batch's own file was removed after a compaction: look in the latest compaction.
      auto everything = log_.allEntries();
      if (!everything.ok()) return everything.error();
      all = std::move(*everything);
    }
    std::vector<SourceFileEntry> entries;
    bool found = lines->has_value();
    for (const auto& line : all) {
      auto entry = SourceFileEntry::parse(line);
      if (!entry) return Error::user("Malformed file source log entry: " + line);
      if (entry->batchId != id) continue;
      found = true;
      entries.push_back(std::move(*entry));
    }
    if (!found)
      return Error::internal("The file source log has no batch " + std::to_string(id) + " (" +
                             log_.fileName(id) + ")");
    return entries;
  }

  // FileStreamSource.fetchAllFiles: the files to consider, by modification time (newest first
  // with latestFirst). A directory written by a file sink is read through its log.
  Result<std::vector<ListedFile>> fetchAllFiles() {
    std::vector<ListedFile> files;
    auto fromSinkLog = [&]() -> Status {
      if (options_.cleanSource != CleanSource::kOff)
        return Error::user(
            "Clean up source files is not supported when reading from the output directory of "
            "FileStreamSink.");
      sourceHasMetadata_ = true;
      auto entries = sinkLogEntries(qualifiedPath_);
      if (!entries.ok()) return entries.error();
      files.clear();
      if (*entries)
        for (const auto& e : **entries)
          files.push_back({fileUrl(localPathOfUri(e.path)), e.modificationTime});
      return Status::success();
    };
    auto hasSinkLog = [&] {
      std::error_code ec;
      return fs::is_directory(qualifiedPath_, ec) &&
             fs::exists(qualifiedPath_ + "/_spark_metadata", ec);
    };
    if (sourceHasMetadata_ == std::optional<bool>(true)) {
      if (Status s = fromSinkLog(); !s) return s.error();
    } else if (sourceHasMetadata_ == std::optional<bool>(false)) {
      files = listFiles(path_);
    } else if (hasSinkLog()) {
      if (Status s = fromSinkLog(); !s) return s.error();
    } else {
      files = listFiles(path_);
      // Decide for good once files exist; check the log again in case it appeared meanwhile.
      if (!files.empty()) {
        if (hasSinkLog()) {
          if (Status s = fromSinkLog(); !s) return s.error();
        } else {
          sourceHasMetadata_ = false;
        }
      }
    }
    bool newestFirst = options_.latestFirst;
    std::stable_sort(files.begin(), files.end(), [&](const ListedFile& a, const ListedFile& b) {
      return newestFirst ? a.timestamp > b.timestamp : a.timestamp < b.timestamp;
    });
    return files;
  }

  Result<int64_t> fetchMaxOffset() {
    std::vector<ListedFile> newFiles;
    if (unreadFiles_) {
      newFiles = std::move(*unreadFiles_);
      unreadFiles_.reset();
    } else {
      std::vector<ListedFile> all;
      if (filesForAvailableNow_) {
        all = *filesForAvailableNow_;
      } else {
        auto listed = fetchAllFiles();
        if (!listed.ok()) return listed.error();
        all = std::move(*listed);
      }
      for (auto& file : all)
        if (seenFiles_.isNewFile(file.uri, file.timestamp)) newFiles.push_back(std::move(file));
    }
    std::vector<ListedFile> batchFiles;
    if (options_.maxFilesPerTrigger) {
      size_t maxFiles = static_cast<size_t>(*options_.maxFilesPerTrigger);
      size_t take = std::min(maxFiles, newFiles.size());
      batchFiles.assign(std::make_move_iterator(newFiles.begin()),
                        std::make_move_iterator(newFiles.begin() + take));
      size_t rest = newFiles.size() - take;
      // Without latestFirst the rest of the listing is reused by the next batches, unless it is
      // too small to be worth it.
      if (!options_.latestFirst && rest > 0 &&
          static_cast<double>(rest) >= static_cast<double>(maxFiles) * kDiscardUnseenFilesRatio) {
        size_t keep = std::min(rest, kMaxCachedUnseenFiles);
        unreadFiles_.emplace(std::make_move_iterator(newFiles.begin() + take),
                             std::make_move_iterator(newFiles.begin() + take + keep));
      }
    } else {
      batchFiles = std::move(newFiles);
    }
    for (const auto& file : batchFiles) seenFiles_.add(file.uri, file.timestamp);
    seenFiles_.purge();
    if (!batchFiles.empty()) {
      int64_t next = currentLogOffset_ + 1;
      std::vector<std::string> lines;
      lines.reserve(batchFiles.size());
      for (const auto& file : batchFiles)
        lines.push_back(SourceFileEntry{file.uri, file.timestamp, next}.json());
      auto added = log_.add(next, lines);
      if (!added.ok()) return added.error();
      if (!*added)
        return Error::user("Concurrent update to the log. Multiple streaming jobs detected for " +
                           std::to_string(next));
      currentLogOffset_ = next;
    }
    return currentLogOffset_;
  }

  // FileStreamSourceCleaner: failures are only logged, as in Spark.
  void clean(const std::string& file) {
    std::error_code ec;
    if (options_.cleanSource == CleanSource::kDelete) {
      if (!fs::remove(file, ec))
        logWarn("FileStreamSource", "Failed to remove {} / skip removing file.", file);
      return;
    }
    std::string archiveBase = absolutePath(*options_.sourceArchiveDir);
    if (archiveBase == "/") archiveBase.clear();
    fs::path target = archiveBase + file;
    fs::create_directories(target.parent_path(), ec);
    fs::rename(file, target, ec);
    if (ec)
      logWarn("FileStreamSource", "Fail to move {} to {} / skip moving file.", file,
              target.string());
  }

  std::string format_;
  std::string path_;
  std::string qualifiedPath_;
  SchemaPtr schema_;
  FileOptions readOptions_;
  TimeZonePtr zone_;
  FileStreamOptions options_;
  CompactibleFileLog log_;
  std::mutex mutex_;
  SeenFilesMap seenFiles_;
  int64_t currentLogOffset_ = -1;
  std::optional<bool> sourceHasMetadata_;
  std::optional<std::vector<ListedFile>> unreadFiles_;
  std::optional<std::vector<ListedFile>> filesForAvailableNow_;
};

}  // namespace

SchemaPtr fileStreamSourceSchema(const ConnectorContext& context) {
  std::string format = toLower(context.format);
  std::string path = requirePath(context);
  if (!isGlobPath(path)) {
    std::error_code ec;
    if (!fs::exists(absolutePath(path), ec))
      throw AnalysisException("[PATH_NOT_FOUND] Path does not exist: " + path + ".",
                              "PATH_NOT_FOUND");
  }
  if (format == "text") return textSchema(context);
  if (context.userSchema) return asNullable(context.userSchema);
  if (!equalsIgnoreCase(trimWhitespace(confValue(context, "spark.sql.streaming.schemaInference")),
                        "true"))
    throw IllegalArgumentException(
        "Schema must be specified when creating a streaming source DataFrame. If some files "
        "already exist in the directory, then depending on the file format you may be able to "
        "create a static DataFrame on that directory with 'spark.read.load(directory)' and infer "
        "schema from it.");
  // Inferred from the files there now, as a batch read of the directory would.
  std::vector<std::string> paths;
  std::string qualified = absolutePath(path);
  auto sinkFiles = isGlobPath(path) ? Result<std::optional<std::vector<std::string>>>(
                                          std::optional<std::vector<std::string>>())
                                    : sinkLogDataFiles(qualified);
  if (!sinkFiles.ok()) throw ExecutionException(sinkFiles.error().message);
  if (*sinkFiles) {
    paths = std::move(**sinkFiles);
  } else {
    for (auto& file : listFiles(path)) paths.push_back(localPathOfUri(file.uri));
  }
  if (paths.empty())
    throw AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for " +
                                toUpper(format) + ". It must be specified manually.",
                            "UNABLE_TO_INFER_SCHEMA");
  FileOptions options(optionsWithoutPath(context));
  TimeZonePtr zone = context.timeZone ? context.timeZone : TimeZone::utc();
  return asNullable(readFiles(format, paths, nullptr, options, *zone).schema);
}

std::unique_ptr<Source> makeFileStreamSource(const ConnectorContext& context) {
  return std::make_unique<FileStreamSource>(context, fileStreamSourceSchema(context));
}

}  // namespace spate::connector
