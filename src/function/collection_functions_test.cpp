// Expected values follow Spark's documented examples and its NULL rules (non-ANSI).
#include <cmath>

#include "function/function_test_support.h"

namespace spate {
namespace {

using namespace spate::testing;

TypePtr INT = DataType::integer();
TypePtr STR = DataType::string();
TypePtr ARR_INT = DataType::array(DataType::integer());
TypePtr ARR_STR = DataType::array(DataType::string());
TypePtr MAP_INT_STR = DataType::map(DataType::integer(), DataType::string());

Value M(std::vector<std::pair<Value, Value>> entries) {
  return Value(ValueMap(std::move(entries)));
}
ExprPtr arr(std::vector<Value> v, TypePtr type = ARR_INT) { return lit(A(std::move(v)), type); }
ExprPtr ints(std::vector<int> v) {
  std::vector<Value> values;
  for (int x : v) values.push_back(L(x));
  return arr(values);
}

TEST(CollectionFunctionsTest, Size) {
  EXPECT_VALUE(eval1("size", {arr({S("b"), S("d"), S("c"), S("a")}, ARR_STR)}), L(4));
  EXPECT_VALUE(eval1("cardinality", {lit(M({{L(1), S("a")}, {L(2), S("b")}}), MAP_INT_STR)}), L(2));
  EXPECT_VALUES(evalColumn("size", ARR_INT, {A({}), N(), A({N()})}), L(0), L(-1), L(1));
  EXPECT_VALUE(eval1("size", {nullOf(DataType::null())}), L(-1));
  EXPECT_NE(errorOf([] { call("size", {i32(1)}); }).find("(\"ARRAY\" or \"MAP\")"),
            std::string::npos);
}

TEST(CollectionFunctionsTest, ArrayConstructor) {
  EXPECT_VALUE(eval1("array", {i32(1), i32(2), i32(3)}), A({L(1), L(2), L(3)}));
  EXPECT_VALUE(eval1("array", {str("a"), nullOf(STR)}), A({S("a"), N()}));
  EXPECT_VALUE(eval1("array", {}), A({}));
  EXPECT_EQ(call("array", {i32(1), nullOf(DataType::null())})->type->simpleString(), "array<int>");
  EXPECT_EQ(call("array", {i32(1), i64(2)})->type->simpleString(), "array<bigint>");
  EXPECT_EQ(call("array", {i32(1), str("a")})->type->simpleString(), "array<string>");
  EXPECT_FALSE(call("array", {i32(1)})->type->containsNull());
  std::string message = errorOf([] { call("array", {i32(1), ints({2})}); });
  EXPECT_NE(message.find("[DATATYPE_MISMATCH.DATA_DIFF_TYPES]"), std::string::npos) << message;
  EXPECT_NE(message.find("Input to `array` should all be the same type, but it's [\"INT\", "
                         "\"ARRAY<INT>\"]."),
            std::string::npos)
      << message;
  Rows rows;
  auto a = rows.column(INT, {L(1), N(), L(3)});
  auto b = rows.column(INT, {L(4), L(5), N()});
  EXPECT_VALUES(rows.eval(call("array", {a, b})), A({L(1), L(4)}), A({N(), L(5)}), A({L(3), N()}));
}

TEST(CollectionFunctionsTest, MapConstructor) {
  EXPECT_VALUE(eval1("map", {i32(1), str("a"), i32(2), str("b")}),
               M({{L(1), S("a")}, {L(2), S("b")}}));
  EXPECT_VALUE(eval1("map", {str("k"), nullOf(STR)}), M({{S("k"), N()}}));
  EXPECT_EQ(errorOf([] {
              eval1("map", {i32(1), str("a"), i32(1), str("b")});
            }),
            "[DUPLICATED_MAP_KEY] Duplicate map key 1 was found, please check the input data. If "
            "you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" "
            "to \"LAST_WIN\" so that the key inserted at last takes precedence.");
  EXPECT_EQ(errorOf([] {
              eval1("map", {nullOf(STR), str("a")});
            }),
            "[NULL_MAP_KEY] Cannot use null as map key.");
  EXPECT_NE(errorOf([] { call("map", {i32(1)}); }).find("requires 2n (n > 0) parameters"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              call("map", {i32(1), i32(2), ints({1}), i32(3)});
            }).find("CREATE_MAP_KEY_DIFF_TYPES"),
            std::string::npos);
}

TEST(CollectionFunctionsTest, Structs) {
  ExprPtr e = call("named_struct", {str("a"), i32(1), str("b"), str("x")});
  EXPECT_EQ(e->type->simpleString(), "struct<a:int,b:string>");
  EXPECT_VALUE(Rows().eval(e)[0], A({L(1), S("x")}));
  EXPECT_NE(errorOf([] {
              Rows rows;
              call("named_struct", {rows.column(STR, {S("a")}), i32(1)});
            }).find("CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING"),
            std::string::npos);
  ExprPtr s = call("struct", {i32(1), str("x"), nullOf(INT)});
  EXPECT_EQ(s->type->simpleString(), "struct<col1:int,col2:string,col3:int>");
  EXPECT_VALUE(Rows().eval(s)[0], A({L(1), S("x"), N()}));
}

TEST(CollectionFunctionsTest, ElementAt) {
  EXPECT_VALUE(eval1("element_at", {ints({1, 2, 3}), i32(2)}), L(2));
  EXPECT_VALUE(eval1("element_at", {ints({1, 2, 3}), i32(-1)}), L(3));
  EXPECT_VALUE(eval1("element_at", {ints({1, 2, 3}), i32(4)}), N());
  EXPECT_VALUE(eval1("element_at", {ints({1, 2, 3}), i32(-4)}), N());
  EXPECT_VALUE(eval1("element_at", {arr({L(1), N()}), i32(2)}), N());
  EXPECT_VALUE(eval1("element_at", {nullOf(ARR_INT), i32(1)}), N());
  EXPECT_EQ(errorOf([] {
              eval1("element_at", {ints({1}), i32(0)});
            }),
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 "
            "(the first element has index 1).");
  auto m = lit(M({{L(1), S("a")}, {L(2), S("b")}}), MAP_INT_STR);
  EXPECT_VALUE(eval1("element_at", {m, i32(2)}), S("b"));
  EXPECT_VALUE(eval1("element_at", {m, i32(3)}), N());
  EXPECT_VALUE(eval1("get", {ints({1, 2, 3}), i32(0)}), L(1));
  EXPECT_VALUE(eval1("get", {ints({1, 2, 3}), i32(3)}), N());
  EXPECT_VALUE(eval1("get", {ints({1, 2, 3}), i32(-1)}), N());
}

TEST(CollectionFunctionsTest, AnalyzerAccessors) {
  Rows rows;
  auto a = rows.column(ARR_STR, {A({S("x"), S("y")}), N(), A({}), A({S("é")})});
  auto i = rows.column(INT, {L(1), L(0), L(0), L(-1)});
  EXPECT_VALUES(rows.eval(call("__get_array_item", {a, i})), S("y"), N(), N(), N());
  EXPECT_VALUES(rows.eval(call("__get_array_item", {a, i64(0)})), S("x"), N(), N(), S("é"));
  Rows maps;
  auto m = maps.column(DataType::map(STR, INT),
                       {M({{S("a"), L(1)}, {S("b"), L(2)}}), N(), M({{S("a"), N()}})});
  EXPECT_VALUES(maps.eval(call("__get_map_value", {m, str("b")})), L(2), N(), N());
  EXPECT_VALUES(maps.eval(call("__get_map_value", {m, str("a")})), L(1), N(), N());
  EXPECT_VALUES(maps.eval(call("map_contains_key", {m, str("a")})), Value(true), N(), Value(true));
}

TEST(CollectionFunctionsTest, MapViews) {
  auto m = lit(M({{L(1), S("a")}, {L(2), S("b")}}), MAP_INT_STR);
  EXPECT_VALUE(eval1("map_keys", {m}), A({L(1), L(2)}));
  EXPECT_VALUE(eval1("map_values", {m}), A({S("a"), S("b")}));
  EXPECT_VALUE(eval1("map_entries", {m}), A({A({L(1), S("a")}), A({L(2), S("b")})}));
  EXPECT_EQ(call("map_entries", {m})->type->simpleString(), "array<struct<key:int,value:string>>");
  EXPECT_VALUES(evalColumn("map_keys", MAP_INT_STR, {N(), M({}), M({{L(3), S("c")}})}), N(), A({}),
                A({L(3)}));
  EXPECT_VALUE(eval1("map_contains_key", {m, i32(1)}), Value(true));
  EXPECT_VALUE(eval1("map_contains_key", {m, i32(3)}), Value(false));
  EXPECT_VALUE(eval1("map_from_arrays", {ints({1, 3}), arr({S("2"), S("4")}, ARR_STR)}),
               M({{L(1), S("2")}, {L(3), S("4")}}));
  EXPECT_VALUE(eval1("map_from_arrays", {nullOf(ARR_INT), arr({S("2")}, ARR_STR)}), N());
  EXPECT_NE(errorOf([] {
              eval1("map_from_arrays", {ints({1, 2}), arr({S("2")}, ARR_STR)});
            }).find("same length"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              eval1("map_from_arrays", {ints({1, 1}), arr({S("a"), S("b")}, ARR_STR)});
            }).find("DUPLICATED_MAP_KEY"),
            std::string::npos);
}

