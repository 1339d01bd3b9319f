#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "types/data_type.h"
#include "vector/column.h"
#include "vector/json_options.h"
#include "vector/json_text.h"

namespace spate {

/// Parses JSON text straight into a column of a given Spark type (no DOM, no generic tree), with
/// the conversion rules of Spark's JacksonParser:
/// - one document per input row; the schema is a struct (one row per document), or an array or
///   map (from_json's other root types);
/// - object keys match struct fields case-sensitively; missing keys give NULL, unknown keys are
///   skipped, a repeated key keeps its last value;
/// - a value that does not convert to its field's type makes that field NULL while the other
///   top-level fields are still read (a partial result); the record still counts as malformed;
/// - invalid JSON, or a document that is not an object when a struct is expected, is a malformed
///   record: PERMISSIVE gives a struct of NULLs (the `columnNameOfCorruptRecord` STRING field,
///   when the schema has one, receives the record's text), DROPMALFORMED drops it, FAILFAST
///   throws ExecutionException [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION];
/// - a NULL, empty or all-whitespace input row gives a NULL row.
///
/// A parser is not thread-safe; create one per thread (or per call).
class JsonColumnParser {
 public:
  /// `allowArrayAsStructs`: a top-level array of objects yields one row per element (the JSON
  /// file source); from_json treats it as malformed.
  JsonColumnParser(TypePtr schema, JsonOptions options, TimeZonePtr sessionZone,
                   bool allowArrayAsStructs = false);
  ~JsonColumnParser();
  JsonColumnParser(JsonColumnParser&&) noexcept;
  JsonColumnParser& operator=(JsonColumnParser&&) noexcept;

  /// from_json over a STRING column: exactly one output row per input row (PERMISSIVE or
  /// FAILFAST). Adds the malformed rows to `*malformedRecords` when it is not null.
  ColumnPtr parseColumn(const Column& input, int64_t* malformedRecords = nullptr);

  /// Appends the rows of one document: none for blank text (or a dropped malformed record),
  /// several for a top-level array when allowed. `kJsonPadding` bytes after `text + length` must
  /// be readable (their content does not matter).
  void appendDocument(const char* text, size_t length);
  /// Appends a NULL row.
  void appendNull();

  int64_t size() const;
  /// Malformed records seen since construction.
  int64_t malformedRecords() const;
  /// The rows appended so far as one column of the schema type; the parser starts afresh.
  ColumnPtr finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// Spark's DataType.asNullable, which from_json and the JSON source apply to a given schema.
TypePtr nullableJsonSchema(const TypePtr& type);

/// Spark's FAILFAST error for a malformed record ([MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION],
/// or CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS for from_json given an array for a struct).
[[noreturn]] void throwMalformedRecord(std::string_view record, bool arrayAsStruct = false);

}  // namespace spate
