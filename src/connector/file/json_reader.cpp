// The JSON file source (spark.read.json): JSON lines or whole-file documents, schema inference
// when no schema is given, Spark's parse modes. Records are parsed in place in a padded copy of
// each file by the shared JSON column parser.
#include "connector/file/json_reader.h"

#include <cstdio>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "vector/json_column_parser.h"
#include "vector/json_schema_inference.h"

namespace spate {

namespace {

// A whole file followed by the padding the SIMD parser needs.
struct PaddedFile {
  std::unique_ptr<char[]> bytes;
  const char* data = nullptr;
  size_t size = 0;
};

PaddedFile readPadded(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw ExecutionException("Unable to read file " + path);
  PaddedFile f;
  size_t capacity = 1 << 16;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    long end = std::ftell(file.get());
    if (end > 0) capacity = static_cast<size_t>(end) + 1;
    std::rewind(file.get());
  }
  f.bytes = std::make_unique_for_overwrite<char[]>(capacity + kJsonPadding);
  for (;;) {
    size_t n = std::fread(f.bytes.get() + f.size, 1, capacity - f.size, file.get());
    f.size += n;
    if (f.size < capacity) break;
    // The file grew (or its size was unknown): read the rest into a larger buffer.
    auto larger = std::make_unique_for_overwrite<char[]>(capacity * 2 + kJsonPadding);
    std::memcpy(larger.get(), f.bytes.get(), f.size);
    f.bytes = std::move(larger);
    capacity *= 2;
  }
  if (std::ferror(file.get())) throw ExecutionException("Unable to read file " + path);
  std::memset(f.bytes.get() + f.size, ' ', kJsonPadding);
  f.data = f.bytes.get();
  // A leading UTF-8 byte-order mark is not part of the JSON text.
  if (f.size >= 3 && std::memcmp(f.data, "\xEF\xBB\xBF", 3) == 0) {
    f.data += 3;
    f.size -= 3;
  }
  return f;
}

// Calls `f(begin, length)` for every line of [text, text + size): lines end at \n, \r\n or \r
// as Hadoop's LineRecordReader splits them.
template <typename F>
void forEachLine(const char* text, size_t size, F&& f) {
  const char* p = text;
  const char* end = text + size;
  while (p < end) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    const char* lineEnd = newline ? newline : end;
    // A lone \r also ends a line.
    while (const char* cr = static_cast<const char*>(std::memchr(p, '\r', lineEnd - p))) {
      f(p, static_cast<size_t>(cr - p));
      p = cr + 1;
      if (p == newline) break;  // \r\n is one line end
    }
    if (p == newline) {
      ++p;
      continue;
    }
    if (p < lineEnd || newline) f(p, static_cast<size_t>(lineEnd - p));
    p = newline ? newline + 1 : end;
  }
}

template <typename F>
void forEachRecord(const std::vector<std::string>& paths, const JsonOptions& options, F&& f) {
  for (const auto& path : paths) {
    PaddedFile file = readPadded(path);
    if (options.multiLine)
      f(file.data, file.size);
    else
      forEachLine(file.data, file.size, f);
  }
}

}  // namespace

FileReadResult readJsonFiles(const std::vector<std::string>& paths, const SchemaPtr& schema,
                             const JsonOptions& options, const TimeZone& zone) {
  FileReadResult result;
  if (schema) {
    result.schema = nullableJsonSchema(schema);
  } else {
    if (paths.empty())
      throw AnalysisException(
          "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for JSON. It must be specified "
          "manually.",
          "UNABLE_TO_INFER_SCHEMA");
    JsonSchemaInference inference(options);
    forEachRecord(paths, options, [&](const char* p, size_t n) { inference.addRecord(p, n); });
    result.schema = inference.schema();
  }
  // The reader's parser sees the time zone through the options (or `zone`) only.
  auto sessionZone = TimeZone::of(zone.id());
  JsonColumnParser parser(result.schema, options, sessionZone ? sessionZone : TimeZone::utc(),
                          true);
  const int64_t batchRows = defaultVectorSize();
  auto flush = [&] {
    if (parser.size() == 0) return;
    ColumnPtr rows = parser.finish();
    for (int64_t start = 0; start < rows->size(); start += batchRows) {
      int64_t length = std::min(batchRows, rows->size() - start);
      std::vector<ColumnPtr> columns;
      for (size_t f = 0; f < rows->numChildren(); ++f) {
        const ColumnPtr& child = rows->child(f);
        columns.push_back(start == 0 && length == rows->size() ? child
                                                               : sliceColumn(child, start, length));
      }
      result.batches.push_back(std::make_shared<Batch>(result.schema, std::move(columns), length));
    }
  };
  forEachRecord(paths, options, [&](const char* p, size_t n) {
    parser.appendDocument(p, n);
    if (parser.size() >= batchRows) flush();
  });
  flush();
  result.malformedRecords = parser.malformedRecords();
  return result;
}

FileReadResult readJson(const std::vector<std::string>& paths, const SchemaPtr& schema,
                        const FileOptions& options, const TimeZone& zone) {
  return readJsonFiles(paths, schema, JsonOptions::fromMap(options.all()), zone);
}

}  // namespace spate
