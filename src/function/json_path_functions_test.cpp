#include <gtest/gtest.h>

#include <optional>

#include "common/error.h"
#include "function/registry.h"

namespace spate {
namespace {

ExprPtr lit(const std::string& s) { return makeLiteral(Value(s), DataType::string()); }
ExprPtr col(int i) { return makeColumnRef(i, DataType::string()); }

BatchPtr batchOf(const std::vector<std::vector<std::optional<std::string>>>& rows, size_t columns) {
  std::vector<StructField> fields;
  for (size_t c = 0; c < columns; ++c)
    fields.push_back({"c" + std::to_string(c), DataType::string(), true});
  std::vector<std::vector<Value>> values;
  for (const auto& r : rows) {
    std::vector<Value> row;
    for (const auto& v : r) row.push_back(v ? Value(*v) : Value::null());
    values.push_back(row);
  }
  return makeBatch(DataType::structType(fields), values);
}

ExprPtr scalar(const std::string& name, std::vector<ExprPtr> args) {
  return FunctionRegistry::instance().find(name)->scalar(std::move(args), BindContext{});
}

std::string eval1(const ExprPtr& e, const std::optional<std::string>& input) {
  ColumnPtr c = evaluate(*e, *batchOf({{input}}, 1), EvalContext{});
  return formatValue(c->valueAt(0), *c->type(), *TimeZone::utc());
}

std::string getJsonObject(const std::optional<std::string>& json, const std::string& path) {
  return eval1(scalar("get_json_object", {col(0), lit(path)}), json);
}

const std::string kDoc =
    R"({"a":{"b":[1,2,{"c":"x"}]},"s":"str","n":null,"$schema":"v","arr":[{"k":1},{"k":2}],"k e":3,"f":1.50})";

TEST(GetJsonObjectTest, Paths) {
  EXPECT_EQ(getJsonObject(kDoc, "$.a"), R"({"b":[1,2,{"c":"x"}]})");
  EXPECT_EQ(getJsonObject(kDoc, "$.a.b"), R"([1,2,{"c":"x"}])");
  EXPECT_EQ(getJsonObject(kDoc, "$.a.b[0]"), "1");
  EXPECT_EQ(getJsonObject(kDoc, "$.a.b[2].c"), "x");
  EXPECT_EQ(getJsonObject(kDoc, "$.a.b[5]"), "NULL");
  EXPECT_EQ(getJsonObject(kDoc, "$.s"), "str");
  EXPECT_EQ(getJsonObject(kDoc, "$.n"), "NULL");
  EXPECT_EQ(getJsonObject(kDoc, "$.missing"), "NULL");
  EXPECT_EQ(getJsonObject(kDoc, "$['$schema']"), "v");
  EXPECT_EQ(getJsonObject(kDoc, "$.$schema"), "v");
  EXPECT_EQ(getJsonObject(kDoc, "$['k e']"), "3");
  EXPECT_EQ(getJsonObject(kDoc, "$.f"), "1.5");
  EXPECT_EQ(getJsonObject(kDoc, "$.arr[0]"), R"({"k":1})");
  EXPECT_EQ(getJsonObject(kDoc, "$.arr[*]"), R"([{"k":1},{"k":2}])");
  EXPECT_EQ(getJsonObject(kDoc, "$.arr[*].k"), "[1,2]");
  EXPECT_EQ(getJsonObject(kDoc, "$.a.b[*]"), R"([1,2,{"c":"x"}])");
  EXPECT_EQ(getJsonObject(kDoc, "$"), kDoc.substr(0, kDoc.size() - 5) + "1.5}");
  EXPECT_EQ(getJsonObject(R"( {"a" : [ 1 , 2 ] } )", "$"), R"({"a":[1,2]})");
  EXPECT_EQ(getJsonObject(R"({"a":"x\"y"})", "$"), R"({"a":"x\"y"})");
  EXPECT_EQ(getJsonObject(R"({"a":"x\"y"})", "$.a"), R"(x"y)");
}

TEST(GetJsonObjectTest, Wildcards) {
  // One match is written without the enclosing array, string matches keep their quotes.
  EXPECT_EQ(getJsonObject(R"({"a":["x"]})", "$.a[*]"), R"("x")");
  EXPECT_EQ(getJsonObject(R"({"a":["x","y"]})", "$.a[*]"), R"(["x","y"])");
  EXPECT_EQ(getJsonObject(R"({"a":[]})", "$.a[*]"), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":[{"b":1},{"c":2}]})", "$.a[*].b"), "1");
  EXPECT_EQ(getJsonObject(R"([[1,2],[3]])", "$[*][*]"), "[1,2,3]");
  EXPECT_EQ(getJsonObject(R"([[1,2],[3]])", "$[0][*]"), "[1,2]");
  EXPECT_EQ(getJsonObject(R"([[1,2],[3]])", "$[1]"), "[3]");
  // Object wildcards never match in Spark (".*" is not preceded by a key instruction).
  EXPECT_EQ(getJsonObject(R"({"a":1})", "$.*"), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":[null]})", "$.a[0]"), "null");
}