TEST(CollectionFunctionsTest, StrToMap) {
  EXPECT_VALUE(eval1("str_to_map", {str("a:1,b:2,c:3"), str(","), str(":")}),
               M({{S("a"), S("1")}, {S("b"), S("2")}, {S("c"), S("3")}}));
  EXPECT_VALUE(eval1("str_to_map", {str("a")}), M({{S("a"), N()}}));
  EXPECT_VALUE(eval1("str_to_map", {str("a=1;b=x=y"), str(";"), str("=")}),
               M({{S("a"), S("1")}, {S("b"), S("x=y")}}));
  EXPECT_VALUE(eval1("str_to_map", {str("")}), M({{S(""), N()}}));
  EXPECT_VALUE(eval1("str_to_map", {nullOf(STR)}), N());
  EXPECT_NE(errorOf([] { eval1("str_to_map", {str("a:1,a:2")}); }).find("DUPLICATED_MAP_KEY"),
            std::string::npos);
}

TEST(ArrayFunctionsTest, ArrayContains) {
  EXPECT_VALUE(eval1("array_contains", {ints({1, 2, 3}), i32(2)}), Value(true));
  EXPECT_VALUE(eval1("array_contains", {ints({1, 2, 3}), i32(4)}), Value(false));
  EXPECT_VALUE(eval1("array_contains", {arr({L(1), N()}), i32(3)}), N());
  EXPECT_VALUE(eval1("array_contains", {arr({L(1), N()}), i32(1)}), Value(true));
  EXPECT_VALUE(eval1("array_contains", {ints({}), i32(1)}), Value(false));
  EXPECT_VALUE(eval1("array_contains", {nullOf(ARR_INT), i32(1)}), N());
  EXPECT_VALUE(eval1("array_contains", {ints({1}), nullOf(INT)}), N());
  EXPECT_VALUE(eval1("array_contains", {arr({S("日本"), S("é")}, ARR_STR), str("é")}), Value(true));
  auto doubles = DataType::array(DataType::doubleType());
  EXPECT_VALUE(eval1("array_contains", {lit(A({Value(std::nan("")), Value(-0.0)}), doubles),
                                        lit(Value(std::nan("")), DataType::doubleType())}),
               Value(true));
  EXPECT_VALUE(eval1("array_contains",
                     {lit(A({Value(-0.0)}), doubles), lit(Value(0.0), DataType::doubleType())}),
               Value(true));
  std::string message = errorOf([] { call("array_contains", {ints({1}), str("a")}); });
  EXPECT_NE(message.find("[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES]"), std::string::npos)
      << message;
  EXPECT_NE(message.find("Input to `array_contains` should have been \"ARRAY\" followed by a "
                         "value with same element type, but it's [\"ARRAY<INT>\", \"STRING\"]."),
            std::string::npos)
      << message;
  EXPECT_NE(errorOf([] {
              call("array_contains", {ints({1}), nullOf(DataType::null())});
            }).find("NULL_TYPE"),
            std::string::npos);
}

