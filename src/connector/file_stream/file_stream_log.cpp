#include "connector/file_stream/file_stream_log.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/time.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"
#include "vector/json_text.h"

namespace spate::connector {

namespace {

namespace fs = std::filesystem;

constexpr const char* kCompactSuffix = ".compact";

// Calls `f(key, element)` for each member of the JSON object `json`; false when it is not one.
template <typename F>
bool forEachMember(std::string_view json, F&& f) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::object object;
  if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS) return false;
  for (auto [key, value] : object) f(key, value);
  return true;
}

std::optional<int64_t> batchIdOfFileName(std::string_view name) {
  if (name.ends_with(kCompactSuffix)) name.remove_suffix(std::string_view(kCompactSuffix).size());
  if (name.empty() || name.starts_with('+')) return std::nullopt;
  try {
    return parseJavaLong(name);
  } catch (const IllegalArgumentException&) {
    return std::nullopt;
  }
}

// Splits a log file into lines as Scala's getLines does (\n or \r\n).
std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string SourceFileEntry::json() const {
  std::string out = "{\"path\":";
  appendJsonString(out, path);
  out += ",\"timestamp\":" + std::to_string(timestamp) + ",\"batchId\":" + std::to_string(batchId) +
         "}";
  return out;
}

std::optional<SourceFileEntry> SourceFileEntry::parse(std::string_view json) {
  SourceFileEntry entry;
  bool havePath = false, haveTimestamp = false, haveBatch = false;
  bool ok = forEachMember(json, [&](std::string_view key, simdjson::dom::element value) {
    if (key == "path") {
      std::string_view s;
      havePath = value.get_string().get(s) == simdjson::SUCCESS;
      entry.path = s;
    } else if (key == "timestamp") {
      haveTimestamp = value.get_int64().get(entry.timestamp) == simdjson::SUCCESS;
    } else if (key == "batchId") {
      haveBatch = value.get_int64().get(entry.batchId) == simdjson::SUCCESS;
    }
  });
  if (!ok || !havePath || !haveTimestamp || !haveBatch) return std::nullopt;
  return entry;
}

std::string SinkFileStatus::json() const {
  std::string out = "{\"path\":";
  appendJsonString(out, path);
  out += ",\"size\":" + std::to_string(size) + ",\"isDir\":" + (isDir ? "true" : "false") +
         ",\"modificationTime\":" + std::to_string(modificationTime) +
         ",\"blockReplication\":" + std::to_string(blockReplication) +
         ",\"blockSize\":" + std::to_string(blockSize) + ",\"action\":";
  appendJsonString(out, action);
  out += '}';
  return out;
}

std::optional<SinkFileStatus> SinkFileStatus::parse(std::string_view json) {
  SinkFileStatus status;
  bool havePath = false;
  bool ok = forEachMember(json, [&](std::string_view key, simdjson::dom::element value) {
    std::string_view s;
    int64_t n = 0;
    if (key == "path" && value.get_string().get(s) == simdjson::SUCCESS) {
      status.path = s;
      havePath = true;
    } else if (key == "size" && value.get_int64().get(n) == simdjson::SUCCESS) {
      status.size = n;
    } else if (key == "isDir") {
      bool b = false;
      if (value.get_bool().get(b) == simdjson::SUCCESS) status.isDir = b;
    } else if (key == "modificationTime" && value.get_int64().get(n) == simdjson::SUCCESS) {
      status.modificationTime = n;
    } else if (key == "blockReplication" && value.get_int64().get(n) == simdjson::SUCCESS) {
      status.blockReplication = static_cast<int32_t>(n);
    } else if (key == "blockSize" && value.get_int64().get(n) == simdjson::SUCCESS) {
      status.blockSize = n;
    } else if (key == "action" && value.get_string().get(s) == simdjson::SUCCESS) {
      status.action = s;
    }
  });
  if (!ok || !havePath) return std::nullopt;
  return status;
}