TEST(GetJsonObjectTest, InvalidInputAndPaths) {
  EXPECT_EQ(getJsonObject(std::nullopt, "$.a"), "NULL");
  EXPECT_EQ(eval1(scalar("get_json_object", {lit(R"({"a":1})"), col(0)}), std::nullopt), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":1})", "a"), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":1})", "$."), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":1})", "$[x]"), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":1})", "$.a["), "NULL");
  EXPECT_EQ(getJsonObject(R"({"a":1)", "$.a"), "NULL");    // unclosed object
  EXPECT_EQ(getJsonObject(R"({"a":01})", "$.a"), "NULL");  // leading zero
  EXPECT_EQ(getJsonObject(R"({"a":1,})", "$.a"), "NULL");  // trailing comma
  EXPECT_EQ(getJsonObject("", "$"), "NULL");
  EXPECT_EQ(getJsonObject("not json", "$.a"), "NULL");
  // Jackson stops after the value; Spark's factory allows single quotes and raw control chars.
  EXPECT_EQ(getJsonObject(R"({"a":1} trailing)", "$.a"), "1");
  EXPECT_EQ(getJsonObject(R"({'a':'b'})", "$.a"), "b");
  EXPECT_EQ(getJsonObject("{\"a\":\"x\ty\"}", "$.a"), "x\ty");
  // A non-constant path is parsed per row.
  ColumnPtr c = evaluate(
      *scalar("get_json_object", {col(0), col(1)}),
      *batchOf({{R"({"a":1,"b":2})", "$.a"}, {R"({"a":1,"b":2})", "$.b"}, {"{}", "bad"}}, 2),
      EvalContext{});
  EXPECT_EQ(c->stringAt(0), "1");
  EXPECT_EQ(c->stringAt(1), "2");
  EXPECT_TRUE(c->isNull(2));
}

std::vector<std::string> jsonTuple(const std::optional<std::string>& json,
                                   const std::vector<std::string>& fields) {
  std::vector<ExprPtr> args{col(0)};
  for (const auto& f : fields) args.push_back(lit(f));
  BoundGenerator g =
      FunctionRegistry::instance().find("json_tuple")->generator(args, BindContext{});
  BatchPtr batch = batchOf({{json}}, 1);
  std::vector<ColumnPtr> evaluated;
  for (const auto& a : g.args) evaluated.push_back(evaluate(*a, *batch, EvalContext{}));
  std::vector<ColumnBuilder> out;
  for (const auto& f : g.outputSchema->fields()) out.emplace_back(f.type);
  std::vector<uint32_t> parents;
  g.generate(evaluated, 1, out, parents);
  EXPECT_EQ(parents, std::vector<uint32_t>{0});
  std::vector<std::string> row;
  for (auto& b : out) {
    ColumnPtr c = b.finish();
    EXPECT_EQ(c->size(), 1);
    row.push_back(formatValue(c->valueAt(0), *c->type(), *TimeZone::utc()));
  }
  return row;
}

