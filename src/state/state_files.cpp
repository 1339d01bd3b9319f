#include "state/state_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

namespace spate::state {

namespace {

std::string errnoText(int err) { return std::strerror(err); }

Error fileError(const std::string& what, const std::string& file, int err) {
  return Error::external(what + " " + file + ": " + errnoText(err));
}

std::string parentDirectory(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Writes all of `data` to `fd`, retrying short writes and EINTR.
bool writeAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string tempSiblingName(std::string_view fileName) {
  // A random part keeps concurrent writers (a zombie task and its retry) apart.
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char suffix[40];
  std::snprintf(suffix, sizeof(suffix), "%016llx%llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(counter.fetch_add(1)));
  return "." + std::string(fileName) + "." + suffix + ".tmp";
}

std::vector<std::string> listDirectory(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

std::optional<int64_t> parseVersionedName(std::string_view name, std::string_view suffix) {
  if (name.size() <= suffix.size() || !name.ends_with(suffix)) return std::nullopt;
  const std::string_view digits = name.substr(0, name.size() - suffix.size());
  if (digits.size() > 18) return std::nullopt;  // keeps the value within int64
  int64_t version = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    version = version * 10 + (c - '0');
  }
  return version;
}

std::string cannotLoadStateStore(std::string_view subClass, std::string_view detail) {
  std::string message = "[CANNOT_LOAD_STATE_STORE.";
  message += subClass;
  message += "] An error occurred during loading state. ";
  message += detail;
  return message;
}

Status fsyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fileError("Cannot open directory", dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return fileError("Cannot fsync directory", dir, err);
  return Status::success();
}

Status ensureDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Status::success();
  // The levels about to be created: each new entry is made durable in its parent.
  std::vector<fs::path> missing;
  for (fs::path p(dir); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) return Error::external("Cannot create directory " + dir + ": " + ec.message());
  for (const fs::path& p : missing) {
    const fs::path parent = p.parent_path();
    if (Status s = fsyncDirectory(parent.empty() ? "." : parent.string()); !s.ok()) return s;
  }
  return Status::success();
}

// ---- AtomicFileWriter ----

Result<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::open(std::string path) {
  const std::string dir = parentDirectory(path);
  if (Status s = ensureDirectory(dir); !s.ok()) return s.error();
  const std::string name = path.substr(path.rfind('/') + 1);
  std::string tempPath = dir + "/" + tempSiblingName(name);
  const int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fileError("Cannot create", tempPath, errno);
  return std::unique_ptr<AtomicFileWriter>(
      new AtomicFileWriter(std::move(path), std::move(tempPath), fd));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tempPath_.c_str());
  }
}

Status AtomicFileWriter::ioError(const char* what, const std::string& file) const {
  return fileError(what, file, errno);
}

Status AtomicFileWriter::write(std::string_view data) {
  if (fd_ < 0) return Error::internal("write after commit of " + path_);
  if (!writeAll(fd_, data.data(), data.size())) return ioError("Cannot write", tempPath_);
  return Status::success();
}

Status AtomicFileWriter::commit() {
  if (fd_ < 0) return Error::internal("second commit of " + path_);
  if (::fsync(fd_) != 0) return ioError("Cannot fsync", tempPath_);
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) {
    const int err = errno;
    ::unlink(tempPath_.c_str());
    return fileError("Cannot close", tempPath_, err);
  }
  if (::rename(tempPath_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(tempPath_.c_str());
    return fileError("Cannot rename " + tempPath_ + " to", path_, err);
  }
  return fsyncDirectory(parentDirectory(path_));
}

// ---- Lz4FileWriter ----

namespace {

LZ4F_preferences_t framePreferences() {
  LZ4F_preferences_t prefs;
  std::memset(&prefs, 0, sizeof(prefs));
  prefs.frameInfo.blockSizeID = LZ4F_max256KB;
  prefs.frameInfo.blockMode = LZ4F_blockLinked;
  prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
  return prefs;
}

}  // namespace

Result<std::unique_ptr<Lz4FileWriter>> Lz4FileWriter::open(std::string path) {
  auto file = AtomicFileWriter::open(std::move(path));
  if (!file.ok()) return file.error();
  std::unique_ptr<Lz4FileWriter> writer(new Lz4FileWriter(std::move(file).value()));
  const size_t rc = LZ4F_createCompressionContext(&writer->ctx_, LZ4F_VERSION);
  if (LZ4F_isError(rc)) {
    return Error::internal(std::string("LZ4F_createCompressionContext: ") + LZ4F_getErrorName(rc));
  }
  const LZ4F_preferences_t prefs = framePreferences();
  writer->compressed_.resize(LZ4F_compressBound(kChunk, &prefs) + LZ4F_HEADER_SIZE_MAX);
  const size_t headerSize = LZ4F_compressBegin(writer->ctx_, writer->compressed_.data(),
                                               writer->compressed_.size(), &prefs);
  if (LZ4F_isError(headerSize)) {
    return Error::internal(std::string("LZ4F_compressBegin: ") + LZ4F_getErrorName(headerSize));
  }
  if (Status s = writer->file_->write({writer->compressed_.data(), headerSize}); !s.ok()) {
    return s.error();
  }
  writer->buffer_.reserve(kChunk + 4096);
  return writer;
}

Lz4FileWriter::~Lz4FileWriter() {
  if (ctx_ != nullptr) LZ4F_freeCompressionContext(ctx_);
}

void Lz4FileWriter::flush() {
  const LZ4F_preferences_t prefs = framePreferences();
  size_t pos = 0;
  while (status_.ok() && pos < buffer_.size()) {
    const size_t n = std::min(kChunk, buffer_.size() - pos);
    const size_t outSize = LZ4F_compressBound(n, &prefs);
    if (compressed_.size() < outSize) compressed_.resize(outSize);
    const size_t written = LZ4F_compressUpdate(ctx_, compressed_.data(), compressed_.size(),
                                               buffer_.data() + pos, n, nullptr);
    if (LZ4F_isError(written)) {
      status_ = Error::internal(std::string("LZ4F_compressUpdate: ") + LZ4F_getErrorName(written));
    } else if (written > 0) {
      status_ = file_->write({compressed_.data(), written});
    }
    pos += n;
  }
  buffer_.clear();
}

Status Lz4FileWriter::finish() {
  flush();
  if (!status_.ok()) return status_;
  const LZ4F_preferences_t prefs = framePreferences();
  const size_t outSize = LZ4F_compressBound(0, &prefs);
  if (compressed_.size() < outSize) compressed_.resize(outSize);
  const size_t written = LZ4F_compressEnd(ctx_, compressed_.data(), compressed_.size(), nullptr);
  if (LZ4F_isError(written)) {
    return Error::internal(std::string("LZ4F_compressEnd: ") + LZ4F_getErrorName(written));
  }
  if (Status s = file_->write({compressed_.data(), written}); !s.ok()) return s;
  return file_->commit();
}

// ---- Lz4FileReader ----

namespace {
constexpr size_t kReadChunk = 256 * 1024;
}  // namespace

Result<std::unique_ptr<Lz4FileReader>> Lz4FileReader::open(const std::string& path,
                                                           bool* notFound) {
  *notFound = false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    *notFound = err == ENOENT;
    return fileError("Cannot open", path, err);
  }
  std::unique_ptr<Lz4FileReader> reader(new Lz4FileReader(fd, path));
  const size_t rc = LZ4F_createDecompressionContext(&reader->ctx_, LZ4F_VERSION);
  if (LZ4F_isError(rc)) {
    return Error::internal(std::string("LZ4F_createDecompressionContext: ") +
                           LZ4F_getErrorName(rc));
  }
  reader->in_.resize(kReadChunk);
  reader->out_.resize(kReadChunk);
  return reader;
}

