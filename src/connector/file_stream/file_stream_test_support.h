#pragma once

// Helpers of the file source and sink tests (not part of the engine).

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace spate::connector::testing {

/// Sets a file's modification time, so that tests control the order files are taken in.
inline void setModificationTime(const std::string& path, int64_t millis) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = millis / 1000;
  times[0].tv_nsec = times[1].tv_nsec = (millis % 1000) * 1'000'000;
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

inline std::string fileContent(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The names in a directory, sorted (hidden ones included).
inline std::vector<std::string> fileNames(const std::string& directory) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace spate::connector::testing
