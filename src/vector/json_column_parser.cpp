// JSON text → columns with simdjson's on-demand API. Every schema node owns the buffers of the
// column it builds, so a value goes from the input bytes to its column in one step; a failed
// record is rolled back by truncating the buffers (the sizes of nested columns follow from the
// offsets, so no bookkeeping is needed on the hot path).
#include "vector/json_column_parser.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"

namespace spate {

void throwMalformedRecord(std::string_view record) {
  throw ExecutionException(
      "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
      "parsing: " +
          std::string(record) +
          ".\nParse Mode: FAILFAST. To process malformed records as null result, try setting the "
          "option 'mode' as 'PERMISSIVE'.",
      "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
}

namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

/// Outcome of converting one value. A mismatch is a value of the wrong JSON type for its field;
/// "InObject" means a JSON object encloses the failing value below the level reporting it, which
/// matters for Spark's partial results (see parseObject).
enum class Status : uint8_t { kOk, kMismatchInArray, kMismatchInObject, kMalformed };

constexpr int kBadKey = -2;
constexpr int kMaxDepth = 1000;  // Jackson's default nesting limit

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isJsonWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

/// The column under construction for one schema node, plus the lookup tables of a struct.
struct Node {
  TypePtr type;
  TypeId id = TypeId::kNull;
  int width = 0;
  int64_t size = 0;
  Buffer validity;  // one bit per row, maintained for every row
  Buffer data;
  Buffer offsets;
  Buffer chars;
  std::vector<Node> children;
  // Struct fields: names, whether a raw (escape-free) key can be compared bytewise, and an
  // open-addressing table name → field index.
  std::vector<std::string> names;
  std::vector<uint8_t> rawComparable;
  std::vector<int32_t> slots;
  uint32_t slotMask = 0;
  int corruptIndex = -1;
  std::vector<uint64_t> seen;
  int precision = 0;
  int scale = 0;
};

uint32_t hashName(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

bool needsOffsets(TypeId id) {
  return id == TypeId::kString || id == TypeId::kBinary || id == TypeId::kArray || id == TypeId::kMap;
}

void initNode(Node& n, const TypePtr& type, const std::string* corruptName) {
  n.type = type;
  n.id = type->id();
  n.width = type->fixedWidth();
  n.precision = type->precision();
  n.scale = type->scale();
  if (needsOffsets(n.id)) n.offsets.push<int32_t>(0);
  switch (n.id) {
    case TypeId::kArray:
      n.children.resize(1);
      initNode(n.children[0], type->element(), nullptr);
      break;
    case TypeId::kMap:
      n.children.resize(2);
      initNode(n.children[0], type->key(), nullptr);
      initNode(n.children[1], type->value(), nullptr);
      break;
    case TypeId::kStruct: {
      const auto& fields = type->fields();
      n.children.resize(fields.size());
      size_t slotCount = 8;
      while (slotCount < fields.size() * 2) slotCount *= 2;
      n.slots.assign(slotCount, -1);
      n.slotMask = static_cast<uint32_t>(slotCount - 1);
      for (size_t i = 0; i < fields.size(); ++i) {
        const std::string& name = fields[i].name;
        initNode(n.children[i], fields[i].type, nullptr);
        n.names.push_back(name);
        bool corrupt = corruptName && name == *corruptName && fields[i].type->id() == TypeId::kString &&
                       n.corruptIndex < 0;
        if (corrupt) n.corruptIndex = static_cast<int>(i);
        bool comparable = !corrupt && name.size() < kJsonPadding;
        for (char c : name)
          if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) comparable = false;
        n.rawComparable.push_back(comparable);
        if (corrupt) continue;
        uint32_t h = hashName(name) & n.slotMask;
        bool duplicate = false;
        while (n.slots[h] >= 0) {
          if (n.names[n.slots[h]] == name) duplicate = true;  // first field of a name wins
          h = (h + 1) & n.slotMask;
        }
        if (!duplicate) n.slots[h] = static_cast<int32_t>(i);
      }
      n.seen.assign((fields.size() + 63) / 64 + 1, 0);
      break;
    }
    default:
      break;
  }
}

inline void pushValidity(Node& n, bool valid) {
  if ((n.size & 63) == 0) {
    n.validity.push<uint64_t>(valid ? 1 : 0);
  } else if (valid) {
    n.validity.as<uint64_t>()[n.size >> 6] |= uint64_t{1} << (n.size & 63);
  }
}

template <typename T>
inline void appendFixed(Node& n, T v) {
  n.data.push(v);
  pushValidity(n, true);
  ++n.size;
}

inline void appendString(Node& n, std::string_view s) {
  n.chars.append(s.data(), s.size());
  n.offsets.push<int32_t>(static_cast<int32_t>(n.chars.size()));
  pushValidity(n, true);
  ++n.size;
}

void appendNullValue(Node& n) {
  switch (n.id) {
    case TypeId::kString:
    case TypeId::kBinary: n.offsets.push<int32_t>(static_cast<int32_t>(n.chars.size())); break;
    case TypeId::kArray:
    case TypeId::kMap: n.offsets.push<int32_t>(static_cast<int32_t>(n.children[0].size)); break;
    case TypeId::kStruct:
      for (auto& c : n.children) appendNullValue(c);
      break;
    default:
      if (n.width) {
        size_t old = n.data.size();
        n.data.resize(old + n.width);
        std::memset(n.data.data() + old, 0, n.width);
      }
  }
  pushValidity(n, false);
  ++n.size;
}

inline void endList(Node& n) {
  n.offsets.push<int32_t>(static_cast<int32_t>(n.children[0].size));
  pushValidity(n, true);
  ++n.size;
}

/// Cuts a node (and its children) back to `rows` rows: undoes a partly written record.
void truncate(Node& n, int64_t rows) {
  switch (n.id) {
    case TypeId::kString:
    case TypeId::kBinary:
      if (rows == n.size) return;
      n.chars.resize(n.offsets.as<int32_t>()[rows]);
      n.offsets.resize((rows + 1) * sizeof(int32_t));
      break;
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t elements = n.offsets.as<int32_t>()[rows];
      for (auto& c : n.children) truncate(c, elements);
      n.offsets.resize((rows + 1) * sizeof(int32_t));
      break;
    }
    case TypeId::kStruct:
      for (auto& c : n.children) truncate(c, rows);
      break;
    default:
      if (rows == n.size) return;
      n.data.resize(rows * n.width);
  }
  if (rows == n.size) return;
  n.size = rows;
  size_t words = bitmapWords(rows);
  n.validity.resize(words * sizeof(uint64_t));
  if (rows & 63) n.validity.as<uint64_t>()[words - 1] &= (uint64_t{1} << (rows & 63)) - 1;
}

ColumnPtr finishNode(Node& n) {
  auto column = std::make_shared<Column>(n.type, n.size);
  size_t words = bitmapWords(n.size);
  const uint64_t* bits = n.validity.as<uint64_t>();
  bool anyNull = false;
  for (size_t w = 0; w < words && !anyNull; ++w) {
    uint64_t full = (w + 1 < words || (n.size & 63) == 0) ? ~uint64_t{0} : (uint64_t{1} << (n.size & 63)) - 1;
    anyNull = bits[w] != full;
  }
  if (anyNull) {
    n.validity.resize(words * sizeof(uint64_t));
    column->mutableValidity() = std::move(n.validity);
  }
  column->mutableData() = std::move(n.data);
  column->mutableOffsets() = std::move(n.offsets);
  column->mutableChars() = std::move(n.chars);
  for (auto& c : n.children) column->mutableChildren().push_back(finishNode(c));
  n.size = 0;
  n.validity = Buffer();
  n.data = Buffer();
  n.offsets = Buffer();
  n.chars = Buffer();
  if (needsOffsets(n.id)) n.offsets.push<int32_t>(0);
  return column;
}

bool parseInt64(std::string_view token, int64_t& out) {
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
  return ec == std::errc() && end == token.data() + token.size();
}

// Raw text of a key (without quotes); `escaped` when it holds backslash escapes.
std::string_view rawKey(od::field& field, bool& escaped) {
  const char* raw = reinterpret_cast<const char*>(field.key().raw());
  size_t len = 0;
  escaped = false;
  while (raw[len] != '"') {
    if (raw[len] == '\\') {
      escaped = true;
      ++len;
    }
    ++len;
  }
  return {raw, len};
}

// Decoded key of a field; false for an invalid escape.
bool decodeKey(od::field& field, std::string& scratch, std::string_view& key) {
  bool escaped;
  key = rawKey(field, escaped);
  if (!escaped) return true;
  if (!unescapeJsonString({key.data() - 1, key.size() + 2}, scratch)) return false;
  key = scratch;
  return true;
}

}  // namespace

