#include "connector/api/metadata_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace spate::connector {

namespace {

namespace fs = std::filesystem;

Status writeTemp(const std::string& temp, std::string_view text) {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error::external("Cannot write " + temp + ": " + std::strerror(errno));
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return Error::external("Cannot write " + temp + ": " + std::strerror(error));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Error::external("Cannot write " + temp + ": " + std::strerror(errno));
  }
  return Status::success();
}

std::string tempPathFor(const std::string& path) {
  fs::path target(path);
  return (target.parent_path() / ("." + target.filename().string() + "." + randomUuid() + ".tmp"))
      .string();
}

void syncDirectory(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Status writeFileAtomically(const std::string& path, std::string_view text) {
  std::string temp = tempPathFor(path);
  if (Status s = writeTemp(temp, text); !s) return s;
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return Error::external("Cannot rename " + temp + " to " + path + ": " + std::strerror(error));
  }
  syncDirectory(path);
  return Status::success();
}

Result<bool> createFileAtomically(const std::string& path, std::string_view text) {
  std::string temp = tempPathFor(path);
  if (Status s = writeTemp(temp, text); !s) return s.error();
  // A hard link fails when the target exists, so a concurrent writer cannot be overwritten.
  bool created = ::link(temp.c_str(), path.c_str()) == 0;
  int error = errno;
  ::unlink(temp.c_str());
  if (!created) {
    if (error == EEXIST) return false;
    return Error::external("Cannot create " + path + ": " + std::strerror(error));
  }
  syncDirectory(path);
  return true;
}

Result<std::optional<std::string>> readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::optional<std::string>();
    return Error::external("Cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Error::external("Cannot read " + path);
  return std::optional<std::string>(content.str());
}

Status validateLogVersion(std::string_view line, int maxSupportedVersion) {
  if (line.size() > 1 && line[0] == 'v') {
    int64_t version = 0;
    bool digits = true;
    for (char c : line.substr(1)) {
      if (c < '0' || c > '9' || version > 1'000'000'000) {
        digits = false;
        break;
      }
      version = version * 10 + (c - '0');
    }
    if (digits && version > 0) {
      if (version > maxSupportedVersion)
        return Error::user("UnsupportedLogVersion: maximum supported log version is v" +
                           std::to_string(maxSupportedVersion) + ", but encountered v" +
                           std::to_string(version) +
                           ". The log file was produced by a newer version of Spark and cannot "
                           "be read by this version. Please upgrade.");
      return Status::success();
    }
  }
  return Error::user("Log file was malformed: failed to read correct log version from " +
                     std::string(line) + ".");
}

std::string randomUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  uint64_t high = generator(), low = generator();
  high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;    // IETF variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text;
}

std::optional<int64_t> modificationTimeMillis(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

std::string localPathOfUri(std::string_view uri) {
  if (uri.starts_with("file://")) {
    uri.remove_prefix(7);
    if (uri.starts_with("localhost/")) uri.remove_prefix(9);
  } else if (uri.starts_with("file:")) {
    uri.remove_prefix(5);
  }
  std::string out;
  out.reserve(uri.size());
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      int hi = hexDigit(uri[i + 1]), lo = hexDigit(uri[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += uri[i];
  }
  return out;
}

}  // namespace spate::connector
