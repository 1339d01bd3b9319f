// get_json_object, json_tuple, json_array_length and json_object_keys. Spark runs these over a
// Jackson token stream and reads only as far as it needs; JsonTokenizer does the same, so errors
// after the part of the document a function needs go unnoticed exactly as in Spark.
#include "function/json_path_functions.h"

#include <functional>
#include <optional>

#include "common/error.h"
#include "function/json_binding.h"
#include "function/json_tokenizer.h"
#include "function/kernel.h"

namespace spate {

namespace {

using namespace json_detail;

// ---- JSON paths (Spark's JsonPathParser) -------------------------------------------------------

enum class PathOp { kKey, kSubscript, kWildcard, kIndex, kNamed, kNone };

struct PathInstruction {
  PathOp op;
  int64_t index = 0;
  std::string name;
};
using JsonPath = std::vector<PathInstruction>;

// `$` followed by `.name`, `['name']`, `[n]`, `[*]`, `.*` or `['*']`. Like Spark's parser
// combinators, white space before each piece is skipped.
std::optional<JsonPath> parseJsonPath(std::string_view s) {
  if (s.empty() || s[0] != '$') return std::nullopt;
  JsonPath path;
  size_t pos = 1;
  auto skipSpace = [&] {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  };
  auto startsWith = [&](std::string_view p) { return s.substr(pos, p.size()) == p; };
  for (;;) {
    skipSpace();
    if (pos >= s.size()) return path;
    if (startsWith(".*")) {
      path.push_back({PathOp::kWildcard});
      pos += 2;
    } else if (startsWith("['*']")) {
      path.push_back({PathOp::kWildcard});
      pos += 5;
    } else if (s[pos] == '.') {
      ++pos;
      skipSpace();
      size_t start = pos;
      while (pos < s.size() && s[pos] != '.' && s[pos] != '[') ++pos;
      if (pos == start) return std::nullopt;
      path.push_back({PathOp::kKey});
      path.push_back({PathOp::kNamed, 0, std::string(s.substr(start, pos - start))});
    } else if (startsWith("['")) {
      pos += 2;
      skipSpace();
      size_t start = pos;
      while (pos < s.size() && s[pos] != '\'') ++pos;
      if (pos == start || !startsWith("']")) return std::nullopt;
      path.push_back({PathOp::kKey});
      path.push_back({PathOp::kNamed, 0, std::string(s.substr(start, pos - start))});
      pos += 2;
    } else if (s[pos] == '[') {
      ++pos;
      skipSpace();
      if (pos < s.size() && s[pos] == '*') {
        ++pos;
        path.push_back({PathOp::kSubscript});
        path.push_back({PathOp::kWildcard});
      } else {
        size_t start = pos;
        int64_t index = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (index > (INT64_MAX - 9) / 10) return std::nullopt;
          index = index * 10 + (s[pos++] - '0');
        }
        if (pos == start) return std::nullopt;
        path.push_back({PathOp::kSubscript});
        path.push_back({PathOp::kIndex, index});
      }
      skipSpace();
      if (pos >= s.size() || s[pos] != ']') return std::nullopt;
      ++pos;
    } else {
      return std::nullopt;
    }
  }
}

// A minimal JsonGenerator: separators between values, raw writes that bypass them.
class JsonGen {
 public:
  std::string out;
  void writeStartArray() {
    beforeValue();
    out += '[';
    arrays_.push_back(0);
  }
  void writeEndArray() {
    arrays_.pop_back();
    out += ']';
  }
  void writeRaw(std::string_view s) { out += s; }
  void writeRawValue(std::string_view s) {
    beforeValue();
    out += s;
  }
  bool copy(JsonTokenizer& p) {
    beforeValue();
    return p.copyCurrentStructure(out);
  }

 private:
  void beforeValue() {
    if (arrays_.empty()) {
      if (rootValues_++ > 0) out += ' ';
    } else if (arrays_.back()++ > 0) {
      out += ',';
    }
  }
  std::vector<int> arrays_;
  int rootValues_ = 0;
};

struct PathError {};

// Spark's GetJsonObject.evaluatePath, case by case.
class PathEvaluator {
 public:
  enum class Style { kRaw, kQuoted, kFlatten };

  PathEvaluator(JsonTokenizer& p, const JsonPath& path) : p_(p), path_(path) {}

