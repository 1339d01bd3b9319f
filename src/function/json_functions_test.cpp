#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "common/error.h"
#include "function/registry.h"

namespace spate {
namespace {

const FunctionRegistry& reg() { return FunctionRegistry::instance(); }

ExprPtr call(const std::string& name, std::vector<ExprPtr> args, const BindContext& context = {}) {
  const FunctionEntry* entry = reg().find(name);
  if (!entry || !entry->scalar) throw std::runtime_error("no function " + name);
  return entry->scalar(std::move(args), context);
}

ExprPtr lit(const std::string& s) { return makeLiteral(Value(s), DataType::string()); }
ExprPtr options(const std::vector<std::pair<std::string, std::string>>& entries) {
  ValueMap map;
  for (const auto& [k, v] : entries) map.emplace_back(Value(k), Value(v));
  return makeLiteral(Value(map), DataType::map(DataType::string(), DataType::string()));
}
ExprPtr col0(TypePtr type = DataType::string()) { return makeColumnRef(0, std::move(type)); }

BatchPtr stringBatch(const std::vector<std::optional<std::string>>& rows) {
  std::vector<std::vector<Value>> values;
  for (const auto& r : rows) values.push_back({r ? Value(*r) : Value::null()});
  return makeBatch(DataType::structType({{"value", DataType::string(), true}}), values);
}

std::vector<std::string> run(const ExprPtr& e, const Batch& batch,
                             const EvalContext& context = {}) {
  ColumnPtr c = evaluate(*e, batch, context);
  std::vector<std::string> out;
  for (int64_t i = 0; i < c->size(); ++i)
    out.push_back(formatValue(c->valueAt(i), *c->type(), *context.timeZone));
  return out;
}

std::string fromJson(const std::string& json, const std::string& schema, ExprPtr opts = nullptr) {
  std::vector<ExprPtr> args{col0(), lit(schema)};
  if (opts) args.push_back(opts);
  return run(call("from_json", args), *stringBatch({json}))[0];
}

std::string analysisError(const std::function<void()>& f) {
  try {
    f();
  } catch (const AnalysisException& e) {
    return e.what();
  }
  return "no AnalysisException";
}

// ---- from_json ----

TEST(FromJsonTest, SpecTableThroughTheRegistry) {
  ExprPtr e = call("from_json", {col0(), lit("a INT, b STRING")});
  EXPECT_EQ(e->type->sql(), "STRUCT<a: INT, b: STRING>");
  BatchPtr batch = stringBatch({std::nullopt, R"({"a":1,"b":"x"})", R"({"a":1})",
                                R"({"a":1,"b":"x","c":3})", R"({"A":1})", R"({"a":"1"})",
                                R"({"a":1.5})", R"({"a":1,"b":2})", R"({"a" 1})", "", " "});
  int64_t malformed = 0;
  EvalContext context;
  context.malformedRecords = &malformed;
  EXPECT_EQ(run(e, *batch, context),
            (std::vector<std::string>{"NULL", "{1, x}", "{1, NULL}", "{1, x}", "{NULL, NULL}",
                                      "{NULL, NULL}", "{NULL, NULL}", "{1, 2}", "{NULL, NULL}",
                                      "NULL", "NULL"}));
  EXPECT_EQ(malformed, 3);
}

TEST(FromJsonTest, SchemaForms) {
  EXPECT_EQ(fromJson(R"({"a":1,"b":[true]})", "struct<a: bigint, b: array<boolean>>"),
            "{1, [true]}");
  EXPECT_EQ(
      fromJson(
          R"({"a":1})",
          R"({"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}}]})"),
      "{1}");
  EXPECT_EQ(fromJson("[1,2]", "array<int>"), "[1, 2]");
  EXPECT_EQ(fromJson(R"({"k":1.5})", "map<string, double>"), "{k -> 1.5}");
  // Non-nullable schema fields are made nullable.
  ExprPtr e = call(
      "from_json",
      {col0(),
       lit(R"({"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}}]})")});
  EXPECT_TRUE(e->type->fields()[0].nullable);
  EXPECT_EQ(run(e, *stringBatch({"{}"}))[0], "{NULL}");
}

TEST(FromJsonTest, Options) {
  EXPECT_EQ(fromJson(R"({"t":"01/02/2024 10:00"})", "t TIMESTAMP",
                     options({{"timestampFormat", "dd/MM/yyyy HH:mm"}})),
            "{2024-02-01 10:00:00}");
  EXPECT_EQ(
      fromJson(R"({"a" 1})", "a INT, bad STRING", options({{"columnNameOfCorruptRecord", "bad"}})),
      R"({NULL, {"a" 1}})");
  EXPECT_EQ(fromJson(R"({"a" 1})", "a INT, _corrupt_record STRING"), R"({NULL, {"a" 1}})");
  EXPECT_EQ(fromJson(R"({"a":"NaN"})", "a DOUBLE", options({{"allowNonNumericNumbers", "false"}})),
            "{NULL}");
  EXPECT_EQ(fromJson(R"({'a':1})", "a INT", options({{"allowSingleQuotes", "false"}})), "{NULL}");
  EXPECT_EQ(fromJson(R"({'a':1})", "a INT"), "{1}");
}

