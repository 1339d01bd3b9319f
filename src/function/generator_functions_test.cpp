#include "function/function_test_support.h"

namespace spate {
namespace {

using namespace spate::testing;

struct Generated {
  std::string schema;
  std::vector<std::vector<Value>> rows;  // each with the parent row index first
};

Generated generate(std::string_view name, const Rows& input, std::vector<ExprPtr> args,
                   int64_t rows) {
  const FunctionEntry* entry = FunctionRegistry::instance().find(name);
  EXPECT_TRUE(entry && entry->generator);
  BoundGenerator g = entry->generator(std::move(args), BindContext{});
  std::vector<ColumnPtr> evaluated;
  for (const auto& a : g.args) {
    // Evaluate each argument over the input rows.
    auto values = input.eval(a);
    evaluated.push_back(makeColumn(a->type, values));
  }
  std::vector<ColumnBuilder> out;
  for (const auto& f : g.outputSchema->fields()) out.emplace_back(f.type);
  std::vector<uint32_t> parents;
  g.generate(evaluated, rows, out, parents);
  std::vector<ColumnPtr> columns;
  for (auto& b : out) columns.push_back(b.finish());
  Generated result{g.outputSchema->simpleString(), {}};
  for (size_t r = 0; r < parents.size(); ++r) {
    std::vector<Value> row{L(parents[r])};
    for (const auto& c : columns) row.push_back(c->valueAt(static_cast<int64_t>(r)));
    result.rows.push_back(std::move(row));
  }
  return result;
}

std::string show(const Generated& g) {
  std::string out = g.schema;
  for (const auto& r : g.rows) out += " " + spate::testing::show(A(r));
  return out;
}

TypePtr ARR_INT = DataType::array(DataType::integer());

TEST(GeneratorFunctionsTest, ExplodeArray) {
  Rows in;
  auto a = in.column(ARR_INT, {A({L(10), L(20)}), N(), A({}), A({N()})});
  EXPECT_EQ(show(generate("explode", in, {a}, 4)), "struct<col:int> [0, 10] [0, 20] [3, NULL]");
  EXPECT_EQ(show(generate("explode_outer", in, {a}, 4)),
            "struct<col:int> [0, 10] [0, 20] [1, NULL] [2, NULL] [3, NULL]");
  EXPECT_EQ(show(generate("posexplode", in, {a}, 4)),
            "struct<pos:int,col:int> [0, 0, 10] [0, 1, 20] [3, 0, NULL]");
  EXPECT_EQ(show(generate("posexplode_outer", in, {a}, 4)),
            "struct<pos:int,col:int> [0, 0, 10] [0, 1, 20] [1, NULL, NULL] [2, NULL, NULL] "
            "[3, 0, NULL]");
}

TEST(GeneratorFunctionsTest, ExplodeMap) {
  Rows in;
  auto m = in.column(DataType::map(DataType::string(), DataType::integer()),
                     {Value(ValueMap{{S("a"), L(1)}, {S("é"), N()}}), N()});
  EXPECT_EQ(show(generate("explode", in, {m}, 2)),
            "struct<key:string,value:int> [0, 'a', 1] [0, 'é', NULL]");
  EXPECT_EQ(show(generate("posexplode_outer", in, {m}, 2)),
            "struct<pos:int,key:string,value:int> [0, 0, 'a', 1] [0, 1, 'é', NULL] "
            "[1, NULL, NULL, NULL]");
}

TEST(GeneratorFunctionsTest, ExplodeSplitSpecExample) {
  // explode(split(s, ' ')) is how the seed programs count words.
  Rows in;
  auto s = in.column(DataType::string(), {S("a b"), N(), S("")});
  auto split = call("split", {s, str(" ")});
  EXPECT_EQ(show(generate("explode", in, {split}, 3)),
            "struct<col:string> [0, 'a'] [0, 'b'] [2, '']");
}

TEST(GeneratorFunctionsTest, Inline) {
  auto type = DataType::array(
      DataType::structType({{"a", DataType::integer(), true}, {"b", DataType::string(), true}}));
  Rows in;
  auto v = in.column(type, {A({A({L(1), S("x")}), N(), A({L(2), N()})}), N()});
  EXPECT_EQ(show(generate("inline", in, {v}, 2)),
            "struct<a:int,b:string> [0, 1, 'x'] [0, NULL, NULL] [0, 2, NULL]");
  EXPECT_EQ(show(generate("inline_outer", in, {v}, 2)),
            "struct<a:int,b:string> [0, 1, 'x'] [0, NULL, NULL] [0, 2, NULL] [1, NULL, NULL]");
}

TEST(GeneratorFunctionsTest, Stack) {
  Rows in;
  auto x = in.column(DataType::integer(), {L(7)});
  EXPECT_EQ(show(generate("stack", in, {i32(2), i32(1), i32(2), i32(3)}, 1)),
            "struct<col0:int,col1:int> [0, 1, 2] [0, 3, NULL]");
  EXPECT_EQ(show(generate("stack", in, {i32(3), x, nullOf(DataType::integer()), i32(5)}, 1)),
            "struct<col0:int> [0, 7] [0, NULL] [0, 5]");
  EXPECT_NE(errorOf([] {
              const auto* e = FunctionRegistry::instance().find("stack");
              e->generator({i32(2), i32(1), str("a"), i32(2), i32(3)}, BindContext{});
            }).find("STACK_COLUMN_DIFF_TYPES"),
            std::string::npos);
}

TEST(GeneratorFunctionsTest, RejectsScalars) {
  std::string message = errorOf(
      [] { FunctionRegistry::instance().find("explode")->generator({i32(1)}, BindContext{}); });
  EXPECT_NE(message.find("Parameter 1 requires the (\"ARRAY\" or \"MAP\") type"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace spate