int deriveCompactInterval(int defaultInterval, int latestCompactBatchId) {
  int n = latestCompactBatchId + 1;
  if (n <= defaultInterval) return n;
  if (defaultInterval < n / 2) {
    // The first divisor of n at least as large as the default.
    for (int i = defaultInterval; i <= n / 2; ++i)
      if (n % i == 0) return i;
  }
  return n;
}

CompactibleFileLog::CompactibleFileLog(std::string directory, Settings settings)
    : directory_(std::move(directory)), settings_(std::move(settings)) {
  // An existing log keeps the interval it was written with (SPARK-18187).
  std::vector<int64_t> compactIds;
  for (const auto& name : listBatchFiles())
    if (name.ends_with(kCompactSuffix)) compactIds.push_back(*batchIdOfFileName(name));
  std::sort(compactIds.rbegin(), compactIds.rend());
  int interval = std::max(1, settings_.defaultCompactInterval);
  if (compactIds.size() >= 2) {
    interval = static_cast<int>(compactIds[0] - compactIds[1]);
  } else if (compactIds.size() == 1) {
    interval = deriveCompactInterval(interval, static_cast<int>(compactIds[0]));
  }
  compactInterval_ = std::max(1, interval);
}

std::string CompactibleFileLog::fileName(int64_t batchId) const {
  return std::to_string(batchId) + (isCompactionBatch(batchId) ? kCompactSuffix : "");
}

std::vector<std::string> CompactibleFileLog::listBatchFiles() const {
  std::vector<std::string> names;
  if (directory_.empty()) {
    for (const auto& [name, content] : memoryFiles_) names.push_back(name);
    return names;
  }
  std::error_code ec;
  fs::directory_iterator it(directory_, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (batchIdOfFileName(name)) names.push_back(std::move(name));
  }
  return names;
}

