#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "types/data_type.h"
#include "vector/json_options.h"

namespace spate {

/// Spark's JsonInferSchema for the JSON file source: each record's type is inferred (integers →
/// BIGINT, integers beyond BIGINT → DECIMAL(n,0), floats → DOUBLE, strings → STRING, booleans,
/// objects → STRUCT with fields sorted by name, arrays → ARRAY of the merged element type) and
/// merged with the others (BIGINT + DOUBLE → DOUBLE, any conflict → STRING, structs by field);
/// NULLs, empty strings and empty arrays give no type until the end, where they become STRING;
/// empty structs are dropped. A malformed record adds the `columnNameOfCorruptRecord` STRING field
/// (PERMISSIVE), is skipped (DROPMALFORMED) or throws (FAILFAST); so does a top-level value that is
/// not an object. `primitivesAsString`, `prefersDecimal` and `dropFieldIfAllNull` are honoured.
class JsonSchemaInference {
 public:
  explicit JsonSchemaInference(JsonOptions options);
  ~JsonSchemaInference();

  /// Folds one record into the schema (a line, or a whole file in multiLine mode).
  /// `kJsonPadding` readable bytes must follow `text + length`. Blank records are ignored.
  void addRecord(const char* text, size_t length);
  /// The merged schema: a struct of nullable fields (empty when nothing was seen).
  TypePtr schema() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// The type of one JSON value as Spark's schema_of_json reports it (BIGINT for 1, STRUCT<a:
/// BIGINT> for {"a":1}, ARRAY<STRING> for [], STRING for a blank text). Throws ExecutionException
/// for malformed JSON.
TypePtr inferJsonValueType(std::string_view json, const JsonOptions& options);

/// A type in Spark 3.5's SQL form with field names quoted only when needed:
/// "STRUCT<a: BIGINT, `b c`: ARRAY<STRING>>" (schema_of_json's result).


/// Java's String.compareTo on UTF-8 text (UTF-16 code unit order), Spark's field order.
int compareJavaStrings(std::string_view a, std::string_view b);

}  // namespace spate