TEST(ArrayFunctionsTest, PositionRemoveDistinct) {
  EXPECT_VALUE(eval1("array_position", {ints({312, 773, 708, 708}), i32(708)}), L(3));
  EXPECT_VALUE(eval1("array_position", {ints({1}), i32(2)}), L(0));
  EXPECT_VALUE(eval1("array_position", {arr({N(), L(2)}), i32(2)}), L(2));
  EXPECT_VALUE(eval1("array_position", {ints({1}), nullOf(INT)}), N());
  EXPECT_VALUE(eval1("array_remove", {arr({L(1), L(2), L(3), N(), L(3)}), i32(3)}),
               A({L(1), L(2), N()}));
  EXPECT_VALUE(eval1("array_remove", {ints({1}), nullOf(INT)}), N());
  EXPECT_VALUE(eval1("array_distinct", {arr({L(1), L(2), L(3), N(), L(3), N()})}),
               A({L(1), L(2), L(3), N()}));
  EXPECT_VALUE(eval1("array_distinct", {arr({S("é"), S("e"), S("é")}, ARR_STR)}),
               A({S("é"), S("e")}));
  EXPECT_VALUE(eval1("array_distinct", {nullOf(ARR_INT)}), N());
  // Larger than the hash set's first table, with collisions in the input.
  std::vector<Value> many;
  for (int k = 0; k < 100; ++k) many.push_back(L(k % 37));
  Value distinct = eval1("array_distinct", {arr(many)});
  EXPECT_EQ(distinct.asList().size(), 37u);
}

