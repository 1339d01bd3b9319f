#pragma once

// File plumbing shared by the state store providers: durable atomic writes and LZ4-framed streams
// of big-endian records (the delta and snapshot files of the in-memory provider).

#include <lz4frame.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace spate::state {

/// A name for a temporary sibling of `fileName`: hidden (leading '.') and with two more dots, so
/// it never parses as a "<version>.<kind>" store file.
std::string tempSiblingName(std::string_view fileName);

/// The names in `dir` (not "." and ".."); empty when it does not exist.
std::vector<std::string> listDirectory(const std::string& dir);

/// The version of a store file named "<version><suffix>" (suffix like ".delta"): decimal digits
/// only, as Spark writes them.
std::optional<int64_t> parseVersionedName(std::string_view name, std::string_view suffix);

/// Spark's CANNOT_LOAD_STATE_STORE error text: "[CANNOT_LOAD_STATE_STORE.<subClass>] An error
/// occurred during loading state. <detail>".
std::string cannotLoadStateStore(std::string_view subClass, std::string_view detail);

/// fsync of a directory, so a rename or unlink in it survives a crash.
Status fsyncDirectory(const std::string& dir);

/// Creates `dir` and its parents; an external error names it on failure.
Status ensureDirectory(const std::string& dir);

/// Writes `path` so that readers see either the old file or the complete new one: the bytes go to
/// a hidden temp file in the same directory, which is fsynced, renamed over `path`, and the
/// directory fsynced. Destroying the writer without commit() removes the temp file.
class AtomicFileWriter {
 public:
  static Result<std::unique_ptr<AtomicFileWriter>> open(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status write(std::string_view data);
  Status commit();
  const std::string& path() const { return path_; }

 private:
  AtomicFileWriter(std::string path, std::string tempPath, int fd)
      : path_(std::move(path)), tempPath_(std::move(tempPath)), fd_(fd) {}
  Status ioError(const char* what, const std::string& file) const;

  std::string path_;
  std::string tempPath_;
  int fd_ = -1;
};

/// An LZ4 frame (lz4frame format: magic 0x184D2204, 256 KiB linked blocks, content checksum)
/// written atomically through AtomicFileWriter. Integers are big-endian like Java's
/// DataOutputStream. Write errors are remembered and reported by finish().
class Lz4FileWriter {
 public:
  static Result<std::unique_ptr<Lz4FileWriter>> open(std::string path);
  ~Lz4FileWriter();
  Lz4FileWriter(const Lz4FileWriter&) = delete;
  Lz4FileWriter& operator=(const Lz4FileWriter&) = delete;

  void writeInt32(int32_t v) {
    const auto u = static_cast<uint32_t>(v);
    const char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                           static_cast<char>(u >> 8), static_cast<char>(u)};
    write({bytes, 4});
  }
  void write(std::string_view data) {
    buffer_.append(data);
    if (buffer_.size() >= kChunk) flush();
  }
  /// Ends the frame and commits the file.
  Status finish();

 private:
  static constexpr size_t kChunk = 256 * 1024;
  explicit Lz4FileWriter(std::unique_ptr<AtomicFileWriter> file) : file_(std::move(file)) {}
  void flush();

  std::unique_ptr<AtomicFileWriter> file_;
  LZ4F_cctx* ctx_ = nullptr;
  std::string buffer_;      // uncompressed bytes not yet handed to LZ4
  std::string compressed_;  // output scratch
  Status status_;
};

/// Reads a file written by Lz4FileWriter. Errors: external for I/O failures, internal (with the
/// reason) for a malformed or truncated frame.
class Lz4FileReader {
 public:
  /// `*notFound` is set when the file does not exist (the result is then an external error).
  static Result<std::unique_ptr<Lz4FileReader>> open(const std::string& path, bool* notFound);
  ~Lz4FileReader();
  Lz4FileReader(const Lz4FileReader&) = delete;
  Lz4FileReader& operator=(const Lz4FileReader&) = delete;

  Status readInt32(int32_t& out);
  /// Replaces `out` with the next `n` bytes; memory grows with the data actually present, so a
  /// corrupt length cannot allocate more than the file holds.
  Status readBytes(std::string& out, size_t n);
  /// Checks that the frame ends here (no more data, checksum verified, nothing after the frame).
  Status finish();

 private:
  Lz4FileReader(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Status decompressStep();
  Status fill();

  int fd_ = -1;
  std::string path_;
  LZ4F_dctx* ctx_ = nullptr;
  std::string in_;
  size_t inPos_ = 0;
  size_t inLen_ = 0;
  std::string out_;
  size_t outPos_ = 0;
  size_t outLen_ = 0;
  bool frameDone_ = false;
};

}  // namespace spate::state
