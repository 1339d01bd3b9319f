#include "vector/json_schema_inference.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "vector/json_text.h"

namespace spate {
namespace {

std::string infer(const std::vector<std::string>& records, JsonOptions options = {}) {
  JsonSchemaInference inference(options);
  for (const auto& r : records) {
    std::string padded = r + std::string(kJsonPadding, ' ');
    inference.addRecord(padded.data(), r.size());
  }
  return inference.schema()->simpleString();
}

TEST(JsonSchemaInferenceTest, PrimitivesAndWidening) {
  EXPECT_EQ(infer({R"({"a":1})"}), "struct<a:bigint>");
  EXPECT_EQ(infer({R"({"a":1})", R"({"a":2.5})"}), "struct<a:double>");
  EXPECT_EQ(infer({R"({"a":1})", R"({"a":"x"})"}), "struct<a:string>");
  EXPECT_EQ(infer({R"({"a":true})", R"({"a":1})"}), "struct<a:string>");
  EXPECT_EQ(infer({R"({"a":true})", R"({"a":false})"}), "struct<a:boolean>");
  EXPECT_EQ(infer({R"({"a":null})", R"({"a":""})"}), "struct<a:string>");
  EXPECT_EQ(infer({R"({"a":null})", R"({"a":3})"}), "struct<a:bigint>");
  EXPECT_EQ(infer({R"({"a":""})", R"({"a":3})"}), "struct<a:bigint>");
  EXPECT_EQ(infer({R"({"a":12345678901234567890})"}), "struct<a:decimal(20,0)>");
  EXPECT_EQ(infer({R"({"a":12345678901234567890})", R"({"a":1})"}), "struct<a:decimal(20,0)>");
  EXPECT_EQ(infer({R"({"a":12345678901234567890})", R"({"a":1.5})"}), "struct<a:double>");
  EXPECT_EQ(infer({R"({"a":123456789012345678901234567890123456789})"}), "struct<a:double>");
  EXPECT_EQ(infer({R"({"a":1})", R"({"a":{"x":1}})"}), "struct<a:string>");
  EXPECT_EQ(infer({R"({"a":[1]})", R"({"a":{"x":1}})"}), "struct<a:string>");
}

TEST(JsonSchemaInferenceTest, StructsAndArrays) {
  EXPECT_EQ(infer({R"({"b":1,"a":{"y":true,"x":"s"}})", R"({"c":[1,2.0],"a":{"z":null}})"}),
            "struct<a:struct<x:string,y:boolean,z:string>,b:bigint,c:array<double>>");
  EXPECT_EQ(infer({R"({"a":[]})"}), "struct<a:array<string>>");
  EXPECT_EQ(infer({R"({"a":[]})", R"({"a":[1]})"}), "struct<a:array<bigint>>");
  EXPECT_EQ(infer({R"({"a":[[1],[null]]})"}), "struct<a:array<array<bigint>>>");
  EXPECT_EQ(infer({R"({"a":[{"x":1},{"y":2}]})"}), "struct<a:array<struct<x:bigint,y:bigint>>>");
  // Empty structs disappear; so does a struct whose fields all disappear.
  EXPECT_EQ(infer({R"({"a":{},"b":1})"}), "struct<b:bigint>");
  EXPECT_EQ(infer({R"({"a":[{}],"b":1})"}), "struct<b:bigint>");
  EXPECT_EQ(infer({R"({"":1,"b":1})"}), "struct<b:bigint>");
  EXPECT_EQ(infer({}), "struct<>");
  EXPECT_EQ(infer({"   ", ""}), "struct<>");
}

TEST(JsonSchemaInferenceTest, FieldOrderIsJavaStringOrder) {
  EXPECT_EQ(infer({R"({"b":1,"_":1,"B":1,"a":1,"$schema":1,"é":1})"}),
            "struct<$schema:bigint,B:bigint,_:bigint,a:bigint,b:bigint,é:bigint>");
  EXPECT_LT(compareJavaStrings("\U0001F600", "\uFFFF"), 0);  // surrogates sort below U+FFFF
  EXPECT_LT(compareJavaStrings("a", "ab"), 0);
  EXPECT_EQ(compareJavaStrings("x", "x"), 0);
}

TEST(JsonSchemaInferenceTest, TopLevelArraysAndPrimitives) {
  EXPECT_EQ(infer({R"([{"a":1},{"b":"x"}])", R"({"c":true})"}),
            "struct<a:bigint,b:string,c:boolean>");
  EXPECT_EQ(infer({"[[{\"a\":1}]]"}), "struct<a:bigint>");
  EXPECT_EQ(infer({R"({"a":1})", "5"}), "struct<_corrupt_record:string,a:bigint>");
  EXPECT_EQ(infer({"null", R"({"a":1})"}), "struct<a:bigint>");
  EXPECT_EQ(infer({R"({"a":1})", R"([{"b":1}, 2])"}), "struct<_corrupt_record:string,a:bigint>");
}

TEST(JsonSchemaInferenceTest, MalformedRecordsByMode) {
  EXPECT_EQ(infer({R"({"a":1})", R"({"b":)", R"({"c" 1})"}),
            "struct<_corrupt_record:string,a:bigint>");
  // A malformed record contributes nothing else, not even the fields read before the error.
  EXPECT_EQ(infer({R"({"z":1,"b":)"}), "struct<_corrupt_record:string>");
  JsonOptions named;
  named.columnNameOfCorruptRecord = "bad";
  EXPECT_EQ(infer({R"({"a":1})", "{"}, named), "struct<a:bigint,bad:string>");
  JsonOptions drop;
  drop.mode = JsonParseMode::kDropMalformed;
  EXPECT_EQ(infer({R"({"a":1})", "{", "7"}, drop), "struct<a:bigint>");
  JsonOptions failFast;
  failFast.mode = JsonParseMode::kFailFast;
  EXPECT_THROW(infer({R"({"a":1})", "{"}, failFast), ExecutionException);
  try {
    infer({R"({"a":1})", "7"}, failFast);
    FAIL();
  } catch (const ExecutionException& e) {
    EXPECT_NE(std::string(e.what()).find("Struct types are expected, but `bigint` was found."),
              std::string::npos);
  }
  // Trailing text after the value is ignored, as Jackson stops there.
  EXPECT_EQ(infer({R"({"a":1} trailing)"}), "struct<a:bigint>");
}

TEST(JsonSchemaInferenceTest, Options) {
  JsonOptions strings;
  strings.primitivesAsString = true;
  EXPECT_EQ(infer({R"({"a":1,"b":true,"c":1.5,"d":{"e":2}})"}, strings),
            "struct<a:string,b:string,c:string,d:struct<e:string>>");
  JsonOptions decimals;
  decimals.prefersDecimal = true;
  EXPECT_EQ(infer({R"({"a":1.5,"b":"2.25","c":"x","d":1})"}, decimals),
            "struct<a:decimal(2,1),b:decimal(3,2),c:string,d:bigint>");
  EXPECT_EQ(infer({R"({"a":1.5})", R"({"a":10.25})"}, decimals), "struct<a:decimal(4,2)>");
  EXPECT_EQ(infer({R"({"a":1.5})", R"({"a":1})"}, decimals), "struct<a:decimal(21,1)>");
  JsonOptions dropNull;
  dropNull.dropFieldIfAllNull = true;
  EXPECT_EQ(infer({R"({"a":null,"b":[],"c":{"d":null},"e":1})"}, dropNull), "struct<e:bigint>");
}

TEST(JsonSchemaInferenceTest, ValueTypeAndSql) {
  JsonOptions o;
  EXPECT_EQ(inferJsonValueType(R"({"a":1,"b c":[{"x":null}]})", o)->sql(),
            "STRUCT<a: BIGINT, `b c`: ARRAY<STRUCT<x: STRING>>>");
  EXPECT_EQ(inferJsonValueType("[1, 2]", o)->sql(), "ARRAY<BIGINT>");
  EXPECT_EQ(inferJsonValueType("  ", o)->sql(), "STRING");
  EXPECT_EQ(parseDataType("map<string, array<int>>")->sql(), "MAP<STRING, ARRAY<INT>>");
  EXPECT_EQ(parseDdlSchema("`a``b` INT, `x.y` INT")->sql(),
            "STRUCT<`a``b`: INT, `x.y`: INT>");
  EXPECT_THROW(inferJsonValueType("[1,", o), ExecutionException);
}

}  // namespace
}  // namespace spate