class JsonColumnParser::Impl {
 public:
  Impl(TypePtr schema, JsonOptions options, TimeZonePtr sessionZone, bool allowArrayAsStructs)
      : options_(std::move(options)), allowArrayAsStructs_(allowArrayAsStructs) {
    zone_ = options_.timeZone ? options_.timeZone : sessionZone ? sessionZone : TimeZone::utc();
    initNode(root_, schema, &options_.columnNameOfCorruptRecord);
  }

  ColumnPtr parseColumn(const Column& input, int64_t* malformedRecords) {
    const int64_t rows = input.size();
    reserve(root_, rows);
    const Buffer& chars = input.charsBuffer();
    const char* base = reinterpret_cast<const char*>(chars.data());
    if (chars.size() && chars.capacity() < chars.size() + kJsonPadding) {
      // Too little slack after the last row for the SIMD parser: copy the bytes once.
      padded_.resize(chars.size() + kJsonPadding);
      std::memcpy(padded_.data(), chars.data(), chars.size());
      base = reinterpret_cast<const char*>(padded_.data());
    }
    const int32_t* offsets = input.offsets();
    int64_t before = malformed_;
    for (int64_t i = 0; i < rows; ++i) {
      if (input.isNull(i)) {
        appendNullValue(root_);
        continue;
      }
      parseRecord(base + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]), true);
    }
    if (malformedRecords) *malformedRecords += malformed_ - before;
    return finishNode(root_);
  }

  void appendDocument(const char* text, size_t length) { parseRecord(text, length, false); }
  void appendNullRow() { appendNullValue(root_); }
  int64_t size() const { return root_.size; }
  int64_t malformed() const { return malformed_; }
  ColumnPtr finish() { return finishNode(root_); }

 private:
  enum class Outcome { kOk, kPartial, kMalformed };

  static void reserve(Node& n, int64_t rows) {
    if (n.id == TypeId::kStruct) {
      for (auto& c : n.children) reserve(c, rows);
    } else if (n.width) {
      n.data.reserve(rows * n.width);
    } else if (n.id == TypeId::kString || n.id == TypeId::kBinary) {
      n.offsets.reserve((rows + 1) * sizeof(int32_t));
    }
    n.validity.reserve(bitmapWords(rows) * sizeof(uint64_t));
  }

  void parseRecord(const char* text, size_t length, bool nullIfBlank) {
    record_ = std::string_view(text, length);
    if (isBlankJson(record_)) {
      if (nullIfBlank) appendNullValue(root_);
      return;
    }
    const int64_t start = root_.size;
    Outcome outcome = parseRoot(text, length);
    if (outcome == Outcome::kMalformed) {
      truncate(root_, start);
      // Retry what Jackson reads but simdjson does not: invalid UTF-8, 'single quotes', and
      // trailing text after the first value (Spark stops reading at its end).
      const char* p = text;
      size_t n = length;
      if (repairJsonText(record_, options_.allowSingleQuotes, repaired_)) {
        n = repaired_.size();
        repaired_.append(kJsonPadding, ' ');
        p = repaired_.data();
        outcome = parseRoot(p, n);
        if (outcome == Outcome::kMalformed) truncate(root_, start);
      }
      if (outcome == Outcome::kMalformed) {
        size_t extent = jsonValueExtent({p, n});
        if (extent != std::string_view::npos && extent < n && !isBlankJson({p + extent, n - extent})) {
          outcome = parseRoot(p, extent);
          if (outcome == Outcome::kMalformed) truncate(root_, start);
        }
      }
    }
    if (outcome == Outcome::kOk) return;
    ++malformed_;
    if (options_.mode == JsonParseMode::kFailFast) {
      truncate(root_, start);
      throwMalformedRecord(record_);
    }
    if (options_.mode == JsonParseMode::kDropMalformed && allowArrayAsStructs_) {
      truncate(root_, start);
      return;
    }
    if (outcome == Outcome::kPartial) return;  // the row keeps its converted fields
    if (root_.id == TypeId::kStruct) {
      for (size_t i = 0; i < root_.children.size(); ++i) {
        if (static_cast<int>(i) == root_.corruptIndex) appendString(root_.children[i], record_);
        else appendNullValue(root_.children[i]);
      }
      pushValidity(root_, true);
      ++root_.size;
    } else {
      appendNullValue(root_);
    }
  }

  static bool atEnd(od::document& doc) {
    const char* location;
    return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
  }

  Outcome parseRoot(const char* text, size_t length) {
    od::document doc;
    if (parser_.iterate(text, length, length + kJsonPadding).get(doc) != SUCCESS) return Outcome::kMalformed;
    od::json_type type;
    if (doc.type().get(type) != SUCCESS) return Outcome::kMalformed;
    switch (root_.id) {
      case TypeId::kStruct: {
        if (type == od::json_type::object) {
          od::object object;
          if (doc.get_object().get(object) != SUCCESS) return Outcome::kMalformed;
          stoppedEarly_ = false;
          Status s = parseObject(root_, object, true, 0);
          if (s == Status::kMalformed) return Outcome::kMalformed;
          if (!stoppedEarly_ && !atEnd(doc)) return Outcome::kMalformed;
          return s == Status::kOk ? Outcome::kOk : Outcome::kPartial;
        }
        if (type != od::json_type::array || !allowArrayAsStructs_) return Outcome::kMalformed;
        // A top-level array of objects: one row per element (converted as nested structs, so a
        // bad element spoils the whole record).
        od::array array;
        if (doc.get_array().get(array) != SUCCESS) return Outcome::kMalformed;
        for (auto element : array) {
          od::value value;
          if (std::move(element).get(value) != SUCCESS) return Outcome::kMalformed;
          od::object object;
          if (value.get_object().get(object) == SUCCESS) {
            if (parseObject(root_, object, false, 1) != Status::kOk) return Outcome::kMalformed;
            continue;
          }
          bool isNull = false;
          if (value.is_null().get(isNull) != SUCCESS || !isNull) return Outcome::kMalformed;
          for (auto& c : root_.children) appendNullValue(c);
          pushValidity(root_, true);
          ++root_.size;
        }
        return atEnd(doc) ? Outcome::kOk : Outcome::kMalformed;
      }
      case TypeId::kArray: {
        Status s;
        if (type == od::json_type::array) {
          od::array array;
          if (doc.get_array().get(array) != SUCCESS) return Outcome::kMalformed;
          s = parseArray(root_, array, 0);
        } else if (type == od::json_type::object && root_.children[0].id == TypeId::kStruct) {
          // An object read with an array-of-struct schema is a one-element array (SPARK-19595).
          od::object object;
          if (doc.get_object().get(object) != SUCCESS) return Outcome::kMalformed;
          s = parseObject(root_.children[0], object, false, 1);
          if (s == Status::kOk) endList(root_);
        } else {
          return Outcome::kMalformed;
        }
        return s == Status::kOk && atEnd(doc) ? Outcome::kOk : Outcome::kMalformed;
      }
      case TypeId::kMap: {
        if (type != od::json_type::object) return Outcome::kMalformed;
        od::object object;
        if (doc.get_object().get(object) != SUCCESS) return Outcome::kMalformed;
        Status s = parseMap(root_, object, 0);
        return s == Status::kOk && atEnd(doc) ? Outcome::kOk : Outcome::kMalformed;
      }
      default:
        return Outcome::kMalformed;
    }
  }

  // Field index of a key, -1 when the schema has no such field, kBadKey for a bad escape. Keys
  // usually come in schema order, so the expected field is compared first, on the raw bytes.
  int matchField(Node& n, od::field& field, size_t expected) {
    const char* raw = reinterpret_cast<const char*>(field.key().raw());
    if (expected < n.names.size() && n.rawComparable[expected]) {
      const std::string& name = n.names[expected];
      if (std::memcmp(raw, name.data(), name.size()) == 0 && raw[name.size()] == '"')
        return static_cast<int>(expected);
    }
    std::string_view key;
    if (!decodeKey(field, keyScratch_, key)) return kBadKey;
    uint32_t h = hashName(key) & n.slotMask;
    while (n.slots[h] >= 0) {
      if (n.names[n.slots[h]] == key) return n.slots[h];
      h = (h + 1) & n.slotMask;
    }
    return -1;
  }

  // Spark's convertObject. At the top level a field that fails to convert becomes NULL and the
  // others are still read (a partial result). Below it the failure propagates, and because Spark's
  // top-level loop then resumes inside the nested object and stops at its end, a failure inside
  // a nested object also leaves the later top-level fields NULL.
  Status parseObject(Node& n, od::object& object, bool isRoot, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    const int64_t row = n.size;
    std::fill(n.seen.begin(), n.seen.end(), 0);
    uint64_t* seen = n.seen.data();
    if (n.corruptIndex >= 0) seen[n.corruptIndex >> 6] |= uint64_t{1} << (n.corruptIndex & 63);
    size_t expected = 0;
    bool partial = false;
    for (auto result : object) {
      od::field field;
      if (std::move(result).get(field) != SUCCESS) return Status::kMalformed;
      int index = matchField(n, field, expected);
      if (index < 0) {
        if (index == kBadKey) return Status::kMalformed;
        continue;  // unknown key: simdjson skips its value
      }
      expected = static_cast<size_t>(index) + 1;
      Node& child = n.children[index];
      uint64_t bit = uint64_t{1} << (index & 63);
      if (seen[index >> 6] & bit) truncate(child, row);  // repeated key: the last one wins
      seen[index >> 6] |= bit;
      Status s = convert(child, field.value(), depth + 1);
      if (s == Status::kOk) [[likely]]
        continue;
      if (s == Status::kMalformed) return s;
      if (!isRoot) return Status::kMismatchInObject;
      truncate(child, row);
      appendNullValue(child);
      partial = true;
      if (s == Status::kMismatchInObject) {
        stoppedEarly_ = true;
        break;
      }
    }
    const size_t fieldCount = n.children.size();
    for (size_t i = 0; i < fieldCount; ++i)
      if (!((seen[i >> 6] >> (i & 63)) & 1)) appendNullValue(n.children[i]);
    if (n.corruptIndex >= 0) {
      if (partial) appendString(n.children[n.corruptIndex], record_);
      else appendNullValue(n.children[n.corruptIndex]);
    }
    pushValidity(n, true);
    ++n.size;
    return partial ? Status::kMismatchInArray : Status::kOk;
  }

  Status parseArray(Node& n, od::array& array, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    Node& child = n.children[0];
    for (auto element : array) {
      od::value value;
      if (std::move(element).get(value) != SUCCESS) return Status::kMalformed;
      Status s = convert(child, value, depth + 1);
      if (s != Status::kOk) return s;
    }
    endList(n);
    return Status::kOk;
  }

  Status parseMap(Node& n, od::object& object, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    Node& keys = n.children[0];
    Node& values = n.children[1];
    for (auto result : object) {
      od::field field;
      if (std::move(result).get(field) != SUCCESS) return Status::kMalformed;
      std::string_view key;
      if (!decodeKey(field, keyScratch_, key)) return Status::kMalformed;
      if (keys.id == TypeId::kString) {
        appendString(keys, key);
      } else if (convertFromString(keys, key) != Status::kOk) {
        return Status::kMismatchInObject;
      }
      Status s = convert(values, field.value(), depth + 1);
      if (s == Status::kMalformed) return s;
      if (s != Status::kOk) return Status::kMismatchInObject;
    }
    endList(n);
    return Status::kOk;
  }

  // Fast paths for the expected JSON type; everything else goes through convertSlow.
  Status convert(Node& n, od::value value, int depth) {
    switch (n.id) {
      case TypeId::kLong: {
        int64_t v;
        if (value.get_int64().get(v) == SUCCESS) {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kInt: {
        int64_t v;
        if (value.get_int64().get(v) == SUCCESS) {
          if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
            return Status::kMismatchInArray;
          appendFixed(n, static_cast<int32_t>(v));
          return Status::kOk;
        }
        break;
      }
      case TypeId::kDouble: {
        double v;
        if (value.get_double().get(v) == SUCCESS) {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kString: {
        std::string_view v;
        if (value.get_string().get(v) == SUCCESS) {
          appendString(n, v);
          return Status::kOk;
        }
        return convertStringSlow(n, value);
      }
      case TypeId::kBoolean: {
        bool v;
        if (value.get_bool().get(v) == SUCCESS) {
          appendFixed<uint8_t>(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kStruct: {
        od::object object;
        if (value.get_object().get(object) == SUCCESS) return parseObject(n, object, false, depth);
        break;
      }
      case TypeId::kArray: {
        od::array array;
        if (value.get_array().get(array) == SUCCESS) return parseArray(n, array, depth);
        break;
      }
      case TypeId::kMap: {
        od::object object;
        if (value.get_object().get(object) == SUCCESS) return parseMap(n, object, depth);
        break;
      }
      default:
        break;
    }
    return convertSlow(n, value);
  }

  Status convertSlow(Node& n, od::value& value) {
    std::string_view token = trimRight(value.raw_json_token());
    if (token.empty()) return Status::kMalformed;
    switch (token[0]) {
      case 'n':
        if (token != "null") return Status::kMalformed;
        appendNullValue(n);
        return Status::kOk;
      case 't':
      case 'f':
        if (token != "true" && token != "false") return Status::kMalformed;
        return Status::kMismatchInArray;
      case '{':
      case '[':
        return Status::kMismatchInArray;  // simdjson skips the container
      case '"': {
        std::string_view s;
        if (value.get_string().get(s) != SUCCESS) {
          if (!unescapeJsonString(token, scratch_)) return Status::kMalformed;
          s = scratch_;
        }
        return convertFromString(n, s);
      }
      default: {
        JsonNumberKind kind = classifyJsonNumber(token);
        if (kind == JsonNumberKind::kInvalid) return Status::kMalformed;
        return convertFromNumber(n, token, kind);
      }
    }
  }

  Status convertFromNumber(Node& n, std::string_view token, JsonNumberKind kind) {
    switch (n.id) {
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kLong:
      case TypeId::kTimestamp: {
        int64_t v;
        if (kind != JsonNumberKind::kInteger || !parseInt64(token, v)) return Status::kMismatchInArray;
        switch (n.id) {
          case TypeId::kByte:
            // Jackson's getByteValue accepts -128..255 and wraps 128..255 to negative bytes.
            if (v < -128 || v > 255) return Status::kMismatchInArray;
            appendFixed(n, static_cast<int8_t>(static_cast<uint8_t>(v)));
            break;
          case TypeId::kShort:
            if (v < -32768 || v > 32767) return Status::kMismatchInArray;
            appendFixed(n, static_cast<int16_t>(v));
            break;
          case TypeId::kInt:
            if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
              return Status::kMismatchInArray;
            appendFixed(n, static_cast<int32_t>(v));
            break;
          case TypeId::kTimestamp:
            // Seconds since the epoch; Spark multiplies with Java's wrapping arithmetic.
            appendFixed(n, static_cast<int64_t>(static_cast<uint64_t>(v) * 1000000u));
            break;
          default:
            appendFixed(n, v);
        }
        return Status::kOk;
      }
      case TypeId::kFloat: {
        scratch_.assign(token);
        appendFixed(n, std::strtof(scratch_.c_str(), nullptr));
        return Status::kOk;
      }
      case TypeId::kDouble: {
        scratch_.assign(token);
        appendFixed(n, std::strtod(scratch_.c_str(), nullptr));
        return Status::kOk;
      }
      case TypeId::kDecimal: {
        auto v = parseDecimalText(token, n.precision, n.scale);
        if (!v) return Status::kMismatchInArray;
        appendFixed(n, *v);
        return Status::kOk;
      }
      default:
        return Status::kMismatchInArray;
    }
  }

  Status convertFromString(Node& n, std::string_view s) {
    switch (n.id) {
      case TypeId::kString:
        appendString(n, s);
        return Status::kOk;
      case TypeId::kBinary: {
        std::string bytes;
        if (!base64Decode(s, bytes)) return Status::kMismatchInArray;
        appendString(n, bytes);
        return Status::kOk;
      }
      case TypeId::kFloat:
      case TypeId::kDouble: {
        if (!options_.allowNonNumericNumbers) return Status::kMismatchInArray;
        double v;
        if (s == "NaN") v = std::numeric_limits<double>::quiet_NaN();
        else if (s == "+INF" || s == "+Infinity" || s == "Infinity") v = std::numeric_limits<double>::infinity();
        else if (s == "-INF" || s == "-Infinity") v = -std::numeric_limits<double>::infinity();
        else return Status::kMismatchInArray;
        if (n.id == TypeId::kFloat) appendFixed(n, static_cast<float>(v));
        else appendFixed(n, v);
        return Status::kOk;
      }
      case TypeId::kDecimal: {
        if (s.empty()) return Status::kMismatchInArray;
        std::string text;
        for (char c : s)
          if (c != ',') text += c;
        auto v = parseDecimalText(text, n.precision, n.scale);
        if (!v) return Status::kMismatchInArray;
        appendFixed(n, *v);
        return Status::kOk;
      }
      case TypeId::kTimestamp: {
        if (s.empty()) return Status::kMismatchInArray;
        std::optional<int64_t> v;
        if (options_.timestampFormat) {
          v = options_.timestampFormat->parseTimestamp(s, *zone_);
        } else {
          v = parseTimestamp(s, *zone_);
          if (!v && s.find("GMT") != std::string_view::npos) v = parseTimestamp(withoutGmt(s), *zone_);
        }
        if (!v) return Status::kMismatchInArray;
        appendFixed(n, *v);
        return Status::kOk;
      }
      case TypeId::kDate: {
        if (s.empty()) return Status::kMismatchInArray;
        std::optional<int32_t> v;
        if (options_.dateFormat) {
          v = options_.dateFormat->parseDate(s);
        } else {
          v = parseDate(s);
          if (!v && s.find("GMT") != std::string_view::npos) v = parseDate(withoutGmt(s));
          if (!v) {
            // Spark 1.5 stored dates as day numbers in strings.
            int64_t days;
            std::string_view digits = s.size() > 1 && s[0] == '+' ? s.substr(1) : s;
            if (parseInt64(digits, days) && days >= std::numeric_limits<int32_t>::min() &&
                days <= std::numeric_limits<int32_t>::max())
              v = static_cast<int32_t>(days);
          }
        }
        if (!v) return Status::kMismatchInArray;
        appendFixed(n, *v);
        return Status::kOk;
      }
      default:
        return Status::kMismatchInArray;
    }
  }

  static std::string withoutGmt(std::string_view s) {
    std::string out(s);
    for (size_t p; (p = out.find("GMT")) != std::string::npos;) out.erase(p, 3);
    return out;
  }

  // A STRING field keeps the JSON text of a non-string value, re-serialised compactly as
  // Jackson's generator writes it.
  Status convertStringSlow(Node& n, od::value& value) {
    std::string_view token = trimRight(value.raw_json_token());
    if (token.empty()) return Status::kMalformed;
    switch (token[0]) {
      case 'n':
        if (token != "null") return Status::kMalformed;
        appendNullValue(n);
        return Status::kOk;
      case '"':
        if (!unescapeJsonString(token, scratch_)) return Status::kMalformed;
        appendString(n, scratch_);
        return Status::kOk;
      case 't':
      case 'f':
        if (token != "true" && token != "false") return Status::kMalformed;
        appendString(n, token);
        return Status::kOk;
      case '{':
      case '[':
        scratch_.clear();
        if (!serialize(value, scratch_, 0)) return Status::kMalformed;
        appendString(n, scratch_);
        return Status::kOk;
      default: {
        JsonNumberKind kind = classifyJsonNumber(token);
        if (kind == JsonNumberKind::kInvalid) return Status::kMalformed;
        scratch_.clear();
        appendCanonicalJsonNumber(scratch_, token, kind);
        appendString(n, scratch_);
        return Status::kOk;
      }
    }
  }

  bool serialize(od::value value, std::string& out, int depth) {
    if (depth > kMaxDepth) return false;
    od::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (value.get_object().get(object) != SUCCESS) return false;
        out += '{';
        bool first = true;
        std::string keyScratch;
        for (auto result : object) {
          od::field field;
          if (std::move(result).get(field) != SUCCESS) return false;
          std::string_view key;
          if (!decodeKey(field, keyScratch, key)) return false;
          if (!first) out += ',';
          first = false;
          appendJsonString(out, key);
          out += ':';
          if (!serialize(field.value(), out, depth + 1)) return false;
        }
        out += '}';
        return true;
      }
      case od::json_type::array: {
        od::array array;
        if (value.get_array().get(array) != SUCCESS) return false;
        out += '[';
        bool first = true;
        for (auto element : array) {
          od::value v;
          if (std::move(element).get(v) != SUCCESS) return false;
          if (!first) out += ',';
          first = false;
          if (!serialize(v, out, depth + 1)) return false;
        }
        out += ']';
        return true;
      }
      default: {
        std::string_view token = trimRight(value.raw_json_token());
        if (token.empty()) return false;
        if (token[0] == '"') {
          std::string text;
          if (!unescapeJsonString(token, text)) return false;
          appendJsonString(out, text);
          return true;
        }
        if (token == "true" || token == "false" || token == "null") {
          out += token;
          return true;
        }
        JsonNumberKind kind = classifyJsonNumber(token);
        if (kind == JsonNumberKind::kInvalid) return false;
        appendCanonicalJsonNumber(out, token, kind);
        return true;
      }
    }
  }

  od::parser parser_;
  Node root_;
  JsonOptions options_;
  TimeZonePtr zone_;
  bool allowArrayAsStructs_;
  bool stoppedEarly_ = false;
  int64_t malformed_ = 0;
  std::string_view record_;
  std::string scratch_;
  std::string keyScratch_;
  std::string repaired_;
  Buffer padded_;
};

JsonColumnParser::JsonColumnParser(TypePtr schema, JsonOptions options, TimeZonePtr sessionZone,
                                   bool allowArrayAsStructs)
    : impl_(std::make_unique<Impl>(std::move(schema), std::move(options), std::move(sessionZone),
                                   allowArrayAsStructs)) {}
JsonColumnParser::~JsonColumnParser() = default;
JsonColumnParser::JsonColumnParser(JsonColumnParser&&) noexcept = default;
JsonColumnParser& JsonColumnParser::operator=(JsonColumnParser&&) noexcept = default;

ColumnPtr JsonColumnParser::parseColumn(const Column& input, int64_t* malformedRecords) {
  return impl_->parseColumn(input, malformedRecords);
}
void JsonColumnParser::appendDocument(const char* text, size_t length) { impl_->appendDocument(text, length); }
void JsonColumnParser::appendNull() { impl_->appendNullRow(); }
int64_t JsonColumnParser::size() const { return impl_->size(); }
int64_t JsonColumnParser::malformedRecords() const { return impl_->malformed(); }
ColumnPtr JsonColumnParser::finish() { return impl_->finish(); }

}  // namespace spate
