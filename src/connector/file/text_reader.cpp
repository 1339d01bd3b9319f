#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "common/error.h"
#include "connector/file/file_buffer.h"
#include "connector/file/file_formats.h"

namespace spate {

namespace {

// A batch is also cut at this many bytes of text, so that string offsets (int32) never overflow.
constexpr size_t kMaxBatchBytes = size_t{1} << 30;

class TextBatchBuilder {
 public:
  TextBatchBuilder(SchemaPtr schema, FileReadResult& result)
      : schema_(std::move(schema)),
        result_(result),
        batchRows_(std::max<int64_t>(1, defaultVectorSize())),
        builder_(std::in_place, DataType::string(), batchRows_) {}

  void append(std::string_view value) {
    if (value.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
      throw ExecutionException("A text value of " + std::to_string(value.size()) +
                               " bytes exceeds the maximum of 2147483647 bytes.");
    if (bytes_ + value.size() > kMaxBatchBytes) flush();
    builder_->appendString(value);
    bytes_ += value.size();
    if (builder_->size() >= batchRows_) flush();
  }

  void flush() {
    int64_t rows = builder_->size();
    if (rows == 0) return;
    result_.batches.push_back(
        std::make_shared<Batch>(schema_, std::vector<ColumnPtr>{builder_->finish()}, rows));
    builder_.emplace(DataType::string(), batchRows_);
    bytes_ = 0;
  }

 private:
  SchemaPtr schema_;
  FileReadResult& result_;
  int64_t batchRows_;
  std::optional<ColumnBuilder> builder_;  // ColumnBuilder is not assignable
  size_t bytes_ = 0;
};

// Hadoop's LineRecordReader: lines end at \n, \r\n or \r (or at lineSep); the end of the file
// ends the last line, which is not followed by an empty one.
void splitLines(std::string_view text, const std::optional<std::string>& lineSep,
                TextBatchBuilder& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (lineSep) {
    while (p < end) {
      std::string_view rest(p, static_cast<size_t>(end - p));
      size_t k = rest.find(*lineSep);
      if (k == std::string_view::npos) {
        out.append(rest);
        break;
      }
      out.append(rest.substr(0, k));
      p += k + lineSep->size();
    }
    return;
  }
  while (p < end) {
    size_t remaining = static_cast<size_t>(end - p);
    auto* lf = static_cast<const char*>(std::memchr(p, '\n', remaining));
    const char* limit = lf ? lf : end;
    auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(limit - p)));
    if (cr) {
      out.append({p, static_cast<size_t>(cr - p)});
      p = cr + (cr + 1 < end && cr[1] == '\n' ? 2 : 1);
    } else {
      out.append({p, static_cast<size_t>(limit - p)});
      p = lf ? lf + 1 : end;
    }
  }
}

// Lines of a file read in chunks through one reused buffer, with the default separators (a line
// that spans chunks is carried over): reading a large file whole would allocate (and fault in)
// fresh memory as large as the file for every file of a stream.
void splitFileLines(const std::string& path, TextBatchBuilder& out) {
  constexpr size_t kChunkBytes = size_t{4} << 20;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  auto fail = [&](int error) {
    throw ExecutionException("Encountered error while reading file " + fileUrl(path) +
                             ". Details: " + std::strerror(error));
  };
  if (fd < 0) fail(errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::vector<char> buffer(kChunkBytes);
  size_t size = 0;      // bytes in the buffer
  bool atStart = true;  // the byte-order mark is only dropped at the start of the file
  bool eof = false;
  while (!eof) {
    if (size == buffer.size()) buffer.resize(buffer.size() * 2);  // one line longer than a chunk
    ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    eof = n == 0;
    size += static_cast<size_t>(n);
    std::string_view text(buffer.data(), size);
    if (atStart) {
      if (size < 3 && !eof) continue;
      size_t bom = text.size() - stripUtf8Bom(text).size();
      text.remove_prefix(bom);
      atStart = false;
    }
    // Up to the last line end; a final '\r' waits for the next byte, which may be its '\n'.
    size_t cut = text.size();
    if (!eof) {
      std::string_view settled = text.substr(0, text.size() - 1);
      size_t last = settled.find_last_of("\r\n");
      if (last == std::string_view::npos) {
        if (text.data() != buffer.data()) {  // keep the buffer's start aligned with the text
          std::memmove(buffer.data(), text.data(), text.size());
          size = text.size();
        }
        continue;
      }
      cut = last + 1 + (text[last] == '\r' && text[last + 1] == '\n' ? 1 : 0);
    }
    splitLines(text.substr(0, cut), std::nullopt, out);
    size_t rest = text.size() - cut;
    std::memmove(buffer.data(), text.data() + cut, rest);
    size = rest;
  }
}

}  // namespace

FileReadResult readText(const std::vector<std::string>& paths, const FileOptions& options) {
  bool wholeText = options.getBool("wholetext", false);
  std::optional<std::string> lineSep = options.get("lineSep");
  if (lineSep && lineSep->empty())
    throw IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.");
  bool recursive = options.getBool("recursiveFileLookup", false);
  std::vector<std::string> files;
  for (const auto& path : paths) {
    auto listed = listDataFiles(path, recursive);
    files.insert(files.end(), listed.begin(), listed.end());
  }

  FileReadResult result;
  result.schema = DataType::structType({{"value", DataType::string(), true}});
  TextBatchBuilder batches(result.schema, result);
  for (const auto& path : files) {
    if (!wholeText && !lineSep) {
      splitFileLines(path, batches);
      continue;
    }
    FileBuffer buffer = FileBuffer::read(path);
    if (wholeText) {
      batches.append(buffer.bytes());  // the bytes as they are, one row per file
    } else {
      splitLines(stripUtf8Bom(buffer.bytes()), lineSep, batches);
    }
  }
  batches.flush();
  return result;
}

}  // namespace spate
