// Spark's JsonInferSchema over simdjson's on-demand API. A record is first inferred into a small
// tree of per-value kinds (so that a malformed record contributes nothing but its corrupt-record
// field, as in Spark), then merged into the accumulated schema with JsonInferSchema's rules.
#include "vector/json_schema_inference.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "vector/json_text.h"

namespace spate {

namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

constexpr int kMaxDepth = 1000;

enum class Kind : uint8_t { kNull, kBoolean, kLong, kDecimal, kDouble, kString, kStruct, kArray };

bool isNumeric(Kind k) { return k == Kind::kLong || k == Kind::kDecimal || k == Kind::kDouble; }

/// The inferred kind of one value of the record being read; children are linked by index.
struct TempNode {
  Kind kind = Kind::kNull;
  int precision = 0;
  int scale = 0;
  std::string_view name;
  int firstChild = -1;
  int lastChild = -1;
  int next = -1;
};

struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// The merged type of every value seen at one place of the schema.
struct Accumulated {
  Kind kind = Kind::kNull;
  int precision = 0;
  int scale = 0;
  std::vector<std::pair<std::string, std::unique_ptr<Accumulated>>> fields;
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> fieldIndex;
  std::unique_ptr<Accumulated> element;

  Accumulated& field(std::string_view name) {
    auto it = fieldIndex.find(name);
    if (it != fieldIndex.end()) return *fields[it->second].second;
    fieldIndex.emplace(std::string(name), fields.size());
    fields.emplace_back(std::string(name), std::make_unique<Accumulated>());
    return *fields.back().second;
  }
  void becomeString() {
    kind = Kind::kString;
    fields.clear();
    fieldIndex.clear();
    element.reset();
  }
};

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isJsonWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

// Numeric widening of JsonInferSchema.compatibleType (findTightestCommonType plus its decimal
// rules); anything else that differs becomes STRING.
void widenPrimitive(Accumulated& a, Kind kind, int precision, int scale) {
  if (a.kind == kind && (kind != Kind::kDecimal || (a.precision == precision && a.scale == scale)))
    return;
  if (!isNumeric(a.kind) || !isNumeric(kind)) {
    a.becomeString();
    return;
  }
  if (a.kind == Kind::kDouble || kind == Kind::kDouble) {
    a.kind = Kind::kDouble;
    return;
  }
  // LONG with DECIMAL: the decimal wins when it is wider than DECIMAL(20,0); otherwise both are
  // merged as decimals.
  int p1 = a.precision, s1 = a.scale, p2 = precision, s2 = scale;
  if (a.kind == Kind::kLong) {
    if (p2 - s2 >= 20 && s2 >= 0) {
      a.kind = Kind::kDecimal;
      a.precision = p2;
      a.scale = s2;
      return;
    }
    p1 = 20, s1 = 0;
  } else if (kind == Kind::kLong) {
    if (p1 - s1 >= 20 && s1 >= 0) return;
    p2 = 20, s2 = 0;
  }
  int resultScale = std::max(s1, s2);
  int range = std::max(p1 - s1, p2 - s2);
  if (range + resultScale > 38) {
    a.kind = Kind::kDouble;
    return;
  }
  a.kind = Kind::kDecimal;
  a.precision = range + resultScale;
  a.scale = resultScale;
}

class RecordTree {
 public:
  explicit RecordTree(const JsonOptions& options) : options_(options) {}

  const std::vector<TempNode>& nodes() const { return nodes_; }

  // Infers the record in `text`; false when it is malformed. Node 0 is the root.
  bool read(const char* text, size_t length) {
    if (attempt(text, length)) return true;
    const char* p = text;
    size_t n = length;
    if (repairJsonText({text, length}, options_, repaired_)) {
      n = repaired_.size();
      repaired_.append(kJsonPadding, ' ');
      p = repaired_.data();
      if (attempt(p, n)) return true;
    }
    size_t extent = jsonValueExtent({p, n});
    if (extent != std::string_view::npos && extent < n && !isBlankJson({p + extent, n - extent}))
      return attempt(p, extent);
    return false;
  }

 private:
  bool attempt(const char* text, size_t length) {
    nodes_.clear();
    keys_.clear();
    nodes_.emplace_back();
    od::document doc;
    if (parser_.iterate(text, length, length + kJsonPadding).get(doc) != SUCCESS) return false;
    od::json_type type;
    if (doc.type().get(type) != SUCCESS) return false;
    bool ok;
    if (type == od::json_type::object) {
      od::object object;
      ok = doc.get_object().get(object) == SUCCESS && readObject(object, 0, 0);
    } else if (type == od::json_type::array) {
      od::array array;
      ok = doc.get_array().get(array) == SUCCESS && readArray(array, 0, 0);
    } else {
      // A scalar document: Jackson reads the one token and nothing after it.
      std::string_view token;
      return doc.raw_json_token().get(token) == SUCCESS && readScalar(trimRight(token), type, 0);
    }
    if (!ok) return false;
    const char* location;
    return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
  }