TEST(ArrayFunctionsTest, SetOperations) {
  EXPECT_VALUE(eval1("array_union", {ints({1, 2, 3}), ints({1, 3, 5})}),
               A({L(1), L(2), L(3), L(5)}));
  EXPECT_VALUE(eval1("array_intersect", {ints({1, 2, 3}), ints({1, 3, 5})}), A({L(1), L(3)}));
  EXPECT_VALUE(eval1("array_except", {ints({1, 2, 3}), ints({1, 3, 5})}), A({L(2)}));
  EXPECT_VALUE(eval1("array_union", {arr({L(1), N()}), arr({N(), L(2)})}), A({L(1), N(), L(2)}));
  EXPECT_VALUE(eval1("array_intersect", {arr({L(1), N(), L(1)}), arr({N(), L(1)})}),
               A({L(1), N()}));
  EXPECT_VALUE(eval1("array_except", {arr({L(1), N(), L(2)}), arr({N()})}), A({L(1), L(2)}));
  EXPECT_VALUE(eval1("array_union", {nullOf(ARR_INT), ints({1})}), N());
  EXPECT_EQ(call("array_union", {ints({1}), lit(A({L(1)}), DataType::array(DataType::longType()))})
                ->type->simpleString(),
            "array<bigint>");
}

TEST(ArrayFunctionsTest, ArrayJoin) {
  EXPECT_VALUE(eval1("array_join", {arr({S("hello"), S("world")}, ARR_STR), str(" ")}),
               S("hello world"));
  EXPECT_VALUE(eval1("array_join", {arr({S("hello"), N(), S("world")}, ARR_STR), str(" ")}),
               S("hello world"));
  EXPECT_VALUE(
      eval1("array_join", {arr({S("hello"), N(), S("world")}, ARR_STR), str(" "), str(",")}),
      S("hello , world"));
  EXPECT_VALUE(eval1("array_join", {arr({}, ARR_STR), str(",")}), S(""));
  EXPECT_VALUE(eval1("array_join", {arr({S("a")}, ARR_STR), nullOf(STR)}), N());
  EXPECT_VALUE(eval1("array_join", {arr({S("a"), N()}, ARR_STR), str(","), nullOf(STR)}), N());
}

