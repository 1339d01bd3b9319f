// The JSON file source (spark.read.json): JSON lines or whole-file documents, schema inference
// when no schema is given, Spark's parse modes. Records are parsed in place in a padded copy of
// each file by the shared JSON column parser.
#include "connector/file/json_reader.h"

#include <cstdio>
#include <memory>

#include "common/error.h"
#include "vector/json_column_parser.h"
#include "vector/json_schema_inference.h"

namespace spate {

namespace {

// A whole file followed by the padding the SIMD parser needs.
std::string readPadded(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw ExecutionException("Unable to read file " + path);
  std::string data;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) data.append(chunk, n);
  if (std::ferror(file.get())) throw ExecutionException("Unable to read file " + path);
  // A leading UTF-8 byte-order mark is not part of the JSON text.
  if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
  data.append(kJsonPadding, ' ');
  return data;
}

// Calls `f(begin, length)` for every line of text[0, size): lines end at \n, \r\n or \r as
// Hadoop's LineRecordReader splits them.
template <typename F>
void forEachLine(const std::string& text, size_t size, F&& f) {
  size_t start = 0;
  for (size_t i = 0; i < size; ++i) {
    char c = text[i];
    if (c != '\n' && c != '\r') continue;
    f(text.data() + start, i - start);
    if (c == '\r' && i + 1 < size && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < size) f(text.data() + start, size - start);
}

template <typename F>
void forEachRecord(const std::vector<std::string>& paths, const JsonOptions& options, F&& f) {
  for (const auto& path : paths) {
    std::string text = readPadded(path);
    size_t size = text.size() - kJsonPadding;
    if (options.multiLine)
      f(text.data(), size);
    else
      forEachLine(text, size, f);
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
