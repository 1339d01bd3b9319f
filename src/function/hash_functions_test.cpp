// Spark's documented examples, plus values computed with a separate Java transcription of Spark's
// Murmur3_x86_32 / XXH64 conventions (they reproduce the documented examples), and digests from
// Python's hashlib/zlib.
#include <cmath>

#include "function/function_test_support.h"
#include "function/spark_hash.h"

namespace spate {
namespace {

using namespace spate::testing;

TEST(HashFunctionsTest, DocumentedExamples) {
  auto array123 = lit(A({L(123)}), DataType::array(DataType::integer()));
  EXPECT_VALUE(eval1("hash", {str("Spark"), array123, i32(2)}), L(-1321691492));
  EXPECT_VALUE(eval1("xxhash64", {str("Spark"), array123, i32(2)}), L(5602566077635097486LL));
  EXPECT_VALUE(eval1("md5", {str("Spark")}), S("8cde774d6f7333752ed72cacddb05126"));
  EXPECT_VALUE(eval1("sha1", {str("Spark")}), S("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"));
  EXPECT_VALUE(eval1("sha", {str("Spark")}), S("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"));
  EXPECT_VALUE(eval1("sha2", {str("Spark"), i32(256)}),
               S("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"));
  EXPECT_VALUE(eval1("crc32", {str("Spark")}), L(1557323817));
}

TEST(HashFunctionsTest, Murmur3PerType) {
  EXPECT_VALUE(eval1("hash", {str("Spark")}), L(228093765));
  EXPECT_VALUE(eval1("hash", {i32(1)}), L(-559580957));
  EXPECT_VALUE(eval1("hash", {i64(1)}), L(-1712319331));
  EXPECT_VALUE(eval1("hash", {boolean(true)}), L(-559580957));
  EXPECT_VALUE(eval1("hash", {str("")}), L(142593372));
  EXPECT_VALUE(eval1("hash", {str("é")}), L(2119106806));  // 2-byte tail, negative bytes
  EXPECT_VALUE(eval1("hash", {str("日本")}), L(-336983209));
  EXPECT_VALUE(eval1("hash", {str("The quick brown fox jumps over the lazy dog, 日本")}),
               L(-1304845871));
  EXPECT_VALUE(eval1("hash", {lit(Value(1.5), DataType::doubleType())}), L(1290763749));
  EXPECT_VALUE(eval1("hash", {lit(Value(-0.0), DataType::doubleType())}), L(-1670924195));
  EXPECT_VALUE(eval1("hash", {lit(Value(0.0), DataType::doubleType())}), L(-1670924195));
  EXPECT_VALUE(eval1("hash", {lit(Value(std::nan("")), DataType::doubleType())}), L(-1281358385));
  EXPECT_VALUE(eval1("hash", {lit(Value(1.5), DataType::floatType())}), L(-221251528));
  EXPECT_VALUE(eval1("hash", {lit(Value(Int128{123}), DataType::decimal(10, 2))}), L(-46242105));
  EXPECT_VALUE(eval1("hash", {lit(Value(Int128{123}), DataType::decimal(20, 2))}), L(-1536290115));
  EXPECT_VALUE(eval1("hash", {lit(Value(Int128{-129}), DataType::decimal(20, 2))}), L(-771458971));
  EXPECT_VALUE(eval1("hash", {nullOf(DataType::string())}), L(42));
  EXPECT_VALUE(eval1("hash", {nullOf(DataType::string()), i32(1)}), L(-559580957));
  // Structs and arrays chain their fields/elements; NULL elements are skipped.
  EXPECT_VALUE(eval1("hash", {i32(1), str("a")}), L(-936062819));
  EXPECT_VALUE(eval1("hash", {call("named_struct", {str("x"), i32(1), str("y"), str("a")})}),
               L(-936062819));
  EXPECT_VALUE(eval1("hash", {lit(A({L(1), N(), L(2)}), DataType::array(DataType::integer()))}),
               L(-222940379));
  EXPECT_VALUE(eval1("hash", {lit(Value(int64_t{1}), DataType::date())}), L(-559580957));
  EXPECT_VALUE(eval1("hash", {lit(Value(int64_t{1}), DataType::timestamp())}), L(-1712319331));
}

TEST(HashFunctionsTest, XxHash64PerType) {
  EXPECT_VALUE(eval1("xxhash64", {str("Spark")}), L(-4294468057691064905LL));
  EXPECT_VALUE(eval1("xxhash64", {i32(1)}), L(-6698625589789238999LL));
  EXPECT_VALUE(eval1("xxhash64", {i64(1)}), L(-7001672635703045582LL));
  EXPECT_VALUE(eval1("xxhash64", {str("The quick brown fox jumps over the lazy dog, 日本")}),
               L(-8767902142917461095LL));
  EXPECT_VALUE(eval1("xxhash64", {nullOf(DataType::integer())}), L(42));
}

TEST(HashFunctionsTest, ColumnsAndNulls) {
  Rows rows;
  auto s = rows.column(DataType::string(), {S("Spark"), N(), S("")});
  auto i = rows.column(DataType::integer(), {N(), L(1), N()});
  EXPECT_VALUES(rows.eval(call("hash", {s, i})), L(228093765), L(-559580957), L(142593372));
  EXPECT_FALSE(call("hash", {s})->nullable);
  EXPECT_VALUES(rows.eval(call("md5", {s})), S("8cde774d6f7333752ed72cacddb05126"), N(),
                S("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_VALUES(rows.eval(call("crc32", {s})), L(1557323817), N(), L(0));
}

TEST(HashFunctionsTest, Sha2Lengths) {
  EXPECT_VALUE(eval1("sha2", {str("Spark"), i32(0)}),
               S("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"));
  std::string sha224 = eval1("sha2", {str("Spark"), i32(224)}).asString();
  EXPECT_EQ(sha224.substr(0, 16), "dbeab94971678d36");
  EXPECT_EQ(sha224.size(), 56u);
  EXPECT_EQ(eval1("sha2", {str("Spark"), i32(384)}).asString().substr(0, 16), "1e40b8d06c248a1c");
  EXPECT_EQ(eval1("sha2", {str(""), i32(512)}).asString().substr(0, 16), "cf83e1357eefb8bd");
  EXPECT_VALUE(eval1("sha2", {str("Spark"), i32(1)}), N());
  EXPECT_VALUE(eval1("sha2", {nullOf(DataType::string()), i32(256)}), N());
  EXPECT_VALUE(eval1("md5", {str("日本")}), S("4dbed2e657457884e67137d3514119b3"));
}

TEST(HashFunctionsTest, Errors) {
  EXPECT_NE(errorOf([] { call("hash", {}); }).find("The `hash` requires > 0 parameters"),
            std::string::npos);
  auto m = lit(Value(ValueMap{}), DataType::map(DataType::integer(), DataType::integer()));
  EXPECT_NE(errorOf([&] { call("hash", {m}); }).find("HASH_MAP_TYPE"), std::string::npos);
  EXPECT_NE(errorOf([] { call("md5", {i32(1)}); }).find("UNEXPECTED_INPUT_TYPE"),
            std::string::npos);
}

TEST(HashFunctionsTest, ColumnHashingMatchesScalarPrimitives) {
  auto column = makeColumn(DataType::longType(), {L(1), N(), L(-5)});
  int32_t hashes[3] = {42, 42, 7};
  spark_hash::murmur3Column(*column, hashes);
  EXPECT_EQ(hashes[0], -1712319331);
  EXPECT_EQ(hashes[1], 42);
  EXPECT_EQ(hashes[2], spark_hash::murmur3Long(-5, 7));
}

}  // namespace
}  // namespace spate