TEST(ArrayFunctionsTest, Sorting) {
  auto letters = arr({S("b"), S("d"), N(), S("c"), S("a")}, ARR_STR);
  EXPECT_VALUE(eval1("sort_array", {letters, boolean(true)}),
               A({N(), S("a"), S("b"), S("c"), S("d")}));
  EXPECT_VALUE(eval1("sort_array", {letters, boolean(false)}),
               A({S("d"), S("c"), S("b"), S("a"), N()}));
  EXPECT_VALUE(eval1("sort_array", {letters}), A({N(), S("a"), S("b"), S("c"), S("d")}));
  EXPECT_VALUE(eval1("array_sort", {letters}), A({S("a"), S("b"), S("c"), S("d"), N()}));
  auto doubles = DataType::array(DataType::doubleType());
  Value sorted =
      eval1("sort_array", {lit(A({Value(std::nan("")), Value(1.0), Value(-2.0)}), doubles)});
  ASSERT_EQ(sorted.asList().size(), 3u);
  EXPECT_EQ(sorted.asList()[0].asDouble(), -2.0);
  EXPECT_TRUE(std::isnan(sorted.asList()[2].asDouble()));  // NaN sorts last
  EXPECT_VALUES(evalColumn("array_sort", ARR_INT, {A({L(3), L(1)}), N(), A({})}), A({L(1), L(3)}),
                N(), A({}));
  EXPECT_VALUE(
      eval1("sort_array", {arr({A({L(2)}), A({L(1), L(5)}), A({L(1)})}, DataType::array(ARR_INT))}),
      A({A({L(1)}), A({L(1), L(5)}), A({L(2)})}));
  EXPECT_NE(errorOf([] {
              call("sort_array", {lit(A({}), DataType::array(MAP_INT_STR))});
            }).find("INVALID_ORDERING_TYPE"),
            std::string::npos);
}

TEST(ArrayFunctionsTest, MinMax) {
  EXPECT_VALUE(eval1("array_min", {arr({L(1), L(20), N(), L(3)})}), L(1));
  EXPECT_VALUE(eval1("array_max", {arr({L(1), L(20), N(), L(3)})}), L(20));
  EXPECT_VALUE(eval1("array_max", {arr({N()})}), N());
  EXPECT_VALUE(eval1("array_min", {ints({})}), N());
  EXPECT_VALUE(eval1("array_max", {arr({S("b"), S("é"), S("a")}, ARR_STR)}), S("é"));
}

TEST(ArrayFunctionsTest, SliceFlattenSequence) {
  EXPECT_VALUE(eval1("slice", {ints({1, 2, 3, 4}), i32(2), i32(2)}), A({L(2), L(3)}));
  EXPECT_VALUE(eval1("slice", {ints({1, 2, 3, 4}), i32(-2), i32(2)}), A({L(3), L(4)}));
  EXPECT_VALUE(eval1("slice", {ints({1, 2, 3, 4}), i32(5), i32(2)}), A({}));
  EXPECT_VALUE(eval1("slice", {ints({1, 2, 3, 4}), i32(-5), i32(2)}), A({}));
  EXPECT_VALUE(eval1("slice", {ints({1, 2, 3, 4}), i32(3), i32(10)}), A({L(3), L(4)}));
  EXPECT_VALUE(eval1("slice", {nullOf(ARR_INT), i32(1), i32(1)}), N());
  EXPECT_NE(errorOf([] {
              eval1("slice", {ints({1}), i32(0), i32(1)});
            }).find("[INVALID_PARAMETER_VALUE.START]"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              eval1("slice", {ints({1}), i32(1), i32(-1)});
            }).find("[INVALID_PARAMETER_VALUE.LENGTH]"),
            std::string::npos);
  auto nested = DataType::array(ARR_INT);
  EXPECT_VALUE(eval1("flatten", {lit(A({A({L(1), L(2)}), A({L(3), L(4)})}), nested)}),
               A({L(1), L(2), L(3), L(4)}));
  EXPECT_VALUE(eval1("flatten", {lit(A({A({L(1)}), N()}), nested)}), N());
  EXPECT_VALUE(eval1("flatten", {lit(A({A({}), A({N()})}), nested)}), A({N()}));
  EXPECT_VALUE(eval1("sequence", {i32(1), i32(5)}), A({L(1), L(2), L(3), L(4), L(5)}));
  EXPECT_VALUE(eval1("sequence", {i32(5), i32(1)}), A({L(5), L(4), L(3), L(2), L(1)}));
  EXPECT_VALUE(eval1("sequence", {i32(1), i32(10), i32(3)}), A({L(1), L(4), L(7), L(10)}));
  EXPECT_VALUE(eval1("sequence", {i32(3), i32(3), i32(0)}), A({L(3)}));
  EXPECT_VALUE(eval1("sequence", {i64(-1), i64(1)}), A({L(-1), L(0), L(1)}));
  EXPECT_VALUE(eval1("sequence", {nullOf(INT), i32(1)}), N());
  EXPECT_NE(errorOf([] {
              eval1("sequence", {i32(1), i32(5), i32(-1)});
            }).find("Illegal sequence boundaries: 1 to 5 by -1"),
            std::string::npos);
}