  bool eval(JsonGen& g, Style style, size_t i) {
    JsonToken t = p_.current();
    bool nil = i == path_.size();
    if (t == JsonToken::kString && nil && style == Style::kRaw) {
      g.writeRaw(p_.text());
      return true;
    }
    if (t == JsonToken::kStartArray && nil && style == Style::kFlatten) {
      bool dirty = false;
      while (advance() != JsonToken::kEndArray) dirty |= eval(g, style, i);
      return dirty;
    }
    if (nil) {
      if (!g.copy(p_)) throw PathError{};
      return true;
    }
    if (t == JsonToken::kStartObject && op(i) == PathOp::kKey) {
      bool dirty = false;
      while (advance() != JsonToken::kEndObject) {
        if (dirty)
          skip();
        else
          dirty = eval(g, style, i + 1);
      }
      return dirty;
    }
    if (t == JsonToken::kStartArray && op(i) == PathOp::kSubscript &&
        op(i + 1) == PathOp::kWildcard) {
      if (op(i + 2) == PathOp::kSubscript && op(i + 3) == PathOp::kWildcard) {
        // Hive's non-structure-preserving double wildcard.
        bool dirty = false;
        g.writeStartArray();
        while (advance() != JsonToken::kEndArray) dirty |= eval(g, Style::kFlatten, i + 4);
        g.writeEndArray();
        return dirty;
      }
      if (style != Style::kQuoted) {
        // Matches are buffered: a single match is written without the enclosing array.
        Style nextStyle = style == Style::kRaw ? Style::kQuoted : Style::kFlatten;
        JsonGen buffer;
        buffer.writeStartArray();
        int dirty = 0;
        while (advance() != JsonToken::kEndArray) dirty += eval(buffer, nextStyle, i + 2) ? 1 : 0;
        buffer.writeEndArray();
        if (dirty > 1)
          g.writeRawValue(buffer.out);
        else if (dirty == 1)
          g.writeRawValue(std::string_view(buffer.out).substr(1, buffer.out.size() - 2));
        return dirty > 0;
      }
      bool dirty = false;
      g.writeStartArray();
      while (advance() != JsonToken::kEndArray) dirty |= eval(g, Style::kQuoted, i + 2);
      g.writeEndArray();
      return dirty;
    }
    if (t == JsonToken::kStartArray && op(i) == PathOp::kSubscript && op(i + 1) == PathOp::kIndex) {
      int64_t index = path_[i + 1].index;
      Style nextStyle = op(i + 2) == PathOp::kSubscript && op(i + 3) == PathOp::kWildcard
                            ? Style::kQuoted
                            : style;
      advance();
      return arrayIndex(index, [&] { return eval(g, nextStyle, i + 2); });
    }
    if (t == JsonToken::kFieldName && op(i) == PathOp::kNamed && p_.text() == path_[i].name) {
      if (advance() != JsonToken::kNull) return eval(g, style, i + 1);
      return false;
    }
    if (t == JsonToken::kFieldName && op(i) == PathOp::kWildcard) {
      advance();
      return eval(g, style, i + 1);
    }
    skip();
    return false;
  }

 private:
  PathOp op(size_t i) const { return i < path_.size() ? path_[i].op : PathOp::kNone; }

  JsonToken advance() {
    JsonToken t = p_.next();
    if (p_.failed() || t == JsonToken::kNotAvailable) throw PathError{};
    return t;
  }
  void skip() {
    if (!p_.skipChildren()) throw PathError{};
  }

  bool arrayIndex(int64_t index, const std::function<bool()>& f) {
    for (;;) {
      if (p_.current() == JsonToken::kEndArray) return false;
      if (index == 0) {
        bool dirty = f();
        while (advance() != JsonToken::kEndArray) skip();
        return dirty;
      }
      skip();
      advance();
      --index;
    }
  }

