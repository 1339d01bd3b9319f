// Collection constructors and element access: size, array, map, struct, named_struct,
// element_at, get, the analyzer's `arr[i]` / `m['k']` access, map_keys/values/entries,
// map_from_arrays, map_contains_key, str_to_map. Array algorithms live in array_functions.cpp.
#include <algorithm>

#include "common/error.h"
#include "function/argument_checks.h"
#include "function/coercion.h"
#include "function/collection_support.h"
#include "function/java_regex.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/string_family.h"

namespace spate {

namespace {

using Args = std::vector<ExprPtr>;

[[noreturn]] void throwIndexOfZero() {
  throw ExecutionException(
      "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the "
      "first element has index 1).",
      "INVALID_INDEX_OF_ZERO");
}

[[noreturn]] void throwNullMapKey() {
  throw ExecutionException("[NULL_MAP_KEY] Cannot use null as map key.", "NULL_MAP_KEY");
}

// Keys [start, start + n) of a map being built must be non-null and distinct (Spark's default
// spark.sql.mapKeyDedupPolicy=EXCEPTION).
void checkMapKeys(const Column& keys, int64_t start, int64_t n, ValueSet& seen) {
  auto duplicate = [&](int64_t k) {
    throw ExecutionException(
        "[DUPLICATED_MAP_KEY] Duplicate map key " +
            formatValue(keys.valueAt(k), *keys.type(), *TimeZone::utc(), false) +
            " was found, please check the input data. If you want to remove the duplicated "
            "keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key "
            "inserted at last takes precedence.",
        "DUPLICATED_MAP_KEY");
  };
  for (int64_t k = start; k < start + n; ++k)
    if (keys.isNull(k)) throwNullMapKey();
  if (n <= 8) {
    for (int64_t k = start + 1; k < start + n; ++k)
      for (int64_t m = start; m < k; ++m)
        if (valuesEqual(keys, m, keys, k)) duplicate(k);
    return;
  }
  seen.clear();
  for (int64_t k = start; k < start + n; ++k)
    if (!seen.insert(keys, k)) duplicate(k);
}

void checkMapKeyType(std::string_view name, const Args& args, const TypePtr& keyType) {
  if (!isOrderable(*keyType) || keyType->id() == TypeId::kMap)
    throwDataTypeMismatch(name, args, "INVALID_MAP_KEY_TYPE",
                          "The key of map cannot be/contain " + quotedType(*keyType) + ".");
}

// A copy of an array/map column's offsets and validity over other children.
std::shared_ptr<Column> relist(const Column& in, const TypePtr& type,
                               std::vector<ColumnPtr> children) {
  auto out = std::make_shared<Column>(type, in.size());
  out->mutableOffsets().append(in.offsets(), static_cast<size_t>(in.size() + 1) * sizeof(int32_t));
  out->mutableValidity() = in.validityBuffer();
  out->mutableChildren() = std::move(children);
  return out;
}

// ---- size --------------------------------------------------------------------------------------

// size(NULL) is -1 (spark.sql.legacy.sizeOfNull=true, Spark 3.5's non-ANSI default).
ExprPtr bindSize(std::string name, Args args) {
  checkArity(name, args, 1, 1);
  TypeId id = args[0]->type->id();
  if (id == TypeId::kNull) return makeLiteral(Value(-1), DataType::integer());
  if (id != TypeId::kArray && id != TypeId::kMap)
    throwUnexpectedInputType(name, args, 0, "(\"ARRAY\" or \"MAP\")");
  return makeCall(
      name, DataType::integer(), std::move(args),
      [](const KernelArgs& a) {
        const Column& c = *a.columns[0];
        KernelWriter<int32_t> w(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r)
          w.set(r, c.isNull(r) ? -1 : static_cast<int32_t>(c.listLength(r)));
        return w.finish();
      },
      nullptr, false);
}

// ---- constructors ------------------------------------------------------------------------------

ExprPtr bindArray(Args args) {
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  auto element = findWiderType(types);
  if (!element) throwDataDiffTypes("array", args, args);
  Args original = args;
  for (auto& a : args) a = castTo(a, *element);
  TypePtr type = DataType::array(*element, anyNullable(args));
  return makeCall(
      "array", type, std::move(args),
      [](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        out.child(0).reserve(a.rows * static_cast<int64_t>(a.columns.size()));
        for (int64_t r = 0; r < a.rows; ++r) {
          for (const auto& c : a.columns) out.child(0).appendFrom(*c, r);
          out.endList();
        }
        return out.finish();
      },
      nullptr, false);
}

ExprPtr bindMap(Args args) {
  if (args.size() % 2 != 0) throwWrongNumArgs("map", "2n (n > 0)", args.size());
  std::vector<TypePtr> keyTypes, valueTypes;
  Args keys, values;
  for (size_t k = 0; k < args.size(); k += 2) {
    keyTypes.push_back(args[k]->type);
    valueTypes.push_back(args[k + 1]->type);
    keys.push_back(args[k]);
    values.push_back(args[k + 1]);
  }
  auto listTypes = [](const std::vector<TypePtr>& types) {
    std::string out = "[";
    for (size_t k = 0; k < types.size(); ++k) out += (k ? ", " : "") + quotedType(*types[k]);
    return out + "]";
  };
  auto keyType = findWiderType(keyTypes);
  if (!keyType)
    throwDataTypeMismatch("map", args, "CREATE_MAP_KEY_DIFF_TYPES",
                          "The given keys of function `map` should all be the same type, but "
                          "they are " +
                              listTypes(keyTypes) + ".");
  auto valueType = findWiderType(valueTypes);
  if (!valueType)
    throwDataTypeMismatch("map", args, "CREATE_MAP_VALUE_DIFF_TYPES",
                          "The given values of function `map` should all be the same type, but "
                          "they are " +
                              listTypes(valueTypes) + ".");
  checkMapKeyType("map", args, *keyType);
  for (size_t k = 0; k < args.size(); ++k) args[k] = castTo(args[k], k % 2 ? *valueType : *keyType);
  TypePtr type = DataType::map(*keyType, *valueType, anyNullable(values));
  return makeCall(
      "map", type, std::move(args),
      [](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        size_t pairs = a.columns.size() / 2;
        for (int64_t r = 0; r < a.rows; ++r) {
          for (size_t k = 0; k < pairs; ++k) {
            if (a.columns[2 * k]->isNull(r)) throwNullMapKey();
            out.child(0).appendFrom(*a.columns[2 * k], r);
            out.child(1).appendFrom(*a.columns[2 * k + 1], r);
          }
          out.endList();
        }
        ColumnPtr result = out.finish();
        if (pairs > 1) {
          ValueSet seen;
          for (int64_t r = 0; r < a.rows; ++r)
            checkMapKeys(*result->child(0), result->listStart(r), result->listLength(r), seen);
        }
        return result;
      },
      nullptr, false);
}

// A struct whose children are the evaluated arguments themselves (no copy); never NULL.
ExprPtr makeStructCall(std::string name, std::vector<StructField> fields, Args values) {
  TypePtr type = DataType::structType(std::move(fields));
  return makeCall(
      std::move(name), type, std::move(values),
      [](const KernelArgs& a) {
        auto out = std::make_shared<Column>(a.resultType, a.rows);
        for (const auto& c : a.columns) out->mutableChildren().push_back(c);
        return ColumnPtr(out);
      },
      nullptr, false);
}

ExprPtr bindNamedStruct(Args args) {
  if (args.empty() || args.size() % 2 != 0)
    throwWrongNumArgs("named_struct", "2n (n > 0)", args.size());
  std::vector<StructField> fields;
  Args values;
  std::string bad;
  for (size_t k = 0; k < args.size(); k += 2) {
    auto name = constantValue(*args[k]);
    if (!name || args[k]->type->id() != TypeId::kString) {
      bad += (bad.empty() ? "" : ", ") + ("\"" + exprSql(*args[k]) + "\"");
      continue;
    }
    if (name->isNull())
      throwDataTypeMismatch("named_struct", args, "UNEXPECTED_NULL",
                            "The \"" + exprSql(*args[k]) + "\" must not be null.");
    fields.push_back({name->asString(), args[k + 1]->type, args[k + 1]->nullable});
    values.push_back(args[k + 1]);
  }
  if (!bad.empty())
    throwDataTypeMismatch("named_struct", args, "CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING",
                          "Only foldable `STRING` expressions are allowed to appear at odd "
                          "position, but they are [" +
                              bad + "].");
  return makeStructCall("named_struct", std::move(fields), std::move(values));
}

// struct(a, b, …): fields are named after column references (when the analyzer recorded their
// names in Expr::functionName) and "col1", "col2", … otherwise, as Spark's CreateStruct.
ExprPtr bindStruct(Args args) {
  std::vector<StructField> fields;
  for (size_t k = 0; k < args.size(); ++k) {
    const Expr& e = *args[k];
    std::string name = e.kind == ExprKind::kColumnRef && !e.functionName.empty()
                           ? e.functionName
                           : "col" + std::to_string(k + 1);
    fields.push_back({name, e.type, e.nullable});
  }
  return makeStructCall("struct", std::move(fields), std::move(args));
}

// ---- element access ----------------------------------------------------------------------------

int64_t integralAt(const Column& c, int64_t r) {
  switch (c.typeId()) {
    case TypeId::kByte:
      return c.valueAt<int8_t>(r);
    case TypeId::kShort:
      return c.valueAt<int16_t>(r);
    case TypeId::kInt:
      return c.valueAt<int32_t>(r);
    default:
      return c.valueAt<int64_t>(r);
  }
}

enum class IndexMode { kOneBased, kZeroBased };

ExprPtr arrayItem(std::string name, Args args, IndexMode mode) {
  TypePtr element = args[0]->type->element();
  return makeCall(std::move(name), element, std::move(args), [mode](const KernelArgs& a) {
    const Column& arr = *a.columns[0];
    const Column& idx = *a.columns[1];
    std::vector<uint32_t> pick(static_cast<size_t>(a.rows), kNullIndex);
    for (int64_t r = 0; r < a.rows; ++r) {
      if (arr.isNull(r) || idx.isNull(r)) continue;
      int64_t n = arr.listLength(r);
      int64_t i = integralAt(idx, r);
      int64_t at;
      if (mode == IndexMode::kZeroBased) {
        at = i;
      } else {
        if (i == 0) throwIndexOfZero();
        at = i > 0 ? i - 1 : n + i;
      }
      if (at >= 0 && at < n)
        pick[static_cast<size_t>(r)] = static_cast<uint32_t>(arr.listStart(r) + at);
    }
    return gatherColumn(arr.child(0), pick);
  });
}

ExprPtr mapValue(std::string name, Args args) {
  TypePtr valueType = args[0]->type->value();
  return makeCall(std::move(name), valueType, std::move(args), [](const KernelArgs& a) {
    const Column& map = *a.columns[0];
    const Column& key = *a.columns[1];
    const Column& keys = *map.child(0);
    std::vector<uint32_t> pick(static_cast<size_t>(a.rows), kNullIndex);
    for (int64_t r = 0; r < a.rows; ++r) {
      if (map.isNull(r) || key.isNull(r)) continue;
      for (int64_t k = map.listStart(r), e = k + map.listLength(r); k < e; ++k) {
        if (valuesEqual(keys, k, key, r)) {
          pick[static_cast<size_t>(r)] = static_cast<uint32_t>(k);
          break;
        }
      }
    }
    return gatherColumn(map.child(1), pick);
  });
}

// Coerces a map lookup's (map, key) arguments: the key and the map's key type meet at their
// tightest common type (the map is cast when its key type widens); `lenient` also casts other
// atomic keys to the map's key type, as GetMapValue's implicit cast does.
void coerceMapKey(std::string_view name, Args& args, bool lenient = false) {
  const DataType& mapType = *args[0]->type;
  const TypePtr& keyType = mapType.key();
  if (args[1]->type->sameType(*keyType)) return;
  if (lenient && isAtomicType(*keyType) && isAtomicType(*args[1]->type)) {
    args[1] = castTo(args[1], keyType);
    return;
  }
  auto common = findTightestCommonType(keyType, args[1]->type);
  if (!common)
    throwDataTypeMismatch(name, args, "MAP_FUNCTION_DIFF_TYPES",
                          "Input to `" + std::string(name) +
                              "` should have been \"MAP\" followed by a value with same key type, "
                              "but it's [" +
                              quotedType(mapType) + ", " + quotedType(*args[1]->type) + "].");
  if (!(*common)->sameType(*keyType))
    args[0] = castTo(args[0], DataType::map(*common, mapType.value(), mapType.valueContainsNull()));
  args[1] = castTo(args[1], *common);
}

ExprPtr bindElementAt(Args args) {
  checkArity("element_at", args, 2, 2);
  TypeId id = args[0]->type->id();
  if (id == TypeId::kArray) {
    args[1] = intArg("element_at", args, 1);
    return arrayItem("element_at", std::move(args), IndexMode::kOneBased);
  }
  if (id == TypeId::kMap) {
    coerceMapKey("element_at", args);
    return mapValue("element_at", std::move(args));
  }
  throwUnexpectedInputType("element_at", args, 0, "(\"ARRAY\" or \"MAP\")");
}

ExprPtr bindGet(Args args) {
  checkArity("get", args, 2, 2);
  if (args[0]->type->id() != TypeId::kArray) throwUnexpectedInputType("get", args, 0, "\"ARRAY\"");
  args[1] = intArg("get", args, 1);
  return arrayItem("get", std::move(args), IndexMode::kZeroBased);
}

// arr[i] (0-based, out of range or negative → NULL) and m[k] as the analyzer binds them.
ExprPtr bindGetArrayItem(Args args) {
  checkArity("__get_array_item", args, 2, 2);
  if (args[0]->type->id() != TypeId::kArray)
    throwUnexpectedInputType("__get_array_item", args, 0, "\"ARRAY\"");
  if (!args[1]->type->isIntegral()) {
    if (args[1]->type->id() == TypeId::kNull)
      args[1] = castTo(args[1], DataType::integer());
    else
      args[1] = intArg("__get_array_item", args, 1);
  }
  return arrayItem("__get_array_item", std::move(args), IndexMode::kZeroBased);
}

ExprPtr bindGetMapValue(Args args) {
  checkArity("__get_map_value", args, 2, 2);
  if (args[0]->type->id() != TypeId::kMap)
    throwUnexpectedInputType("__get_map_value", args, 0, "\"MAP\"");
  coerceMapKey("__get_map_value", args, true);
  return mapValue("__get_map_value", std::move(args));
}

// ---- map views
// -----------------------------------------------------------------------------------

ExprPtr bindMapView(std::string name, Args args, int which) {
  checkArity(name, args, 1, 1);
  const DataType& t = *args[0]->type;
  if (t.id() != TypeId::kMap) throwUnexpectedInputType(name, args, 0, "\"MAP\"");
  TypePtr type;
  if (which == 0)
    type = DataType::array(t.key(), false);
  else if (which == 1)
    type = DataType::array(t.value(), t.valueContainsNull());
  else
    type = DataType::array(DataType::structType({{"key", t.key(), false},
                                                 {"value", t.value(), t.valueContainsNull()}}),
                           false);
  bool nullable = args[0]->nullable;
  return makeCall(
      std::move(name), type, std::move(args),
      [which](const KernelArgs& a) {
        const Column& map = *a.columns[0];
        if (which < 2) return ColumnPtr(relist(map, a.resultType, {map.child(which)}));
        auto entries = std::make_shared<Column>(a.resultType->element(), map.child(0)->size());
        entries->mutableChildren() = {map.child(0), map.child(1)};
        return ColumnPtr(relist(map, a.resultType, {entries}));
      },
      nullptr, nullable);
}

ExprPtr bindMapContainsKey(Args args) {
  checkArity("map_contains_key", args, 2, 2);
  if (args[0]->type->id() != TypeId::kMap)
    throwUnexpectedInputType("map_contains_key", args, 0, "\"MAP\"");
  coerceMapKey("map_contains_key", args);
  bool nullable = anyNullable(args);
  return makeCall(
      "map_contains_key", DataType::boolean(), std::move(args),
      [](const KernelArgs& a) {
        const Column& map = *a.columns[0];
        const Column& key = *a.columns[1];
        KernelWriter<bool> w(a.resultType, a.rows);
        for (int64_t r = 0; r < a.rows; ++r) {
          if (map.isNull(r) || key.isNull(r)) {
            w.setNull(r);
            continue;
          }
          bool found = false;
          for (int64_t k = map.listStart(r), e = k + map.listLength(r); k < e && !found; ++k)
            found = valuesEqual(*map.child(0), k, key, r);
          w.set(r, found);
        }
        return w.finish();
      },
      nullptr, nullable);
}

ExprPtr bindMapFromArrays(Args args) {
  checkArity("map_from_arrays", args, 2, 2);
  for (size_t k = 0; k < 2; ++k)
    if (args[k]->type->id() != TypeId::kArray)
      throwUnexpectedInputType("map_from_arrays", args, k, "\"ARRAY\"");
  TypePtr keyType = args[0]->type->element();
  checkMapKeyType("map_from_arrays", args, keyType);
  TypePtr type = DataType::map(keyType, args[1]->type->element(), args[1]->type->containsNull());
  bool nullable = anyNullable(args);
  return makeCall(
      "map_from_arrays", type, std::move(args),
      [](const KernelArgs& a) {
        const Column& keys = *a.columns[0];
        const Column& values = *a.columns[1];
        ColumnBuilder out(a.resultType, a.rows);
        ValueSet seen;
        for (int64_t r = 0; r < a.rows; ++r) {
          if (keys.isNull(r) || values.isNull(r)) {
            out.appendNull();
            continue;
          }
          int64_t n = keys.listLength(r);
          if (n != values.listLength(r))
            throw ExecutionException(
                "The key array and value array of MapData must have the same length.");
          checkMapKeys(*keys.child(0), keys.listStart(r), n, seen);
          for (int64_t k = 0; k < n; ++k) {
            out.child(0).appendFrom(*keys.child(0), keys.listStart(r) + k);
            out.child(1).appendFrom(*values.child(0), values.listStart(r) + k);
          }
          out.endList();
        }
        return out.finish();
      },
      nullptr, nullable);
}

// str_to_map(text[, pairDelim = ','[, keyValueDelim = ':']]): delimiters are regular expressions;
// a pair without a key-value delimiter maps its key to NULL.
ExprPtr bindStrToMap(Args args) {
  checkArity("str_to_map", args, 1, 3);
  if (args.size() < 2) args.push_back(makeLiteral(Value(","), DataType::string()));
  if (args.size() < 3) args.push_back(makeLiteral(Value(":"), DataType::string()));
  for (size_t k = 0; k < 3; ++k) args[k] = stringArg("str_to_map", args, k);
  bool nullable = anyNullable(args);
  return makeCall(
      "str_to_map", DataType::map(DataType::string(), DataType::string(), true), std::move(args),
      [](const KernelArgs& a) {
        ColumnBuilder out(a.resultType, a.rows);
        std::shared_ptr<const JavaRegex> pairRegex, kvRegex;
        std::vector<std::string_view> pairs, kv;
        ValueSet seen;
        auto regexFor = [](std::shared_ptr<const JavaRegex>& cache, std::string_view p) {
          if (!cache || cache->pattern() != p) {
            try {
              cache = JavaRegex::compile(p);
            } catch (const RegexError& e) {
              throw ExecutionException(std::string("java.util.regex.PatternSyntaxException: ") +
                                       e.what());
            }
          }
          return cache;
        };
        for (int64_t r = 0; r < a.rows; ++r) {
          if (a.columns[0]->isNull(r) || a.columns[1]->isNull(r) || a.columns[2]->isNull(r)) {
            out.appendNull();
            continue;
          }
          std::string_view pairDelim = a.columns[1]->stringAt(r);
          std::string_view kvDelim = a.columns[2]->stringAt(r);
          javaSplit(a.columns[0]->stringAt(r), *regexFor(pairRegex, pairDelim), pairDelim, -1,
                    pairs);
          for (std::string_view pair : pairs) {
            javaSplit(pair, *regexFor(kvRegex, kvDelim), kvDelim, 2, kv);
            out.child(0).appendString(kv[0]);
            if (kv.size() < 2)
              out.child(1).appendNull();
            else
              out.child(1).appendString(kv[1]);
          }
          out.endList();
        }
        ColumnPtr result = out.finish();
        for (int64_t r = 0; r < a.rows; ++r)
          if (!result->isNull(r))
            checkMapKeys(*result->child(0), result->listStart(r), result->listLength(r), seen);
        return result;
      },
      nullptr, nullable);
}

}  // namespace

void registerCollectionFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, auto binder, const char* usage) {
    registry.addScalar(name, std::function<ExprPtr(std::vector<ExprPtr>)>(binder), usage);
  };
  add(
      "size", [](Args a) { return bindSize("size", std::move(a)); },
      "size(expr) - number of elements of an array or map, -1 for NULL");
  add(
      "cardinality", [](Args a) { return bindSize("cardinality", std::move(a)); },
      "cardinality(expr) - number of elements of an array or map, -1 for NULL");
  add("array", bindArray, "array(expr, ...) - an array of the arguments");
  add("map", bindMap, "map(key0, value0, key1, value1, ...) - a map of the pairs");
  add("named_struct", bindNamedStruct, "named_struct(name1, val1, ...) - a struct");
  add("struct", bindStruct, "struct(col1, col2, ...) - a struct");
  add("element_at", bindElementAt,
      "element_at(array, index) - 1-based element (negative: from the end); element_at(map, key)");
  add("get", bindGet, "get(array, index) - 0-based element, NULL out of range");
  add("__get_array_item", bindGetArrayItem, "arr[i]: 0-based element, NULL out of range");
  add("__get_map_value", bindGetMapValue, "m[k]: the value of key k, NULL if absent");
  add(
      "map_keys", [](Args a) { return bindMapView("map_keys", std::move(a), 0); },
      "map_keys(map) - the keys");
  add(
      "map_values", [](Args a) { return bindMapView("map_values", std::move(a), 1); },
      "map_values(map) - the values");
  add(
      "map_entries", [](Args a) { return bindMapView("map_entries", std::move(a), 2); },
      "map_entries(map) - an array of key/value structs");
  add("map_contains_key", bindMapContainsKey, "map_contains_key(map, key) - true if key is a key");
  add("map_from_arrays", bindMapFromArrays, "map_from_arrays(keys, values) - a map of two arrays");
  add("str_to_map", bindStrToMap,
      "str_to_map(text[, pairDelim[, keyValueDelim]]) - a map parsed from text");
  registerArrayFunctions(registry);
}

}  // namespace spate