TEST(ArrayFunctionsTest, ZipConcatReverse) {
  EXPECT_VALUE(eval1("arrays_zip", {ints({1, 2, 3}), ints({2, 3, 4})}),
               A({A({L(1), L(2)}), A({L(2), L(3)}), A({L(3), L(4)})}));
  EXPECT_VALUE(eval1("arrays_zip", {ints({1, 2}), arr({S("a")}, ARR_STR)}),
               A({A({L(1), S("a")}), A({L(2), N()})}));
  EXPECT_EQ(call("arrays_zip", {ints({1}), ints({2})})->type->simpleString(),
            "array<struct<0:int,1:int>>");
  EXPECT_VALUE(eval1("arrays_zip", {ints({1}), nullOf(ARR_INT)}), N());
  EXPECT_VALUE(eval1("concat", {ints({1, 2, 3}), ints({4, 5}), ints({6})}),
               A({L(1), L(2), L(3), L(4), L(5), L(6)}));
  EXPECT_VALUE(eval1("concat", {ints({1}), nullOf(ARR_INT)}), N());
  EXPECT_VALUE(eval1("reverse", {arr({L(2), N(), L(4)})}), A({L(4), N(), L(2)}));
}

TEST(ArrayFunctionsTest, SmallUtilities) {
  EXPECT_VALUE(eval1("array_size", {arr({S("b"), S("d"), S("c"), S("a")}, ARR_STR)}), L(4));
  EXPECT_VALUE(eval1("array_size", {nullOf(ARR_INT)}), N());
  EXPECT_VALUE(eval1("array_compact", {arr({L(1), L(2), L(3), N()})}), A({L(1), L(2), L(3)}));
  EXPECT_VALUE(eval1("array_append", {arr({S("b"), S("d"), S("c"), S("a")}, ARR_STR), str("d")}),
               A({S("b"), S("d"), S("c"), S("a"), S("d")}));
  EXPECT_VALUE(eval1("array_append", {ints({1, 2}), nullOf(INT)}), A({L(1), L(2), N()}));
  EXPECT_VALUE(eval1("array_append", {nullOf(ARR_INT), i32(1)}), N());
  EXPECT_VALUE(eval1("array_prepend", {arr({S("b"), S("d"), S("c"), S("a")}, ARR_STR), str("d")}),
               A({S("d"), S("b"), S("d"), S("c"), S("a")}));
  EXPECT_VALUE(eval1("array_repeat", {str("123"), i32(2)}), A({S("123"), S("123")}));
  EXPECT_VALUE(eval1("array_repeat", {str("x"), i32(-1)}), A({}));
  EXPECT_VALUE(eval1("array_repeat", {nullOf(STR), i32(2)}), A({N(), N()}));
  EXPECT_VALUE(eval1("array_repeat", {str("x"), nullOf(INT)}), N());
  EXPECT_VALUE(eval1("arrays_overlap", {ints({1, 2, 3}), ints({3, 4, 5})}), Value(true));
  EXPECT_VALUE(eval1("arrays_overlap", {ints({1, 2}), ints({3})}), Value(false));
  EXPECT_VALUE(eval1("arrays_overlap", {arr({L(1), N()}), ints({3})}), N());
  EXPECT_VALUE(eval1("arrays_overlap", {arr({N()}), ints({})}), Value(false));
}