  int addChild(int parent) {
    int index = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    TempNode& p = nodes_[parent];
    if (p.lastChild < 0)
      p.firstChild = index;
    else
      nodes_[p.lastChild].next = index;
    p.lastChild = index;
    return index;
  }

  bool readValue(od::value value, int node, int depth) {
    if (depth > kMaxDepth) return false;
    od::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    if (type == od::json_type::object) {
      od::object object;
      return value.get_object().get(object) == SUCCESS && readObject(object, node, depth);
    }
    if (type == od::json_type::array) {
      od::array array;
      return value.get_array().get(array) == SUCCESS && readArray(array, node, depth);
    }
    return readScalar(trimRight(value.raw_json_token()), type, node);
  }

  bool readObject(od::object& object, int node, int depth) {
    nodes_[node].kind = Kind::kStruct;
    for (auto result : object) {
      od::field field;
      if (std::move(result).get(field) != SUCCESS) return false;
      std::string_view key;
      if (field.unescaped_key().get(key) != SUCCESS) {
        const char* raw = reinterpret_cast<const char*>(field.key().raw());
        size_t len = 0;
        while (raw[len] != '"') len += raw[len] == '\\' ? 2 : 1;
        std::string& decoded = keys_.emplace_back();
        if (!unescapeJsonString({raw - 1, len + 2}, decoded)) return false;
        key = decoded;
      }
      int child = addChild(node);
      nodes_[child].name = key;
      if (!readValue(field.value(), child, depth + 1)) return false;
    }
    return true;
  }

  bool readArray(od::array& array, int node, int depth) {
    nodes_[node].kind = Kind::kArray;
    for (auto element : array) {
      od::value value;
      if (std::move(element).get(value) != SUCCESS) return false;
      int child = addChild(node);
      if (!readValue(value, child, depth + 1)) return false;
    }
    return true;
  }

  bool readScalar(std::string_view token, od::json_type type, int node) {
    TempNode& n = nodes_[node];
    switch (type) {
      case od::json_type::null:
        n.kind = Kind::kNull;
        return token == "null";
      case od::json_type::boolean:
        n.kind = options_.primitivesAsString ? Kind::kString : Kind::kBoolean;
        return token == "true" || token == "false";
      case od::json_type::string: {
        std::string_view text = token.size() >= 2 ? token.substr(1, token.size() - 2) : token;
        if (text.find('\\') != std::string_view::npos) {
          if (!unescapeJsonString(token, scratch_)) return false;
          text = scratch_;
        }
        // Empty strings are treated like nulls until the end (JSON writers that cannot tell).
        if (text.empty()) {
          n.kind = Kind::kNull;
          return true;
        }
        n.kind = Kind::kString;
        if (options_.prefersDecimal) {
          std::string digits;
          for (char c : text)
            if (c != ',') digits += c;
          auto ps = decimalPrecisionScale(digits);
          if (ps && ps->second >= 0 && ps->second <= ps->first && ps->first <= 38) {
            n.kind = Kind::kDecimal;
            n.precision = ps->first;
            n.scale = ps->second;
          }
        }
        return true;
      }
      case od::json_type::number: {
        JsonNumberKind kind = classifyJsonNumber(token);
        if (kind == JsonNumberKind::kInvalid) return false;
        if (options_.primitivesAsString) {
          n.kind = Kind::kString;
          return true;
        }
        if (kind == JsonNumberKind::kInteger) {
          int64_t v;
          auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
          if (ec == std::errc() && end == token.data() + token.size()) {
            n.kind = Kind::kLong;
            return true;
          }
          // Beyond BIGINT: DECIMAL(digits, 0) as Jackson's BigInteger, DOUBLE beyond 38 digits.
          int digits = static_cast<int>(token.size()) - (token[0] == '-' ? 1 : 0);
          setDecimalOrDouble(n, digits, 0);
          return true;
        }
        if (options_.prefersDecimal) {
          auto ps = decimalPrecisionScale(token);
          if (!ps) return false;
          int precision = ps->first, scale = ps->second;
          if (scale < 0) precision -= scale, scale = 0;
          setDecimalOrDouble(n, std::max(precision, scale), scale);
          return true;
        }
        n.kind = Kind::kDouble;
        return true;
      }
      default:
        return false;
    }
  }