TEST(JsonTupleTest, Fields) {
  BoundGenerator g = FunctionRegistry::instance()
                         .find("json_tuple")
                         ->generator({col(0), lit("a"), lit("b")}, BindContext{});
  EXPECT_EQ(g.outputSchema->simpleString(), "struct<c0:string,c1:string>");
  std::string doc = R"({"a":1,"b":"x","c":{"d":[1, 2.50]},"n":null})";
  EXPECT_EQ(jsonTuple(doc, {"a", "b", "c", "z", "n"}),
            (std::vector<std::string>{"1", "x", R"({"d":[1,2.5]})", "NULL", "NULL"}));
  EXPECT_EQ(jsonTuple(doc, {"a", "a"}), (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(jsonTuple(R"({"a":1,"a":2})", {"a"}), (std::vector<std::string>{"2"}));
  EXPECT_EQ(jsonTuple("[1]", {"a", "b"}), (std::vector<std::string>{"NULL", "NULL"}));
  EXPECT_EQ(jsonTuple(R"({"a":1, bad})", {"a"}), (std::vector<std::string>{"NULL"}));
  EXPECT_EQ(jsonTuple(std::nullopt, {"a"}), (std::vector<std::string>{"NULL"}));
  EXPECT_EQ(jsonTuple(R"({"a":true} garbage)", {"a"}), (std::vector<std::string>{"true"}));
}

TEST(JsonTupleTest, BindErrors) {
  try {
    FunctionRegistry::instance().find("json_tuple")->generator({col(0)}, BindContext{});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `json_tuple` requires > 1 parameters but "
              "the actual number is 1.");
  }
  EXPECT_THROW(FunctionRegistry::instance()
                   .find("json_tuple")
                   ->generator({col(0), makeLiteral(Value(1), DataType::integer())}, BindContext{}),
               AnalysisException);
}

TEST(JsonArrayLengthTest, Lengths) {
  ExprPtr e = scalar("json_array_length", {col(0)});
  EXPECT_EQ(e->type->id(), TypeId::kInt);
  EXPECT_EQ(eval1(e, R"([1,2,[3,4],{"a":[1]}])"), "4");
  EXPECT_EQ(eval1(e, "[]"), "0");
  EXPECT_EQ(eval1(e, " [ null ] "), "1");
  EXPECT_EQ(eval1(e, "{}"), "NULL");
  EXPECT_EQ(eval1(e, ""), "NULL");
  EXPECT_EQ(eval1(e, "x"), "NULL");
  EXPECT_EQ(eval1(e, "[1,2"), "NULL");
  EXPECT_EQ(eval1(e, std::nullopt), "NULL");
}

TEST(JsonObjectKeysTest, Keys) {
  ExprPtr e = scalar("json_object_keys", {col(0)});
  EXPECT_EQ(e->type->simpleString(), "array<string>");
  EXPECT_EQ(eval1(e, R"({"a":1,"b":{"c":2},"a":3})"), "[a, b, a]");
  EXPECT_EQ(eval1(e, "{}"), "[]");
  EXPECT_EQ(eval1(e, "[1]"), "NULL");
  EXPECT_EQ(eval1(e, ""), "NULL");
  EXPECT_EQ(eval1(e, R"({"a":)"), "NULL");
  EXPECT_EQ(eval1(e, std::nullopt), "NULL");
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

TEST(JsonPathFunctionsFuzzTest, MutatedDocumentsNeverCrash) {
  const std::string seed =
      R"({"a":{"b":[1,2,{"c":"x"}]},"s":"str","n":null,"arr":[{"k":1},{"k":[2,3]}],"f":-1.5e-3,"t":true})";
  const std::vector<std::string> paths = {"$",       "$.a.b[2].c", "$.arr[*].k", "$.arr[*].k[*]",
                                          "$[*][*]", "$.a.b[*]",   "$['s']"};
  const char noise[] = "{}[]\",:\\'0123456789eE+-.tfnul \t";
  uint64_t state = 99;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (int i = 0; i < 2000; ++i) {
    std::string doc = seed;
    for (int e = 0, edits = static_cast<int>(next() % 4); e < edits; ++e) {
      size_t pos = next() % doc.size();
      if (next() % 2)
        doc.erase(pos, 1);
      else
        doc.insert(pos, 1, noise[next() % (sizeof noise - 1)]);
    }
    rows.push_back({doc});
  }
  BatchPtr batch = batchOf(rows, 1);
  for (const auto& path : paths) {
    ColumnPtr c = evaluate(*scalar("get_json_object", {col(0), lit(path)}), *batch, EvalContext{});
    EXPECT_EQ(c->size(), 2000);
  }
  EXPECT_EQ(evaluate(*scalar("json_array_length", {col(0)}), *batch, EvalContext{})->size(), 2000);
  EXPECT_EQ(evaluate(*scalar("json_object_keys", {col(0)}), *batch, EvalContext{})->size(), 2000);
  for (const auto& r : rows) jsonTuple(r[0], {"a", "arr", "t"});
}

}  // namespace
}  // namespace spate