TEST(FromJsonTest, FailFast) {
  ExprPtr e = call("from_json", {col0(), lit("a INT"), options({{"mode", "FAILFAST"}})});
  EXPECT_EQ(run(e, *stringBatch({R"({"a":1})"}))[0], "{1}");
  try {
    run(e, *stringBatch({R"({"a":1})", "{oops"}));
    FAIL();
  } catch (const ExecutionException& ex) {
    EXPECT_EQ(std::string(ex.what()),
              "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in "
              "record parsing: "
              "{oops.\nParse Mode: FAILFAST. To process malformed records as null result, try "
              "setting the option "
              "'mode' as 'PERMISSIVE'.");
  }
  // The mode name is case-insensitive.
  ExprPtr lower = call("from_json", {col0(), lit("a INT"), options({{"MODE", "failfast"}})});
  EXPECT_THROW(run(lower, *stringBatch({"[1]"})), ExecutionException);
}

TEST(FromJsonTest, SessionTimeZone) {
  EvalContext context;
  context.timeZone = TimeZone::of("America/New_York");
  ExprPtr e = call("from_json", {col0(), lit("t TIMESTAMP")});
  ColumnPtr c = evaluate(*e, *stringBatch({R"({"t":"2024-07-01 12:00:00"})"}), context);
  // 12:00 in New York (EDT, UTC-4) is 16:00 UTC.
  EXPECT_EQ(c->child(0)->valueAt<int64_t>(0), (19905LL * 86400 + 16 * 3600) * 1000000);
}

TEST(FromJsonTest, BindErrors) {
  EXPECT_EQ(analysisError([] {
              call("from_json", {col0(), lit("a INT"), options({{"mode", "DROPMALFORMED"}})});
            }),
            "from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE "
            "and FAILFAST.");
  EXPECT_EQ(analysisError([] { call("from_json", {col0()}); }),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `from_json` requires [2, 3] parameters but "
            "the actual number is 1.");
  EXPECT_EQ(
      analysisError([] {
        call("from_json", {col0(DataType::integer()), lit("a INT")});
      }),
      "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"from_json(col0, a INT)\" due to "
      "data type "
      "mismatch: Parameter 1 requires the \"STRING\" type, however \"col0\" has the type \"INT\".");
  EXPECT_EQ(analysisError([] {
              call("from_json", {col0(), makeColumnRef(1, DataType::string())});
            }),
            "[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema \"col1\" is not a valid schema "
            "string. The input "
            "expression must be string literal and not null.");
  EXPECT_EQ(analysisError([] {
              call("from_json", {col0(), lit("int")});
            }),
            "[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"from_json(col0, int)\" due "
            "to data type "
            "mismatch: Input schema \"INT\" must be a struct, an array or a map.");
  EXPECT_NE(analysisError([] {
              call("from_json", {col0(), lit("map<int, int>")});
            }).find("can only contain \"STRING\" as a key type for a MAP."),
            std::string::npos);
  EXPECT_NE(analysisError([] {
              call("from_json", {col0(), lit("a INT"), lit("mode")});
            }).find("[INVALID_OPTIONS.NON_MAP_FUNCTION]"),
            std::string::npos);
  EXPECT_NE(analysisError([] {
              call("from_json", {col0(), lit("a INT, _corrupt_record INT")});
            }).find("[INVALID_CORRUPT_RECORD_TYPE]"),
            std::string::npos);
  EXPECT_THROW(call("from_json", {col0(), lit("a INT,")}), ParseException);
}

TEST(FromJsonTest, NullLiteralInput) {
  ExprPtr e = call("from_json", {makeLiteral(Value::null(), DataType::null()), lit("a INT")});
  EXPECT_EQ(run(e, *stringBatch({"x"}))[0], "NULL");
}

// ---- to_json ----

constexpr const char* kSampleDdl =
    "a INT, b STRING, c DOUBLE, d ARRAY<INT>, e MAP<STRING, STRING>, f STRUCT<x: BOOLEAN, y: "
    "BIGINT>";
TypePtr sampleType() { return parseDdlSchema(kSampleDdl); }

