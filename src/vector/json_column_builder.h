#pragma once

// The column builders behind JsonColumnParser (internal to the JSON code): one Node per schema
// node owns the buffers of the column it builds, so a JSON value goes from the input bytes to its
// column in one step, and a failed record is rolled back by truncating the buffers (nested sizes
// follow from the offsets, so the hot path keeps no bookkeeping). Also the conversions of JSON
// numbers and strings to each Spark type, which do not depend on the JSON parser.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "vector/column.h"
#include "vector/json_options.h"
#include "vector/json_text.h"

namespace spate::json_internal {

/// Outcome of converting one value. A mismatch is a value of the wrong JSON type for its field;
/// "InObject" means a JSON object encloses the failing value below the level reporting it, which
/// matters for Spark's partial results (see JsonColumnParser's parseObject).
enum class Status : uint8_t { kOk, kMismatchInArray, kMismatchInObject, kMalformed };

/// A field name followed by its closing quote, as little-endian words, to compare raw keys.
struct RawKey {
  uint64_t words[8] = {};
  uint64_t lastMask = 0;
  int wordCount = 0;
};

RawKey makeRawKey(std::string_view name);

// Whether the key at `raw` (just after its opening quote) is `key`. Reads up to 64 bytes, which
// the document padding guarantees.
inline bool rawKeyEquals(const char* raw, const RawKey& key) {
  int last = key.wordCount - 1;
  if (last < 0) return false;
  for (int w = 0; w < last; ++w) {
    uint64_t x;
    std::memcpy(&x, raw + 8 * w, 8);
    if (x != key.words[w]) return false;
  }
  uint64_t x;
  std::memcpy(&x, raw + 8 * last, 8);
  return (x & key.lastMask) == key.words[last];
}

/// The column under construction for one schema node, plus the lookup tables of a struct.
struct Node {
  TypePtr type;
  TypeId id = TypeId::kNull;
  int width = 0;
  int64_t size = 0;
  std::vector<int64_t> nullRows;  // ascending; the bitmap is built at finish
  Buffer data;
  Buffer offsets;
  Buffer chars;
  std::vector<Node> children;
  // Struct fields: names, their raw-key patterns, and an open-addressing table name → index.
  std::vector<std::string> names;
  std::vector<RawKey> rawKeys;  // wordCount 0 when the name must be compared decoded
  uint64_t allFields = 0;       // the `seen` mask of an object that has every field (≤ 64 fields)
  std::vector<int32_t> slots;
  uint32_t slotMask = 0;
  int corruptIndex = -1;
  std::vector<uint64_t> seen;
  int precision = 0;
  int scale = 0;
};

uint32_t hashName(std::string_view s);

/// Prepares `n` for `type`; a top-level STRING field named `*corruptName` becomes the corrupt
/// record column.
void initNode(Node& n, const TypePtr& type, const std::string* corruptName);
/// Reserves room for `rows` rows of a struct's direct fields.
void reserveNode(Node& n, int64_t rows);

template <typename T>
inline void appendFixed(Node& n, T v) {
  n.data.push(v);
  ++n.size;
}

inline void appendString(Node& n, std::string_view s) {
  n.chars.append(s.data(), s.size());
  n.offsets.push<int32_t>(static_cast<int32_t>(n.chars.size()));
  ++n.size;
}

void appendNullValue(Node& n);

inline void endList(Node& n) {
  n.offsets.push<int32_t>(static_cast<int32_t>(n.children[0].size));
  ++n.size;
}

/// Cuts a node (and its children) back to `rows` rows: undoes a partly written record.
void truncate(Node& n, int64_t rows);

/// The rows built so far as a column; the node starts afresh.
ColumnPtr finishNode(Node& n);

bool parseInt64(std::string_view token, int64_t& out);

/// A JSON number token (valid grammar) converted to `n`'s type, Spark's JacksonParser rules.
Status convertFromNumber(Node& n, std::string_view token, JsonNumberKind kind,
                         std::string& scratch);
/// A JSON string (decoded) converted to `n`'s type: NaN/Infinity for floating point, decimals,
/// timestamps and dates (in `zone` or with the format options), base64 binary.
Status convertFromString(Node& n, std::string_view s, const JsonOptions& options,
                         const TimeZone& zone);

}  // namespace spate::json_internal