  static void setDecimalOrDouble(TempNode& n, int precision, int scale) {
    if (precision <= 38) {
      n.kind = Kind::kDecimal;
      n.precision = precision;
      n.scale = scale;
    } else {
      n.kind = Kind::kDouble;
    }
  }

  const JsonOptions& options_;
  od::parser parser_;
  std::vector<TempNode> nodes_;
  std::deque<std::string> keys_;
  std::string scratch_;
  std::string repaired_;
};

// Folds value `index` of a record into `a` (JsonInferSchema.compatibleType).
void mergeInto(Accumulated& a, const std::vector<TempNode>& nodes, int index) {
  const TempNode& t = nodes[index];
  if (t.kind == Kind::kNull || a.kind == Kind::kString) return;
  if (a.kind == Kind::kNull) {
    a.kind = t.kind;
    a.precision = t.precision;
    a.scale = t.scale;
    if (t.kind == Kind::kArray) a.element = std::make_unique<Accumulated>();
  } else if (a.kind != t.kind && (a.kind == Kind::kStruct || a.kind == Kind::kArray ||
                                  t.kind == Kind::kStruct || t.kind == Kind::kArray)) {
    a.becomeString();
    return;
  }
  switch (t.kind) {
    case Kind::kStruct:
      for (int c = t.firstChild; c >= 0; c = nodes[c].next)
        mergeInto(a.field(nodes[c].name), nodes, c);
      break;
    case Kind::kArray:
      for (int c = t.firstChild; c >= 0; c = nodes[c].next) mergeInto(*a.element, nodes, c);
      break;
    default:
      widenPrimitive(a, t.kind, t.precision, t.scale);
  }
}

// canonicalizeType: NULL → STRING (or dropped with dropFieldIfAllNull), empty structs dropped,
// fields sorted by name.
TypePtr canonicalize(const Accumulated& a, bool dropFieldIfAllNull) {
  switch (a.kind) {
    case Kind::kNull:
      return dropFieldIfAllNull ? nullptr : DataType::string();
    case Kind::kBoolean:
      return DataType::boolean();
    case Kind::kLong:
      return DataType::longType();
    case Kind::kDecimal:
      return DataType::decimal(a.precision, a.scale);
    case Kind::kDouble:
      return DataType::doubleType();
    case Kind::kString:
      return DataType::string();
    case Kind::kArray: {
      TypePtr element =
          a.element ? canonicalize(*a.element, dropFieldIfAllNull) : DataType::string();
      return element ? DataType::array(element, true) : nullptr;
    }
    case Kind::kStruct: {
      std::vector<StructField> fields;
      for (const auto& [name, child] : a.fields) {
        if (name.empty()) continue;
        if (TypePtr type = canonicalize(*child, dropFieldIfAllNull))
          fields.push_back({name, type, true});
      }
      if (fields.empty()) return nullptr;
      std::stable_sort(fields.begin(), fields.end(),
                       [](const StructField& x, const StructField& y) {
                         return compareJavaStrings(x.name, y.name) < 0;
                       });
      return DataType::structType(std::move(fields));
    }
  }
  return nullptr;
}

TypePtr tempNodeType(const std::vector<TempNode>& nodes, int index) {
  Accumulated a;
  mergeInto(a, nodes, index);
  TypePtr t = canonicalize(a, false);
  return t ? t : DataType::string();
}


}  // namespace

int compareJavaStrings(std::string_view a, std::string_view b) {
  // Decodes one UTF-8 sequence into UTF-16 code units (1 or 2).
  auto next = [](std::string_view s, size_t& i, uint16_t units[2]) -> int {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + n > s.size()) n = 1;
    cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[0] = static_cast<uint16_t>(0xD800 + (cp >> 10));
      units[1] = static_cast<uint16_t>(0xDC00 + (cp & 0x3FF));
      return 2;
    }
    units[0] = static_cast<uint16_t>(cp);
    return 1;
  };
  size_t i = 0, j = 0;
  uint16_t ua[2], ub[2];
  int na = 0, nb = 0, pa = 0, pb = 0;
  for (;;) {
    if (pa == na) {
      if (i >= a.size())
        na = 0;
      else
        na = next(a, i, ua);
      pa = 0;
    }
    if (pb == nb) {
      if (j >= b.size())
        nb = 0;
      else
        nb = next(b, j, ub);
      pb = 0;
    }
    if (na == 0 || nb == 0) return (na != 0) - (nb != 0);
    if (ua[pa] != ub[pb]) return ua[pa] < ub[pb] ? -1 : 1;
    ++pa;
    ++pb;
  }
}

