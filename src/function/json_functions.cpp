// from_json, to_json and schema_of_json; the path functions live in json_path_functions.cpp.
#include "common/error.h"
#include "common/strings.h"
#include "function/json_binding.h"
#include "function/json_path_functions.h"
#include "function/registry.h"
#include "vector/json_column_parser.h"
#include "vector/json_schema_inference.h"
#include "vector/json_writer.h"

namespace spate {

namespace {

using namespace json_detail;

bool hasNonStringMapKey(const DataType& type) {
  switch (type.id()) {
    case TypeId::kArray:
      return hasNonStringMapKey(*type.element());
    case TypeId::kMap:
      return type.key()->id() != TypeId::kString || hasNonStringMapKey(*type.value());
    case TypeId::kStruct:
      for (const auto& f : type.fields())
        if (hasNonStringMapKey(*f.type)) return true;
      return false;
    default:
      return false;
  }
}

// A schema given as DDL ("a INT, b STRING", "array<int>") or as Spark's JSON form.
TypePtr readSchema(const std::vector<ExprPtr>& args) {
  const ExprPtr& arg = args[1];
  auto value = constantValue(*arg);
  if (!value || value->isNull() || arg->type->id() != TypeId::kString)
    throw AnalysisException(
        "[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema \"" + exprSql(*arg) +
            "\" is not a valid schema string. The input expression must be string literal and "
            "not null.",
        "INVALID_SCHEMA.NON_STRING_LITERAL");
  std::string_view text = trimWhitespace(value->asString());
  if (!text.empty() && text.front() == '{') return typeFromJson(text);
  // DataType.fromDDL: a single type ("array<int>") first, then a list of fields ("a INT").
  try {
    return parseDataType(text);
  } catch (const ParseException&) {
    return parseDdlSchema(text);
  }
}

struct FromJsonState {
  TypePtr schema;
  JsonOptions options;
};

ExprPtr bindFromJson(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("from_json", args, 2, 3, "[2, 3]");
  auto state = std::make_shared<FromJsonState>();
  TypePtr schema = readSchema(args);
  TypeId root = schema->id();
  if (root != TypeId::kStruct && root != TypeId::kArray && root != TypeId::kMap)
    throwDataTypeMismatch(
        "INVALID_JSON_SCHEMA", "from_json", args,
        "Input schema " + quotedType(*schema) + " must be a struct, an array or a map.");
  if (hasNonStringMapKey(*schema))
    throwDataTypeMismatch("INVALID_JSON_MAP_KEY_TYPE", "from_json", args,
                          "Input schema " + quotedType(*schema) +
                              " can only contain \"STRING\" as a key type for a MAP.");
  requireString("from_json", args, 0);
  if (args.size() == 3) state->options = JsonOptions::fromMap(readOptions(args[2]));
  if (state->options.mode == JsonParseMode::kDropMalformed)
    throw AnalysisException(
        "from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and "
        "FAILFAST.");
  state->schema = nullableJsonSchema(schema);
  if (root == TypeId::kStruct) {
    int corrupt = state->schema->fieldIndex(state->options.columnNameOfCorruptRecord, true);
    if (corrupt >= 0 && state->schema->fields()[corrupt].type->id() != TypeId::kString)
      throw AnalysisException(
          "[INVALID_CORRUPT_RECORD_TYPE] The column `" + state->options.columnNameOfCorruptRecord +
              "` for corrupt records must have the nullable STRING type, but got " +
              quotedType(*state->schema->fields()[corrupt].type) + ".",
          "INVALID_CORRUPT_RECORD_TYPE");
  }
  TypePtr resultType = state->schema;
  std::vector<ExprPtr> children{args[0]};
  return makeCall(
      "from_json", resultType, std::move(children),
      [](const KernelArgs& a) -> ColumnPtr {
        const auto& s = *static_cast<const FromJsonState*>(a.state);
        const Column& input = *a.columns[0];
        if (input.typeId() != TypeId::kString) return makeNullColumn(a.resultType, a.rows);
        JsonColumnParser parser(s.schema, s.options, a.context.timeZone);
        return parser.parseColumn(input, a.context.malformedRecords);
      },
      state);
}

ExprPtr bindToJson(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("to_json", args, 1, 2, "[1, 2]");
  TypeId id = args[0]->type->id();
  if (id != TypeId::kStruct && id != TypeId::kArray && id != TypeId::kMap && id != TypeId::kNull)
    throwDataTypeMismatch(
        "INVALID_JSON_SCHEMA", "to_json", args,
        "Input schema " + quotedType(*args[0]->type) + " must be a struct, an array or a map.");
  auto options = std::make_shared<JsonOptions>();
  if (args.size() == 2) *options = JsonOptions::fromMap(readOptions(args[1]));
  std::vector<ExprPtr> children{args[0]};
  return makeCall(
      "to_json", DataType::string(), std::move(children),
      [](const KernelArgs& a) -> ColumnPtr {
        const auto& options = *static_cast<const JsonOptions*>(a.state);
        const Column& input = *a.columns[0];
        ColumnBuilder out(DataType::string(), a.rows);
        if (input.typeId() == TypeId::kNull) return makeNullColumn(DataType::string(), a.rows);
        JsonWriter writer(input.type(), options, a.context.timeZone);
        std::string text;
        for (int64_t i = 0; i < a.rows; ++i) {
          if (input.isNull(i)) {
            out.appendNull();
            continue;
          }
          text.clear();
          writer.write(input, i, text);
          out.appendString(text);
        }
        return out.finish();
      },
      options);
}

ExprPtr bindSchemaOfJson(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("schema_of_json", args, 1, 2, "[1, 2]");
  auto json = constantValue(*args[0]);
  if (!json || (args[0]->type->id() != TypeId::kString && args[0]->type->id() != TypeId::kNull))
    throwDataTypeMismatch(
        "NON_FOLDABLE_INPUT", "schema_of_json", args,
        "the input `json` should be a foldable \"STRING\" expression; however, got \"" +
            exprSql(*args[0]) + "\".");
  if (json->isNull())
    throwDataTypeMismatch("UNEXPECTED_NULL", "schema_of_json", args,
                          "The `json` must not be null.");
  JsonOptions options;
  if (args.size() == 2) options = JsonOptions::fromMap(readOptions(args[1]));
  auto sql =
      std::make_shared<std::string>(inferJsonValueType(json->asString(), options)->sql());
  std::vector<ExprPtr> children{args[0]};
  return makeCall(
      "schema_of_json", DataType::string(), std::move(children),
      [](const KernelArgs& a) -> ColumnPtr {
        return makeConstantColumn(DataType::string(),
                                  Value(*static_cast<const std::string*>(a.state)), a.rows);
      },
      sql, false);
}

}  // namespace

void registerJsonFunctions(FunctionRegistry& registry) {
  registry.addScalar(
      "from_json", bindFromJson,
      "from_json(jsonStr, schema[, options]) - Returns a struct value with the given `jsonStr` and "
      "`schema`.");
  registry.addScalar("to_json", bindToJson,
                     "to_json(expr[, options]) - Returns a JSON string with a given struct value.");
  registry.addScalar(
      "schema_of_json", bindSchemaOfJson,
      "schema_of_json(json[, options]) - Returns schema in the DDL format of JSON string.");
  registerJsonPathFunctions(registry);
}

}  // namespace spate