std::string toJson(const TypePtr& type, const Value& value, ExprPtr opts = nullptr,
                   EvalContext context = {}) {
  BatchPtr batch = makeBatch(DataType::structType({{"s", type, true}}), {{value}});
  std::vector<ExprPtr> args{col0(type)};
  if (opts) args.push_back(opts);
  return run(call("to_json", args), *batch, context)[0];
}

TEST(ToJsonTest, StructsArraysMaps) {
  TypePtr t = sampleType();
  Value v(ValueList{Value(1), Value("x\"y\\z\n\t\x01é/"), Value(1e10),
                    Value(ValueList{Value(1), Value::null()}),
                    Value(ValueMap{{Value("k"), Value("v")}, {Value("n"), Value::null()}}),
                    Value(ValueList{Value(true), Value::null()})});
  EXPECT_EQ(
      toJson(t, v),
      R"({"a":1,"b":"x\"y\\z\n\t\u0001é/","c":1.0E10,"d":[1,null],"e":{"k":"v","n":null},"f":{"x":true}})");
  // NULL fields are omitted, unless ignoreNullFields is false.
  Value nulls(ValueList{Value::null(), Value("s"), Value::null(), Value::null(), Value::null(),
                        Value::null()});
  EXPECT_EQ(toJson(t, nulls), R"({"b":"s"})");
  EXPECT_EQ(toJson(t, nulls, options({{"ignoreNullFields", "false"}})),
            R"({"a":null,"b":"s","c":null,"d":null,"e":null,"f":null})");
  EXPECT_EQ(toJson(t, Value::null()), "NULL");
  EXPECT_EQ(
      toJson(DataType::array(DataType::string()), Value(ValueList{Value("a"), Value::null()})),
      R"(["a",null])");
  EXPECT_EQ(toJson(DataType::map(DataType::integer(), DataType::integer()),
                   Value(ValueMap{{Value(1), Value(2)}})),
            R"({"1":2})");
  EXPECT_EQ(toJson(DataType::structType({}), Value(ValueList{})), "{}");
}

TEST(ToJsonTest, NumbersAsJavaPrintsThem) {
  TypePtr t = parseDdlSchema(
      "d DOUBLE, f FLOAT, n DOUBLE, i DOUBLE, m DECIMAL(10,2), tiny DECIMAL(10,9), b TINYINT");
  Value v(ValueList{Value(0.1), Value(static_cast<double>(1.1f)), Value(std::nan("")),
                    Value(-INFINITY), Value(Int128{150}), Value(Int128{1}), Value(-5)});
  EXPECT_EQ(toJson(t, v),
            R"({"d":0.1,"f":1.1,"n":"NaN","i":"-Infinity","m":1.50,"tiny":1E-9,"b":-5})");
}

TEST(ToJsonTest, DatesTimestampsBinary) {
  TypePtr t = parseDdlSchema("ts TIMESTAMP, d DATE, bin BINARY");
  int64_t ts = 1704067200LL * 1000000 + 123456;  // 2024-01-01 00:00:00.123456 UTC
  Value v(ValueList{Value(ts), Value(int64_t{19782}), Value("hello")});
  EXPECT_EQ(toJson(t, v), R"({"ts":"2024-01-01T00:00:00.123Z","d":"2024-02-29","bin":"aGVsbG8="})");
  EvalContext paris;
  paris.timeZone = TimeZone::of("Europe/Paris");
  EXPECT_EQ(toJson(t, v, nullptr, paris),
            R"({"ts":"2024-01-01T01:00:00.123+01:00","d":"2024-02-29","bin":"aGVsbG8="})");
  EXPECT_EQ(
      toJson(t, v,
             options({{"timestampFormat", "yyyy/MM/dd HH:mm"}, {"dateFormat", "dd.MM.yyyy"}})),
      R"({"ts":"2024/01/01 00:00","d":"29.02.2024","bin":"aGVsbG8="})");
  EXPECT_EQ(toJson(t, v, options({{"timeZone", "-05:30"}})),
            R"({"ts":"2023-12-31T18:30:00.123-05:30","d":"2024-02-29","bin":"aGVsbG8="})");
}

TEST(ToJsonTest, RoundTrips) {
  TypePtr t = sampleType();
  Value v(ValueList{Value(-7), Value("\u00e9\U0001F600\"q\""), Value(-0.5),
                    Value(ValueList{Value(3)}), Value(ValueMap{{Value("k"), Value("v")}}),
                    Value(ValueList{Value(false), Value(int64_t{1} << 62)})});
  std::string json = toJson(t, v);
  EXPECT_EQ(fromJson(json, kSampleDdl), formatValue(v, *t, *TimeZone::utc()));
  TypePtr times = parseDdlSchema("ts TIMESTAMP, d DATE");
  Value tv(ValueList{Value(int64_t{1704067200123000}), Value(int64_t{-1})});
  EXPECT_EQ(fromJson(toJson(times, tv), "ts TIMESTAMP, d DATE"),
            "{2024-01-01 00:00:00.123, 1969-12-31}");
}

