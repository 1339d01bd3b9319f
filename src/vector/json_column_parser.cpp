// JSON text → columns with simdjson's on-demand API, driving the column builders of
// json_column_builder.h: no DOM, no per-row allocation.
#include "vector/json_column_parser.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"
#include "vector/json_column_builder.h"

namespace spate {

void throwMalformedRecord(std::string_view record, bool arrayAsStruct) {
  std::string errorClass = arrayAsStruct
                               ? "MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS"
                               : "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION";
  throw ExecutionException(
      "[" + errorClass +
          "] Malformed records are detected in record parsing: " + std::string(record) +
          ".\nParse Mode: FAILFAST. To process malformed records as null result, try "
          "setting the option 'mode' as 'PERMISSIVE'." +
          (arrayAsStruct ? " Parsing JSON arrays as structs is forbidden." : ""),
      errorClass);
}

TypePtr nullableJsonSchema(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kArray:
      return DataType::array(nullableJsonSchema(type->element()), true);
    case TypeId::kMap:
      return DataType::map(nullableJsonSchema(type->key()), nullableJsonSchema(type->value()),
                           true);
    case TypeId::kStruct: {
      std::vector<StructField> fields;
      for (const auto& f : type->fields())
        fields.push_back({f.name, nullableJsonSchema(f.type), true});
      return DataType::structType(std::move(fields));
    }
    default:
      return type;
  }
}

namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;
using namespace json_internal;

constexpr int kBadKey = -2;
constexpr int kMaxDepth = 1000;  // Jackson's default nesting limit

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isJsonWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

// Decoded key of a field; false for an invalid escape.
bool decodeRawKey(const char* raw, std::string& scratch, std::string_view& key);

bool decodeKey(od::field& field, std::string& scratch, std::string_view& key) {
  return decodeRawKey(reinterpret_cast<const char*>(field.key().raw()), scratch, key);
}

// simdjson's object/array/value wrap a value_iterator; the hot loops drive that iterator directly
// (it is public API) instead of building field/value wrappers per key.
struct ObjectAccess : od::object {
  static od::value_iterator& iterator(od::object& o) { return o.*(&ObjectAccess::iter); }
};
struct ArrayAccess : od::array {
  static od::value_iterator& iterator(od::array& a) { return a.*(&ArrayAccess::iter); }
};
struct ValueAccess : od::value {
  static od::value wrap(const od::value_iterator& it) { return ValueAccess::start(it); }
};