Lz4FileReader::~Lz4FileReader() {
  if (ctx_ != nullptr) LZ4F_freeDecompressionContext(ctx_);
  if (fd_ >= 0) ::close(fd_);
}

Status Lz4FileReader::decompressStep() {
  if (inPos_ == inLen_) {
    ssize_t n;
    do {
      n = ::read(fd_, in_.data(), in_.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) return fileError("Cannot read", path_, errno);
    if (n == 0) return Error::internal("truncated LZ4 frame");
    inPos_ = 0;
    inLen_ = static_cast<size_t>(n);
  }
  size_t dstSize = out_.size();
  size_t srcSize = inLen_ - inPos_;
  const size_t hint =
      LZ4F_decompress(ctx_, out_.data(), &dstSize, in_.data() + inPos_, &srcSize, nullptr);
  if (LZ4F_isError(hint)) return Error::internal(std::string("LZ4: ") + LZ4F_getErrorName(hint));
  inPos_ += srcSize;
  outPos_ = 0;
  outLen_ = dstSize;
  if (hint == 0) frameDone_ = true;
  return Status::success();
}

Status Lz4FileReader::fill() {
  while (outPos_ == outLen_) {
    if (frameDone_) return Error::internal("unexpected end of data");
    if (Status s = decompressStep(); !s.ok()) return s;
  }
  return Status::success();
}

Status Lz4FileReader::readInt32(int32_t& out) {
  unsigned char bytes[4];
  for (unsigned char& b : bytes) {
    if (outPos_ == outLen_) {
      if (Status s = fill(); !s.ok()) return s;
    }
    b = static_cast<unsigned char>(out_[outPos_++]);
  }
  out = static_cast<int32_t>((uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
                             (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]});
  return Status::success();
}

Status Lz4FileReader::readBytes(std::string& out, size_t n) {
  out.clear();
  if (n <= kReadChunk) out.reserve(n);
  while (out.size() < n) {
    if (outPos_ == outLen_) {
      if (Status s = fill(); !s.ok()) return s;
    }
    const size_t take = std::min(n - out.size(), outLen_ - outPos_);
    out.append(out_.data() + outPos_, take);
    outPos_ += take;
  }
  return Status::success();
}

Status Lz4FileReader::finish() {
  if (outPos_ != outLen_) return Error::internal("data after the end marker");
  while (!frameDone_) {
    if (Status s = decompressStep(); !s.ok()) return s;
    if (outLen_ != 0) return Error::internal("data after the end marker");
  }
  if (inPos_ != inLen_) return Error::internal("data after the LZ4 frame");
  char extra;
  ssize_t n;
  do {
    n = ::read(fd_, &extra, 1);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fileError("Cannot read", path_, errno);
  if (n > 0) return Error::internal("data after the LZ4 frame");
  return Status::success();
}

}  // namespace spate::state
