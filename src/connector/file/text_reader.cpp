#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

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
