#pragma once

// Helpers shared by the file connector's unit tests (not part of the engine).

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "connector/file/file_formats.h"
#include "vector/value.h"

namespace spate::testing {

/// A fresh directory under $TMPDIR, removed with its content at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "spate-file-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// Writes `content` to `name` (sub-directories created) and returns the full path.
  std::string write(const std::string& name, std::string_view content) const {
    std::filesystem::path full = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return full.string();
  }
  std::string mkdir(const std::string& name) const {
    std::filesystem::path full = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(full);
    return full.string();
  }

 private:
  std::string path_;
};

/// Options from key/value pairs (FileOptions's constructor is explicit).
inline FileOptions fileOptions(std::map<std::string, std::string> options) {
  return FileOptions(std::move(options));
}

/// Every row of a read, each value as Spark casts it to a string ("NULL" for null), joined by "|".
inline std::vector<std::string> rowStrings(const FileReadResult& result,
                                           const TimeZone& zone = *TimeZone::utc()) {
  std::vector<std::string> rows;
  for (const auto& batch : result.batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      std::string line;
      auto values = batch->rowAt(r);
      for (size_t c = 0; c < values.size(); ++c) {
        if (c) line += '|';
        line += formatValue(values[c], *result.schema->fields()[c].type, zone);
      }
      rows.push_back(std::move(line));
    }
  }
  return rows;
}

/// "name:type" of each field, e.g. {"a:int", "b:string"}.
inline std::vector<std::string> schemaStrings(const FileReadResult& result) {
  std::vector<std::string> out;
  for (const auto& field : result.schema->fields())
    out.push_back(field.name + ":" + field.type->simpleString());
  return out;
}

}  // namespace spate::testing