  JsonTokenizer& p_;
  const JsonPath& path_;
};

std::optional<std::string> getJsonObject(std::string_view json, const JsonPath& path) {
  JsonTokenizer p(json);
  JsonGen g;
  try {
    p.next();
    if (p.failed()) return std::nullopt;
    PathEvaluator evaluator(p, path);
    if (!evaluator.eval(g, PathEvaluator::Style::kRaw, 0)) return std::nullopt;
  } catch (const PathError&) {
    return std::nullopt;
  }
  return std::move(g.out);
}

ExprPtr bindGetJsonObject(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("get_json_object", args, 2, 2, "2");
  requireString("get_json_object", args, 0);
  requireString("get_json_object", args, 1);
  // A constant path is parsed once; nullopt inside means "invalid: every row is NULL".
  std::shared_ptr<const std::optional<JsonPath>> constantPath;
  if (auto path = constantValue(*args[1])) {
    constantPath = std::make_shared<const std::optional<JsonPath>>(
        path->isNull() ? std::nullopt : parseJsonPath(path->asString()));
  }
  return makeCall(
      "get_json_object", DataType::string(), std::move(args),
      [](const KernelArgs& a) -> ColumnPtr {
        const auto* constant = static_cast<const std::optional<JsonPath>*>(a.state);
        const Column& json = *a.columns[0];
        const Column& pathColumn = *a.columns[1];
        ColumnBuilder out(DataType::string(), a.rows);
        bool typed = json.typeId() == TypeId::kString && pathColumn.typeId() == TypeId::kString;
        for (int64_t i = 0; i < a.rows; ++i) {
          if (!typed || json.isNull(i) || pathColumn.isNull(i)) {
            out.appendNull();
            continue;
          }
          std::optional<JsonPath> parsed;
          const std::optional<JsonPath>* path = constant;
          if (!path) {
            parsed = parseJsonPath(pathColumn.stringAt(i));
            path = &parsed;
          }
          std::optional<std::string> result;
          if (*path) result = getJsonObject(json.stringAt(i), **path);
          if (result)
            out.appendString(*result);
          else
            out.appendNull();
        }
        return out.finish();
      },
      constantPath);
}

// ---- json_tuple -------------------------------------------------------------------------------

// One output row of json_tuple: the requested fields' JSON text (strings unquoted); all NULL when
// the input is not an object or is malformed.
std::vector<std::optional<std::string>> jsonTuple(
    std::string_view json, const std::vector<std::optional<std::string_view>>& names) {
  std::vector<std::optional<std::string>> row(names.size());
  JsonTokenizer p(json);
  if (p.next() != JsonToken::kStartObject) return row;
  auto find = [&](std::string_view name, size_t from) -> int {
    for (size_t k = from; k < names.size(); ++k)
      if (names[k] && *names[k] == name) return static_cast<int>(k);
    return -1;
  };
  for (;;) {
    JsonToken t = p.next();
    if (p.failed() || t == JsonToken::kNotAvailable)
      return std::vector<std::optional<std::string>>(names.size());
    if (t == JsonToken::kEndObject) break;
    if (t == JsonToken::kFieldName) {
      std::string name(p.text());
      int index = find(name, 0);
      if (index >= 0) {
        JsonToken value = p.next();
        if (p.failed()) return std::vector<std::optional<std::string>>(names.size());
        if (value != JsonToken::kNull) {
          std::string text;
          if (value == JsonToken::kString)
            text = p.text();
          else if (!p.copyCurrentStructure(text))
            return std::vector<std::optional<std::string>>(names.size());
          // Every column asking for this field gets it (SPARK-21804).
          for (; index >= 0; index = find(name, index + 1)) row[index] = text;
        }
      }
    }
    if (!p.skipChildren()) return std::vector<std::optional<std::string>>(names.size());
  }
  return row;
}

BoundGenerator bindJsonTuple(std::vector<ExprPtr> args, const BindContext&) {
  if (args.size() < 2)
    throw AnalysisException(
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `json_tuple` requires > 1 parameters but the "
        "actual number is " +
            std::to_string(args.size()) + ".",
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  for (const auto& arg : args)
    if (arg->type->id() != TypeId::kString && arg->type->id() != TypeId::kNull)
      throwDataTypeMismatch("NON_STRING_TYPE", "json_tuple", args,
                            "all arguments of the function `json_tuple` must be \"STRING\".");
  BoundGenerator g;
  g.name = "json_tuple";
  std::vector<StructField> fields;
  for (size_t k = 1; k < args.size(); ++k)
    fields.push_back({"c" + std::to_string(k - 1), DataType::string(), true});
  g.outputSchema = DataType::structType(std::move(fields));
  g.args = std::move(args);
  g.generate = [](std::span<const ColumnPtr> args, int64_t rows, std::vector<ColumnBuilder>& out,
                  std::vector<uint32_t>& parentRow) {
    const Column& json = *args[0];
    std::vector<std::optional<std::string_view>> names(args.size() - 1);
    for (int64_t i = 0; i < rows; ++i) {
      for (size_t k = 1; k < args.size(); ++k)
        names[k - 1] = args[k]->typeId() == TypeId::kString && !args[k]->isNull(i)
                           ? std::optional<std::string_view>(args[k]->stringAt(i))
                           : std::nullopt;
      std::vector<std::optional<std::string>> row(names.size());
      if (json.typeId() == TypeId::kString && !json.isNull(i))
        row = jsonTuple(json.stringAt(i), names);
      for (size_t k = 0; k < row.size(); ++k) {
        if (row[k])
          out[k].appendString(*row[k]);
        else
          out[k].appendNull();
      }
      parentRow.push_back(static_cast<uint32_t>(i));
    }
  };
  return g;
}

// ---- json_array_length / json_object_keys ---------------------------------------------------

std::optional<int32_t> jsonArrayLength(std::string_view json) {
  JsonTokenizer p(json);
  if (p.next() != JsonToken::kStartArray) return std::nullopt;
  int32_t length = 0;
  for (;;) {
    JsonToken t = p.next();
    if (p.failed() || t == JsonToken::kNotAvailable) return std::nullopt;
    if (t == JsonToken::kEndArray) return length;
    ++length;
    if (!p.skipChildren()) return std::nullopt;
  }
}

bool jsonObjectKeys(std::string_view json, std::vector<std::string>& keys) {
  keys.clear();
  JsonTokenizer p(json);
  if (p.next() != JsonToken::kStartObject) return false;
  for (;;) {
    JsonToken t = p.next();
    if (t == JsonToken::kEndObject) return true;
    if (t != JsonToken::kFieldName) return false;
    keys.emplace_back(p.text());
    p.next();
    if (p.failed() || !p.skipChildren()) return false;
  }
}

ExprPtr bindJsonArrayLength(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("json_array_length", args, 1, 1, "1");
  requireString("json_array_length", args, 0);
  return makeCall("json_array_length", DataType::integer(), std::move(args),
                  [](const KernelArgs& a) -> ColumnPtr {
                    if (a.columns[0]->typeId() != TypeId::kString)
                      return makeNullColumn(a.resultType, a.rows);
                    return mapUnary<int32_t, std::string_view>(
                        a, [](std::string_view json) { return jsonArrayLength(json); });
                  });
}

ExprPtr bindJsonObjectKeys(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("json_object_keys", args, 1, 1, "1");
  requireString("json_object_keys", args, 0);
  return makeCall("json_object_keys", DataType::array(DataType::string()), std::move(args),
                  [](const KernelArgs& a) -> ColumnPtr {
                    const Column& json = *a.columns[0];
                    if (json.typeId() != TypeId::kString)
                      return makeNullColumn(a.resultType, a.rows);
                    ColumnBuilder out(a.resultType, a.rows);
                    std::vector<std::string> keys;
                    for (int64_t i = 0; i < a.rows; ++i) {
                      if (json.isNull(i) || !jsonObjectKeys(json.stringAt(i), keys)) {
                        out.appendNull();
                        continue;
                      }
                      for (const auto& k : keys) out.child(0).appendString(k);
                      out.endList();
                    }
                    return out.finish();
                  });
}

}  // namespace

void registerJsonPathFunctions(FunctionRegistry& registry) {
  registry.addScalar("get_json_object", bindGetJsonObject,
                     "get_json_object(json_txt, path) - Extracts a json object from `path`.");
  registry.addGenerator(
      "json_tuple", bindJsonTuple,
      "json_tuple(jsonStr, p1, p2, ..., pn) - Returns a tuple like the function get_json_object, "
      "but it takes multiple names. All the input parameters and output column types are string.");
  registry.addScalar(
      "json_array_length", bindJsonArrayLength,
      "json_array_length(jsonArray) - Returns the number of elements in the outermost JSON array.");
  registry.addScalar("json_object_keys", bindJsonObjectKeys,
                     "json_object_keys(json_object) - Returns all the keys of the outermost JSON "
                     "object as an array.");
}

}  // namespace spate