TEST(CollectionFunctionsTest, MapValueCastsStringKeys) {
  auto m = lit(M({{L(1), S("a")}, {L(2), S("b")}}), MAP_INT_STR);
  ExprPtr e = call("__get_map_value", {m, str("2")});
  EXPECT_EQ(e->children[1]->type->id(), TypeId::kInt);  // the key is cast to the map's key type
  EXPECT_NE(errorOf([&] {
              call("element_at", {m, str("2")});
            }).find("MAP_FUNCTION_DIFF_TYPES"),
            std::string::npos);
}

TEST(CollectionFunctionsTest, DecodeCaseForm) {
  EXPECT_VALUE(
      eval1("decode", {i32(2), i32(1), str("Southlake"), i32(2), str("San Francisco"), i32(3),
                       str("New Jersey"), i32(4), str("Seattle"), str("Non domestic")}),
      S("San Francisco"));
  EXPECT_VALUE(eval1("decode", {i32(6), i32(1), str("Southlake"), i32(2), str("San Francisco"),
                                i32(3), str("New Jersey"), i32(4), str("Seattle")}),
               N());
  EXPECT_VALUE(
      eval1("decode", {i32(6), i32(1), str("Southlake"), i32(2), str("San Francisco"), i32(3),
                       str("New Jersey"), i32(4), str("Seattle"), str("Non domestic")}),
      S("Non domestic"));
  EXPECT_VALUE(eval1("decode", {nullOf(INT), i32(6), str("Spark"), nullOf(INT), str("SQL"), i32(4),
                                str("rocks")}),
               S("SQL"));
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

using namespace spate::testing;

// Argument coercion through real casts (expression/cast.h).
TEST(CollectionFunctionsTest, CoercesArguments) {
  EXPECT_VALUE(eval1("array", {i32(1), i64(2)}), A({L(1), L(2)}));
  EXPECT_VALUE(eval1("array", {i32(1), str("a")}), A({S("1"), S("a")}));
  auto ints = lit(A({L(1), L(2)}), DataType::array(DataType::integer()));
  EXPECT_VALUE(eval1("array_contains", {ints, i64(2)}), Value(true));
  EXPECT_VALUE(eval1("array_position", {ints, i64(2)}), L(2));
  auto m =
      lit(Value(ValueMap{{L(1), S("a")}}), DataType::map(DataType::integer(), DataType::string()));
  EXPECT_VALUE(eval1("element_at", {m, i64(1)}), S("a"));
  EXPECT_VALUE(eval1("__get_map_value", {m, str("1")}), S("a"));
  EXPECT_VALUE(eval1("concat", {ints, lit(A({L(3)}), DataType::array(DataType::longType()))}),
               A({L(1), L(2), L(3)}));
  EXPECT_VALUE(eval1("map", {i32(1), str("x"), i64(2), str("y")}),
               Value(ValueMap{{L(1), S("x")}, {L(2), S("y")}}));
}

TEST(StringFunctionsTest, CastsAtomicArgumentsToString) {
  EXPECT_VALUE(eval1("length", {i32(123)}), L(3));
  EXPECT_VALUE(eval1("concat", {str("a"), i32(1), boolean(true)}), S("a1true"));
  EXPECT_VALUE(eval1("upper", {lit(Value(1.5), DataType::doubleType())}), S("1.5"));
  EXPECT_VALUE(eval1("substring", {str("abc"), str("2")}), S("bc"));
  EXPECT_VALUE(eval1("hex", {lit(Value(1.9), DataType::doubleType())}), S("1"));
  EXPECT_VALUE(
      eval1("concat_ws", {str(","), lit(A({L(1), N()}), DataType::array(DataType::integer()))}),
      S("1"));
}

}  // namespace
}  // namespace spate