class JsonSchemaInference::Impl {
 public:
  explicit Impl(JsonOptions options) : options_(std::move(options)), tree_(options_) {
    root_.kind = Kind::kStruct;
  }

  void addRecord(const char* text, size_t length) {
    if (isBlankJson({text, length})) return;
    if (!tree_.read(text, length)) {
      switch (options_.mode) {
        case JsonParseMode::kPermissive:
          widenPrimitive(root_.field(options_.columnNameOfCorruptRecord), Kind::kString, 0, 0);
          return;
        case JsonParseMode::kDropMalformed:
          return;
        case JsonParseMode::kFailFast:
          throw ExecutionException(
              "[MALFORMED_RECORD_IN_SCHEMA_INFERENCE] Malformed records are detected in schema "
              "inference. "
              "Parse Mode: FAILFAST.",
              "MALFORMED_RECORD_IN_SCHEMA_INFERENCE");
      }
    }
    mergeRoot({0});
  }

  TypePtr schema() const {
    TypePtr t = canonicalize(root_, options_.dropFieldIfAllNull);
    return t ? t : DataType::structType({});
  }

 private:
  // JsonInferSchema.compatibleRootType for a set of values whose compatible type is taken
  // first: structs merge into the root, arrays are looked into, anything else is not a struct.
  void mergeRoot(const std::vector<int>& values) {
    const auto& nodes = tree_.nodes();
    bool allStructs = true, allArrays = true;
    for (int v : values) {
      Kind k = nodes[v].kind;
      if (k != Kind::kStruct && k != Kind::kNull) allStructs = false;
      if (k != Kind::kArray && k != Kind::kNull) allArrays = false;
    }
    if (allStructs) {
      for (int v : values)
        if (nodes[v].kind == Kind::kStruct) mergeInto(root_, nodes, v);
      return;
    }
    if (allArrays) {
      std::vector<int> elements;
      for (int v : values)
        for (int c = nodes[v].firstChild; c >= 0; c = nodes[c].next) elements.push_back(c);
      mergeRoot(elements);
      return;
    }
    switch (options_.mode) {
      case JsonParseMode::kPermissive:
        widenPrimitive(root_.field(options_.columnNameOfCorruptRecord), Kind::kString, 0, 0);
        return;
      case JsonParseMode::kDropMalformed:
        return;
      case JsonParseMode::kFailFast: {
        std::string found;
        for (int v : values)
          if (nodes[v].kind != Kind::kStruct && nodes[v].kind != Kind::kNull) {
            found = tempNodeType(nodes, v)->simpleString();
            break;
          }
        throw ExecutionException(
            "[MALFORMED_RECORD_IN_SCHEMA_INFERENCE] Malformed records are detected in schema "
            "inference. "
            "Parse Mode: FAILFAST. Reasons: Failed to infer a common schema. Struct types are "
            "expected, but `" +
                found + "` was found.",
            "MALFORMED_RECORD_IN_SCHEMA_INFERENCE");
      }
    }
  }

  JsonOptions options_;
  RecordTree tree_;
  Accumulated root_;
};

JsonSchemaInference::JsonSchemaInference(JsonOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
JsonSchemaInference::~JsonSchemaInference() = default;
void JsonSchemaInference::addRecord(const char* text, size_t length) {
  impl_->addRecord(text, length);
}
TypePtr JsonSchemaInference::schema() const { return impl_->schema(); }

TypePtr inferJsonValueType(std::string_view json, const JsonOptions& options) {
  if (isBlankJson(json)) return DataType::string();
  std::string padded(json);
  padded.append(kJsonPadding, ' ');
  RecordTree tree(options);
  if (!tree.read(padded.data(), json.size()))
    throw ExecutionException(
        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
        "parsing: " +
            std::string(json) +
            ".\nParse Mode: FAILFAST. To process malformed records as null result, try setting the "
            "option 'mode' as 'PERMISSIVE'.",
        "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
  const auto& nodes = tree.nodes();
  Accumulated a;
  mergeInto(a, nodes, 0);
  if (a.kind == Kind::kStruct) {
    TypePtr t = canonicalize(a, options.dropFieldIfAllNull);
    return t ? t : DataType::structType({});
  }
  if (a.kind == Kind::kArray && a.element->kind == Kind::kStruct) {
    TypePtr t = canonicalize(*a.element, options.dropFieldIfAllNull);
    return DataType::array(t ? t : DataType::structType({}), true);
  }
  TypePtr t = canonicalize(a, options.dropFieldIfAllNull);
  return t ? t : DataType::string();
}


}  // namespace spate