TEST(ToJsonTest, BindErrors) {
  EXPECT_NE(analysisError([] { call("to_json", {col0(DataType::integer())}); })
                .find("[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"to_json(col0)\" "
                      "due to data type "
                      "mismatch: Input schema \"INT\" must be a struct, an array or a map."),
            std::string::npos);
  EXPECT_NE(analysisError([] { call("to_json", {}); }).find("WRONG_NUM_ARGS"), std::string::npos);
}

// ---- schema_of_json ----

std::string schemaOfJson(const std::string& json, ExprPtr opts = nullptr) {
  std::vector<ExprPtr> args{lit(json)};
  if (opts) args.push_back(opts);
  return run(call("schema_of_json", args), *stringBatch({"x"}))[0];
}

TEST(SchemaOfJsonTest, Types) {
  EXPECT_EQ(schemaOfJson(R"({"a":1,"b":["x"]})"), "STRUCT<a: BIGINT, b: ARRAY<STRING>>");
  EXPECT_EQ(schemaOfJson(R"({"b":1,"a":{"z":true,"y":1.5}})"),
            "STRUCT<a: STRUCT<y: DOUBLE, z: BOOLEAN>, b: BIGINT>");
  EXPECT_EQ(schemaOfJson(R"([{"col":0}])"), "ARRAY<STRUCT<col: BIGINT>>");
  EXPECT_EQ(schemaOfJson("1"), "BIGINT");
  EXPECT_EQ(schemaOfJson("1.5"), "DOUBLE");
  EXPECT_EQ(schemaOfJson("\"x\""), "STRING");
  EXPECT_EQ(schemaOfJson("true"), "BOOLEAN");
  EXPECT_EQ(schemaOfJson("null"), "STRING");
  EXPECT_EQ(schemaOfJson(""), "STRING");
  EXPECT_EQ(schemaOfJson("[]"), "ARRAY<STRING>");
  EXPECT_EQ(schemaOfJson("{}"), "STRUCT<>");
  EXPECT_EQ(schemaOfJson("[{}]"), "ARRAY<STRUCT<>>");
  EXPECT_EQ(schemaOfJson(R"({"a":{}})"), "STRUCT<>");
  EXPECT_EQ(schemaOfJson(R"({"a":null,"b":""})"), "STRUCT<a: STRING, b: STRING>");
  EXPECT_EQ(schemaOfJson(R"({"a":12345678901234567890})"), "STRUCT<a: DECIMAL(20,0)>");
  EXPECT_EQ(schemaOfJson(R"({"a b":1,"_c":2,"1":3})"),
            "STRUCT<`1`: BIGINT, _c: BIGINT, `a b`: BIGINT>");
  EXPECT_EQ(schemaOfJson(R"({"a":[1,2.5]})"), "STRUCT<a: ARRAY<DOUBLE>>");
  EXPECT_EQ(schemaOfJson(R"({"a":[1,{"x":1}]})"), "STRUCT<a: ARRAY<STRING>>");
  EXPECT_EQ(schemaOfJson(R"({"a":[{"x":1},{"y":"s"}]})"),
            "STRUCT<a: ARRAY<STRUCT<x: BIGINT, y: STRING>>>");
  EXPECT_EQ(schemaOfJson(R"({"$schema":"x"})"), "STRUCT<`$schema`: STRING>");
}

TEST(SchemaOfJsonTest, Options) {
  EXPECT_EQ(schemaOfJson(R"({"a":1.5})", options({{"prefersDecimal", "true"}})),
            "STRUCT<a: DECIMAL(2,1)>");
  EXPECT_EQ(schemaOfJson(R"({"a":1,"b":true})", options({{"primitivesAsString", "true"}})),
            "STRUCT<a: STRING, b: STRING>");
  EXPECT_EQ(schemaOfJson(R"({"a":null,"b":1})", options({{"dropFieldIfAllNull", "true"}})),
            "STRUCT<b: BIGINT>");
}

TEST(SchemaOfJsonTest, Errors) {
  EXPECT_NE(analysisError([] { call("schema_of_json", {col0()}); })
                .find("[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "
                      "\"schema_of_json(col0)\" due to data "
                      "type mismatch: the input `json` should be a foldable \"STRING\" expression; "
                      "however, got "
                      "\"col0\"."),
            std::string::npos);
  EXPECT_THROW(call("schema_of_json", {lit(R"({"a":)")}), ExecutionException);
}

}  // namespace
}  // namespace spate