// Raw text of a key (after its opening quote, without quotes); `escaped` when it holds escapes.
std::string_view rawKeyText(const char* raw, bool& escaped) {
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

bool decodeRawKey(const char* raw, std::string& scratch, std::string_view& key) {
  bool escaped;
  key = rawKeyText(raw, escaped);
  if (!escaped) return true;
  if (!unescapeJsonString({key.data() - 1, key.size() + 2}, scratch)) return false;
  key = scratch;
  return true;
}

// One simdjson parser per thread, shared by the JsonColumnParsers that thread runs: its buffers
// are allocated once instead of per batch. Safe because no document outlives a parseRoot call.
od::parser& threadParser() {
  thread_local od::parser parser;
  return parser;
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
    reserveNode(root_, rows);
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
    constexpr int64_t kSampleRows = 32;
    for (int64_t i = 0; i < rows; ++i) {
      if (i == kSampleRows && rows >= 4 * kSampleRows) reserveStrings(root_, kSampleRows, rows);
      if (input.isNull(i)) {
        appendNullValue(root_);
        continue;
      }
      parseRecord(base + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]), true);
    }
    if (malformedRecords) *malformedRecords += malformed_ - before;
    return finishNode(root_);
  }

  // Sizes the character buffers of a struct's string fields for `rows` rows from what the first
  // `sampled` rows used, instead of growing them by doubling (and copying) as the rows come.
  static void reserveStrings(Node& n, int64_t sampled, int64_t rows) {
    if (n.id != TypeId::kStruct) return;
    for (auto& c : n.children)
      if (c.id == TypeId::kString && c.chars.size() > 0)
        c.chars.reserve(c.chars.size() * rows / sampled * 9 / 8 + 16);
  }

  void appendDocument(const char* text, size_t length) { parseRecord(text, length, false); }
  void appendNullRow() { appendNullValue(root_); }
  int64_t size() const { return root_.size; }
  int64_t malformed() const { return malformed_; }
  ColumnPtr finish() { return finishNode(root_); }

 private:
  enum class Outcome { kOk, kPartial, kMalformed };

  void parseRecord(const char* text, size_t length, bool nullIfBlank) {
    record_ = std::string_view(text, length);
    if (isBlankJson(record_)) {
      if (nullIfBlank) appendNullValue(root_);
      return;
    }
    const int64_t start = root_.size;
    arrayAsStruct_ = false;
    Outcome outcome = parseRoot(text, length);
    if (outcome == Outcome::kMalformed) {
      truncate(root_, start);
      // Retry what Jackson reads but simdjson does not: invalid UTF-8, 'single quotes', and
      // trailing text after the first value (Spark stops reading at its end).
      const char* p = text;
      size_t n = length;
      if (repairJsonText(record_, options_, repaired_)) {
        n = repaired_.size();
        repaired_.append(kJsonPadding, ' ');
        p = repaired_.data();
        outcome = parseRoot(p, n);
        if (outcome == Outcome::kMalformed) truncate(root_, start);
      }
      if (outcome == Outcome::kMalformed) {
        size_t extent = jsonValueExtent({p, n});
        if (extent != std::string_view::npos && extent < n &&
            !isBlankJson({p + extent, n - extent})) {
          outcome = parseRoot(p, extent);
          if (outcome == Outcome::kMalformed) truncate(root_, start);
        }
      }
    }
    if (outcome == Outcome::kOk) return;
    ++malformed_;
    if (options_.mode == JsonParseMode::kFailFast) {
      truncate(root_, start);
      throwMalformedRecord(record_, arrayAsStruct_);
    }
    if (options_.mode == JsonParseMode::kDropMalformed && allowArrayAsStructs_) {
      truncate(root_, start);
      return;
    }
    if (outcome == Outcome::kPartial) return;  // the row keeps its converted fields
    if (root_.id == TypeId::kStruct) {
      for (size_t i = 0; i < root_.children.size(); ++i) {
        if (static_cast<int>(i) == root_.corruptIndex)
          appendString(root_.children[i], record_);
        else
          appendNullValue(root_.children[i]);
      }
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
    if (threadParser().iterate(text, length, length + kJsonPadding).get(doc) != SUCCESS)
      return Outcome::kMalformed;
    od::json_type type;
    if (doc.type().get(type) != SUCCESS) return Outcome::kMalformed;
    switch (root_.id) {
      case TypeId::kStruct: {
        if (type == od::json_type::object) {
          od::object object;
          if (doc.get_object().get(object) != SUCCESS) return Outcome::kMalformed;
          stoppedEarly_ = false;
          Status s = parseObject(root_, ObjectAccess::iterator(object), true, 0);
          if (s == Status::kMalformed) return Outcome::kMalformed;
          if (!stoppedEarly_ && !atEnd(doc)) return Outcome::kMalformed;
          return s == Status::kOk ? Outcome::kOk : Outcome::kPartial;
        }
        if (type != od::json_type::array) return Outcome::kMalformed;
        if (!allowArrayAsStructs_) {
          arrayAsStruct_ = true;  // JsonArraysAsStructsException
          return Outcome::kMalformed;
        }
        // A top-level array of objects: one row per element (converted as nested structs, so a
        // bad element spoils the whole record).
        od::array array;
        if (doc.get_array().get(array) != SUCCESS) return Outcome::kMalformed;
        for (auto element : array) {
          od::value value;
          if (std::move(element).get(value) != SUCCESS) return Outcome::kMalformed;
          od::object object;
          if (value.get_object().get(object) == SUCCESS) {
            if (parseObject(root_, ObjectAccess::iterator(object), false, 1) != Status::kOk)
              return Outcome::kMalformed;
            continue;
          }
          bool isNull = false;
          if (value.is_null().get(isNull) != SUCCESS || !isNull) return Outcome::kMalformed;
          for (auto& c : root_.children) appendNullValue(c);
          ++root_.size;
        }
        return atEnd(doc) ? Outcome::kOk : Outcome::kMalformed;
      }
      case TypeId::kArray: {
        Status s;
        if (type == od::json_type::array) {
          od::array array;
          if (doc.get_array().get(array) != SUCCESS) return Outcome::kMalformed;
          od::value_iterator& it = ArrayAccess::iterator(array);
          s = parseArray(root_, it, it.is_open(), 0);
        } else if (type == od::json_type::object && root_.children[0].id == TypeId::kStruct) {
          // An object read with an array-of-struct schema is a one-element array (SPARK-19595).
          od::object object;
          if (doc.get_object().get(object) != SUCCESS) return Outcome::kMalformed;
          s = parseObject(root_.children[0], ObjectAccess::iterator(object), false, 1);
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
        Status s = parseMap(root_, ObjectAccess::iterator(object), 0);
        return s == Status::kOk && atEnd(doc) ? Outcome::kOk : Outcome::kMalformed;
      }
      default:
        return Outcome::kMalformed;
    }
  }

  // Field index of a key, -1 when the schema has no such field, kBadKey for a bad escape. (Keys
  // usually come in schema order, so parseObject first compares the expected field's raw bytes.)
  int lookupField(Node& n, const char* raw) {
    std::string_view key;
    if (!decodeRawKey(raw, keyScratch_, key)) return kBadKey;
    uint32_t h = hashName(key) & n.slotMask;
    while (n.slots[h] >= 0) {
      if (n.names[n.slots[h]] == key) return n.slots[h];
      h = (h + 1) & n.slotMask;
    }
    return -1;
  }

  // Spark's convertObject over an object whose '{' has been consumed (`it` is the object's
  // iterator). At the top level a field that fails to convert becomes NULL and the others are
  // still read (a partial result). Below it the failure propagates, and because Spark's top-level
  // loop then resumes inside the nested object and stops at its end, a failure inside a nested
  // object also leaves the later top-level fields NULL.
  Status parseObject(Node& n, od::value_iterator& it, bool isRoot, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    const size_t fieldCount = n.children.size();
    const int64_t row = n.size;
    // Which fields this object set: in a register for up to 64 fields.
    uint64_t seenSmall = 0;
    uint64_t* seen = &seenSmall;
    if (fieldCount > 64) {
      std::fill(n.seen.begin(), n.seen.end(), 0);
      seen = n.seen.data();
    }
    if (n.corruptIndex >= 0) seen[n.corruptIndex >> 6] |= uint64_t{1} << (n.corruptIndex & 63);
    size_t expected = 0;
    bool partial = false;
    bool more = it.is_open();  // false for {}
    while (more) {
      od::raw_json_string key;
      if (it.field_key().get(key) != SUCCESS || it.field_value() != SUCCESS) [[unlikely]]
        return Status::kMalformed;
      const char* raw = reinterpret_cast<const char*>(key.raw());
      int index;
      if (expected < fieldCount && rawKeyEquals(raw, n.rawKeys[expected])) [[likely]]
        index = static_cast<int>(expected);
      else
        index = lookupField(n, raw);
      if (index >= 0) {
        expected = static_cast<size_t>(index) + 1;
        Node& child = n.children[index];
        uint64_t bit = uint64_t{1} << (index & 63);
        if (seen[index >> 6] & bit) [[unlikely]]
          truncate(child, row);  // repeated key: the last one wins
        seen[index >> 6] |= bit;
        od::value_iterator value = it.child();
        Status s = convertInline(child, value, depth + 1);
        if (s != Status::kOk) [[unlikely]] {
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
      } else if (index == kBadKey) [[unlikely]] {
        return Status::kMalformed;
      }
      // Skips what the conversion left unread (unknown keys, mismatched containers).
      if (it.skip_child() != SUCCESS || it.has_next_field().get(more) != SUCCESS) [[unlikely]]
        return Status::kMalformed;
    }
    if (fieldCount > 64 || seenSmall != n.allFields) {
      for (size_t i = 0; i < fieldCount; ++i)
        if (!((seen[i >> 6] >> (i & 63)) & 1)) appendNullValue(n.children[i]);
    }
    if (n.corruptIndex >= 0) {
      if (partial)
        appendString(n.children[n.corruptIndex], record_);
      else
        appendNullValue(n.children[n.corruptIndex]);
    }
    ++n.size;
    return partial ? Status::kMismatchInArray : Status::kOk;
  }

  // The common conversions inline in the field loop; the rest in convert().
  [[gnu::always_inline]] inline Status convertInline(Node& n, od::value_iterator& it, int depth) {
    switch (n.id) {
      case TypeId::kLong: {
        int64_t v;
        if (it.get_int64().get(v) == SUCCESS) [[likely]] {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kDouble: {
        double v;
        if (it.get_double().get(v) == SUCCESS) [[likely]] {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kString: {
        od::raw_json_string raw;
        if (it.get_raw_json_string().get(raw) == SUCCESS) [[likely]]
          return appendRawString(n, reinterpret_cast<const char*>(raw.raw()));
        break;
      }
      default:
        break;
    }
    return convert(n, it, depth);
  }

  // An array whose '[' has been consumed; `more` says whether it has elements.
  Status parseArray(Node& n, od::value_iterator& it, bool more, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    Node& child = n.children[0];
    while (more) {
      od::value_iterator value = it.child();
      Status s = convert(child, value, depth + 1);
      if (s != Status::kOk) return s;
      if (it.skip_child() != SUCCESS || it.has_next_element().get(more) != SUCCESS)
        return Status::kMalformed;
    }
    endList(n);
    return Status::kOk;
  }

  Status parseMap(Node& n, od::value_iterator& it, int depth) {
    if (depth > kMaxDepth) return Status::kMalformed;
    Node& keys = n.children[0];
    Node& values = n.children[1];
    bool more = it.is_open();
    while (more) {
      od::raw_json_string rawKey;
      if (it.field_key().get(rawKey) != SUCCESS || it.field_value() != SUCCESS)
        return Status::kMalformed;
      std::string_view key;
      if (!decodeRawKey(reinterpret_cast<const char*>(rawKey.raw()), keyScratch_, key))
        return Status::kMalformed;
      if (keys.id == TypeId::kString) {
        appendString(keys, key);
      } else if (convertFromString(keys, key, options_, *zone_) != Status::kOk) {
        return Status::kMismatchInObject;
      }
      od::value_iterator value = it.child();
      Status s = convert(values, value, depth + 1);
      if (s == Status::kMalformed) return s;
      if (s != Status::kOk) return Status::kMismatchInObject;
      if (it.skip_child() != SUCCESS || it.has_next_field().get(more) != SUCCESS)
        return Status::kMalformed;
    }
    endList(n);
    return Status::kOk;
  }

  // Fast paths for the expected JSON type; everything else goes through convertSlow.
  [[gnu::noinline]] Status convert(Node& n, od::value_iterator& it, int depth) {
    switch (n.id) {
      case TypeId::kLong: {
        int64_t v;
        if (it.get_int64().get(v) == SUCCESS) {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kInt: {
        int64_t v;
        if (it.get_int64().get(v) == SUCCESS) {
          if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
            return Status::kMismatchInArray;
          appendFixed(n, static_cast<int32_t>(v));
          return Status::kOk;
        }
        break;
      }
      case TypeId::kDouble: {
        double v;
        if (it.get_double().get(v) == SUCCESS) {
          appendFixed(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kString: {
        od::raw_json_string raw;
        if (it.get_raw_json_string().get(raw) == SUCCESS)
          return appendRawString(n, reinterpret_cast<const char*>(raw.raw()));
        od::value value = ValueAccess::wrap(it);
        return convertStringSlow(n, value);
      }
      case TypeId::kBoolean: {
        bool v;
        if (it.get_bool().get(v) == SUCCESS) {
          appendFixed<uint8_t>(n, v);
          return Status::kOk;
        }
        break;
      }
      case TypeId::kStruct: {
        bool notEmpty;
        if (it.start_object().get(notEmpty) == SUCCESS) return parseObject(n, it, false, depth);
        break;
      }
      case TypeId::kArray: {
        bool notEmpty;
        if (it.start_array().get(notEmpty) == SUCCESS) return parseArray(n, it, notEmpty, depth);
        break;
      }
      case TypeId::kMap: {
        bool notEmpty;
        if (it.start_object().get(notEmpty) == SUCCESS) return parseMap(n, it, depth);
        break;
      }
      default:
        break;
    }
    od::value value = ValueAccess::wrap(it);
    return convertSlow(n, value);
  }

  // Appends the string whose text starts at `p` (after the opening quote). Stage 1 has checked
  // that it is closed and valid UTF-8; escape-free text, the usual case, is copied as it is.
  Status appendRawString(Node& n, const char* p) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    size_t len = 0;
    for (;;) {
      uint64_t x;
      std::memcpy(&x, p + len, 8);  // within the padding
      uint64_t quote = x ^ (kOnes * '"'), slash = x ^ (kOnes * '\\');
      uint64_t hit = ((quote - kOnes) & ~quote & kHighs) | ((slash - kOnes) & ~slash & kHighs);
      if (hit) {
        len += static_cast<size_t>(__builtin_ctzll(hit) >> 3);
        break;
      }
      len += 8;
    }
    if (p[len] == '"') [[likely]] {
      // Short strings are copied as one 16-byte block (the source has padding after it).
      size_t old = n.chars.size();
      if (old + len + 16 > n.chars.capacity()) n.chars.reserve(old + len + 16);
      if (len <= 16)
        std::memcpy(n.chars.data() + old, p, 16);
      else
        std::memcpy(n.chars.data() + old, p, len);
      n.chars.resize(old + len);
      n.offsets.push<int32_t>(static_cast<int32_t>(old + len));
      ++n.size;
      return Status::kOk;
    }
    size_t end = len;
    while (p[end] != '"') end += p[end] == '\\' ? 2 : 1;
    if (!unescapeJsonString({p - 1, end + 2}, scratch_)) return Status::kMalformed;
    appendString(n, scratch_);
    return Status::kOk;
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
        return convertFromString(n, s, options_, *zone_);
      }
      default: {
        JsonNumberKind kind = classifyJsonNumber(token);
        if (kind == JsonNumberKind::kInvalid) return Status::kMalformed;
        return convertFromNumber(n, token, kind, scratch_);
      }
    }
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

  Node root_;
  JsonOptions options_;
  TimeZonePtr zone_;
  bool allowArrayAsStructs_;
  bool stoppedEarly_ = false;
  bool arrayAsStruct_ = false;
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
void JsonColumnParser::appendDocument(const char* text, size_t length) {
  impl_->appendDocument(text, length);
}
void JsonColumnParser::appendNull() { impl_->appendNullRow(); }
int64_t JsonColumnParser::size() const { return impl_->size(); }
int64_t JsonColumnParser::malformedRecords() const { return impl_->malformed(); }
ColumnPtr JsonColumnParser::finish() { return impl_->finish(); }

}  // namespace spate
