#include "streaming/checkpoint_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "common/error.h"

namespace spate::streaming {

namespace fs = std::filesystem;

namespace {

void syncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool isBatchFileName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& text) {
  fs::path target(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
  {
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) throw ExecutionException("Cannot write checkpoint file " + temp + ": " + std::strerror(errno));
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
              ::fsync(fileno(f)) == 0;
    std::fclose(f);
    if (!ok) throw ExecutionException("Cannot write checkpoint file " + temp + ": " + std::strerror(errno));
  }
  fs::rename(temp, target, ec);
  if (ec) throw ExecutionException("Cannot rename " + temp + " to " + path + ": " + ec.message());
  syncPath(target.parent_path().string(), O_RDONLY | O_DIRECTORY);
}

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

BatchLog::BatchLog(std::string directory) : directory_(std::move(directory)) {}

void BatchLog::write(int64_t batchId, const std::string& text) const {
  writeFileAtomically(directory_ + "/" + std::to_string(batchId), text);
}

std::optional<std::string> BatchLog::read(int64_t batchId) const {
  return readFile(directory_ + "/" + std::to_string(batchId));
}

std::optional<int64_t> BatchLog::latest() const {
  std::error_code ec;
  std::optional<int64_t> best;
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    std::string name = entry.path().filename().string();
    if (!isBatchFileName(name)) continue;
    int64_t id = std::stoll(name);
    if (!best || id > *best) best = id;
  }
  return best;
}

void BatchLog::remove(int64_t batchId) const {
  std::error_code ec;
  fs::remove(directory_ + "/" + std::to_string(batchId), ec);
}

void BatchLog::purgeBefore(int64_t minBatchId) const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    std::string name = entry.path().filename().string();
    if (isBatchFileName(name) && std::stoll(name) < minBatchId) fs::remove(entry.path(), ec);
  }
}

std::string OffsetSeq::serialize() const {
  nlohmann::ordered_json meta;
  meta["batchWatermarkMs"] = batchWatermarkMs;
  meta["batchTimestampMs"] = batchTimestampMs;
  nlohmann::ordered_json c = nlohmann::ordered_json::object();
  for (const auto& [k, v] : conf) c[k] = v;
  meta["conf"] = c;
  std::string out = "v1\n" + meta.dump();
  for (const auto& o : offsets) out += "\n" + (o ? *o : std::string("-"));
  return out;
}

OffsetSeq OffsetSeq::parse(const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "v1")
    throw ExecutionException("Unsupported or corrupt offset log entry " + what + " (expected version line v1)");
  OffsetSeq seq;
  if (!std::getline(in, line)) throw ExecutionException("Corrupt offset log entry " + what + ": no metadata line");
  try {
    auto meta = nlohmann::json::parse(line);
    seq.batchWatermarkMs = meta.value("batchWatermarkMs", int64_t{0});
    seq.batchTimestampMs = meta.value("batchTimestampMs", int64_t{0});
    if (meta.contains("conf"))
      for (const auto& [k, v] : meta["conf"].items()) seq.conf[k] = v.get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw ExecutionException("Corrupt offset log entry " + what + ": " + e.what());
  }
  while (std::getline(in, line)) {
    if (line == "-")
      seq.offsets.push_back(std::nullopt);
    else
      seq.offsets.push_back(line);
  }
  return seq;
}

std::string CommitMetadata::serialize() const {
  return "v1\n{\"nextBatchWatermarkMs\":" + std::to_string(nextBatchWatermarkMs) + "}";
}

CommitMetadata CommitMetadata::parse(const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "v1")
    throw ExecutionException("Unsupported or corrupt commit log entry " + what);
  CommitMetadata m;
  if (std::getline(in, line)) {
    try {
      m.nextBatchWatermarkMs = nlohmann::json::parse(line).value("nextBatchWatermarkMs", int64_t{0});
    } catch (const nlohmann::json::exception& e) {
      throw ExecutionException("Corrupt commit log entry " + what + ": " + e.what());
    }
  }
  return m;
}

std::string readOrCreateQueryId(const std::string& checkpointLocation, const std::string& newId) {
  std::string path = checkpointLocation + "/metadata";
  if (auto text = readFile(path)) {
    try {
      return nlohmann::json::parse(*text).at("id").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      throw ExecutionException("Corrupt checkpoint metadata file " + path + ": " + e.what());
    }
  }
  writeFileAtomically(path, "{\"id\":\"" + newId + "\"}");
  return newId;
}

std::string randomUuid() {
  static thread_local std::mt19937_64 rng(std::random_device{}() ^ reinterpret_cast<uintptr_t>(&rng));
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 1
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace spate::streaming
