#pragma once

// PostgreSQL's binary COPY format ("PGCOPY\n\377\r\n\0" header, then per row a 16-bit field
// count and, per field, a 32-bit length (-1 for NULL) and the value in the type's binary send
// format, network byte order; a -1 field count ends the data). Rows are encoded a column at a
// time straight from the column buffers: one pass sums each row's size, a prefix sum places the
// rows, then each column writes its fields into every row with a loop specialised by type. No
// per-row virtual call or allocation; nested values (arrays, jsonb) and numerics go through a
// per-column scratch buffer reused from chunk to chunk.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/time.h"
#include "vector/batch.h"
#include "vector/buffer.h"

namespace spate {
class JsonWriter;
}

namespace spate::connector::jdbc {

class PostgresCopyEncoder {
 public:
  /// `types`: the Spark type of each column of the batches to encode (their COPY value types are
  /// postgresTypeOid(type)). `zone`: for timestamps inside jsonb values. With `rowNumbers`, every
  /// row gets one more field, a bigint numbering the rows (staging tables keep the input order).
  PostgresCopyEncoder(std::vector<TypePtr> types, TimeZonePtr zone, bool rowNumbers = false);
  ~PostgresCopyEncoder();
  PostgresCopyEncoder(const PostgresCopyEncoder&) = delete;
  PostgresCopyEncoder& operator=(const PostgresCopyEncoder&) = delete;

  /// The 19-byte header that starts the data.
  static void appendHeader(Buffer& out);
  /// The end-of-data marker.
  static void appendTrailer(Buffer& out);

  /// Appends rows [begin, end) of `batch` (no selection vector; columns as `types`). With row
  /// numbers, row r gets `firstRowNumber + (r - begin)`.
  void encode(const Batch& batch, int64_t begin, int64_t end, Buffer& out,
              int64_t firstRowNumber = 0);

  /// numeric's binary send format of a decimal (unscaled value and scale), without the length.
  static void appendNumeric(Int128 unscaled, int scale, Buffer& out);

 private:
  enum class Kind : uint8_t {
    kBool,
    kByte,  // one-byte integer written as int2
    kInt2,
    kInt4,
    kInt8,
    kFloat4,
    kFloat8,
    kDate,
    kTimestamp,
    kInterval,
    kText,     // string and binary: the bytes themselves
    kScratch,  // numeric, arrays, jsonb: encoded into the column's scratch buffer first
  };
  struct ColumnPlan {
    TypePtr type;
    Kind kind;
    std::unique_ptr<JsonWriter> json;  // jsonb values
    Buffer scratch;
    std::vector<int64_t> offsets;  // scratch value i is [offsets[i], offsets[i + 1])
  };

  void encodeScratch(ColumnPlan& plan, const Column& column, int64_t begin, int64_t end);
  void appendScalar(const DataType& type, const Column& column, int64_t i, Buffer& out);
  void appendArray(const DataType& type, const Column& column, int64_t i, Buffer& out);

  std::vector<ColumnPlan> columns_;
  TimeZonePtr zone_;
  bool rowNumbers_;
  std::vector<int64_t> cursor_;
  std::string jsonText_;
};

}  // namespace spate::connector::jdbc