Result<std::optional<std::string>> CompactibleFileLog::readFile(const std::string& name) const {
  if (directory_.empty()) {
    auto it = memoryFiles_.find(name);
    if (it == memoryFiles_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  return readWholeFile(directory_ + "/" + name);
}

Result<bool> CompactibleFileLog::createFile(const std::string& name, const std::string& content) {
  if (directory_.empty()) return memoryFiles_.emplace(name, content).second;
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) return Error::external("Cannot create directory " + directory_ + ": " + ec.message());
  return createFileAtomically(directory_ + "/" + name, content);
}

Result<std::optional<std::vector<std::string>>> CompactibleFileLog::get(int64_t batchId) const {
  std::string name = fileName(batchId);
  auto content = readFile(name);
  if (!content.ok()) return content.error();
  if (!*content) return std::optional<std::vector<std::string>>();
  std::vector<std::string> lines = splitLines(**content);
  if (lines.empty()) return Error::user("Incomplete log file in " + directory_ + "/" + name);
  if (Status s = validateLogVersion(lines[0], 1); !s) return s.error();
  lines.erase(lines.begin());
  return std::optional<std::vector<std::string>>(std::move(lines));
}

Result<std::optional<int64_t>> CompactibleFileLog::latestBatchId() const {
  std::vector<int64_t> ids;
  for (const auto& name : listBatchFiles()) {
    int64_t id = *batchIdOfFileName(name);
    // Only a file named as this interval names the batch counts.
    if (name == fileName(id)) ids.push_back(id);
  }
  if (ids.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(*std::max_element(ids.begin(), ids.end()));
}

Result<std::vector<std::string>> CompactibleFileLog::allEntries() const {
  auto latest = latestBatchId();
  if (!latest.ok()) return latest.error();
  std::vector<std::string> entries;
  if (!*latest) return entries;
  int64_t latestId = **latest;
  int64_t start = std::max<int64_t>(0, (latestId + 1) / compactInterval_ * compactInterval_ - 1);
  for (int64_t id = start; id <= latestId; ++id) {
    auto batch = get(id);
    if (!batch.ok()) return batch.error();
    if (!*batch)
      return Error::internal(directory_ + "/" + fileName(id) +
                             " doesn't exist (latestId: " + std::to_string(latestId) +
                             ", compactInterval: " + std::to_string(compactInterval_) + ")");
    entries.insert(entries.end(), (*batch)->begin(), (*batch)->end());
  }
  if (settings_.compactEntries) return settings_.compactEntries(std::move(entries));
  return entries;
}

Result<bool> CompactibleFileLog::add(int64_t batchId, const std::vector<std::string>& entries) {
  std::string content = "v1";
  auto append = [&](const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
      content += '\n';
      content += line;
    }
  };
  if (isCompactionBatch(batchId)) {
    std::vector<std::string> all;
    for (int64_t id = std::max<int64_t>(0, batchId - compactInterval_); id < batchId; ++id) {
      auto batch = get(id);
      if (!batch.ok()) return batch.error();
      if (!*batch)
        return Error::internal(directory_ + "/" + fileName(id) +
                               " doesn't exist when compacting batch " + std::to_string(batchId) +
                               " (compactInterval: " + std::to_string(compactInterval_) + ")");
      all.insert(all.end(), (*batch)->begin(), (*batch)->end());
    }
    all.insert(all.end(), entries.begin(), entries.end());
    append(settings_.compactEntries ? settings_.compactEntries(std::move(all)) : all);
  } else {
    append(entries);
  }
  auto created = createFile(fileName(batchId), content);
  if (!created.ok() || !*created) return created;
  if (settings_.deleteExpiredLog) deleteExpiredLog(batchId);
  return true;
}

void CompactibleFileLog::deleteExpiredLog(int64_t currentBatchId) {
  if (compactInterval_ > currentBatchId + 1 - settings_.minBatchesToRetain) return;
  // Keep the earliest compaction that still covers minBatchesToRetain batches.
  int64_t minBatchId = currentBatchId + 1 - settings_.minBatchesToRetain;
  int64_t minCompactionBatchId = minBatchId - (minBatchId % compactInterval_) - 1;
  int64_t expiredMs = currentTimeMicros() / 1000 - settings_.cleanupDelayMs;
  for (const auto& name : listBatchFiles()) {
    if (*batchIdOfFileName(name) >= minCompactionBatchId) continue;
    if (directory_.empty()) {
      memoryFiles_.erase(name);
      continue;
    }
    std::string path = directory_ + "/" + name;
    auto mtime = modificationTimeMillis(path);
    if (mtime && *mtime <= expiredMs) {
      std::error_code ec;
      fs::remove(path, ec);
    }
  }
}

Result<std::optional<std::vector<SinkFileStatus>>> sinkLogEntries(const std::string& path) {
  std::string_view local = path;
  if (local.starts_with("file://")) {
    local.remove_prefix(7);
  } else if (local.starts_with("file:")) {
    local.remove_prefix(5);
  }
  std::string directory(local);
  std::error_code ec;
  std::string logDirectory = directory + "/_spark_metadata";
  if (!fs::is_directory(directory, ec) || !fs::is_directory(logDirectory, ec))
    return std::optional<std::vector<SinkFileStatus>>();
  CompactibleFileLog log(logDirectory, {});
  auto entries = log.allEntries();
  if (!entries.ok()) return entries.error();
  std::vector<SinkFileStatus> statuses;
  std::set<std::string> deleted;
  for (const auto& line : *entries) {
    auto status = SinkFileStatus::parse(line);
    if (!status)
      return Error::user("Malformed file sink log entry in " + logDirectory + ": " + line);
    if (status->action == "delete") deleted.insert(status->path);
    statuses.push_back(std::move(*status));
  }
  std::vector<SinkFileStatus> files;
  for (auto& status : statuses)
    if (!status.isDir && status.action != "delete" && !deleted.contains(status.path))
      files.push_back(std::move(status));
  return std::optional<std::vector<SinkFileStatus>>(std::move(files));
}

Result<std::optional<std::vector<std::string>>> sinkLogDataFiles(const std::string& path) {
  auto entries = sinkLogEntries(path);
  if (!entries.ok()) return entries.error();
  if (!*entries) return std::optional<std::vector<std::string>>();
  std::vector<std::string> files;
  for (const auto& status : **entries) files.push_back(localPathOfUri(status.path));
  return std::optional<std::vector<std::string>>(std::move(files));
}

}  // namespace spate::connector
